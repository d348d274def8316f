from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import ExportFormat, Interpretation
from workshops.forms import PlainTextField


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=ExportFormat.choices,
        error_messages={"invalid_choice": _("There is no such export format.")},
    )


class InterpretationForm(forms.Form):
    """An employee's answer to "What does this value mean to you?" on the share page."""

    value = forms.IntegerField(
        error_messages={"required": _("Choose a value."), "invalid": _("Choose a value.")}
    )
    text = PlainTextField(
        max_length=Interpretation.MAX_LENGTH,
        error_messages={
            "required": _("Please write what this value means to you."),
            "max_length": _(
                "Please keep your answer to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
