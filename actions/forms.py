from django import forms
from django.utils.translation import gettext_lazy as _

from actions.metrics import CATALOGUE, CUSTOM
from actions.models import ActionStatement, Question, QuestionAnswer, ValueMetric
from workshops.forms import PlainTextField


class AnswerForm(forms.Form):
    """A new answer to one of the five questions about a value."""

    question = forms.ChoiceField(choices=Question.choices)
    text = PlainTextField(
        max_length=QuestionAnswer.MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": _("Write your answer first.")},
    )


class MetricForm(forms.Form):
    """A key metric for a value: one of the catalogue's, or a custom one the team names,
    with an optional target and how it will be measured."""

    metric = forms.ChoiceField(
        choices=[(key, key) for key in CATALOGUE] + [(CUSTOM, CUSTOM)],
        error_messages={"required": _("Choose a metric.")},
    )
    custom_name = PlainTextField(max_length=ValueMetric.NAME_MAX_LENGTH, required=False)
    target = PlainTextField(max_length=ValueMetric.TARGET_MAX_LENGTH, required=False)
    measured_by = PlainTextField(max_length=ValueMetric.MEASURED_BY_MAX_LENGTH, required=False)

    def clean(self):
        data = super().clean()
        if data.get("metric") == CUSTOM and not " ".join(data.get("custom_name", "").split()):
            self.add_error("custom_name", _("Name the custom metric."))
        return data


class CheckForm(forms.Form):
    """The action statement being typed, and which value's check on the page it is for."""

    text = PlainTextField(max_length=ActionStatement.MAX_LENGTH, required=False)
    check = forms.RegexField(regex=r"^action-[0-9]{1,12}$")
