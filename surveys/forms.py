from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from workshops.forms import PlainTextField

# Languages the answers may come in; the word cloud knows their common words.
ANSWER_LANGUAGES = [
    ("en", _("English")),
    ("ro", _("Romanian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("hu", _("Hungarian")),
]


class AnswerForm(forms.Form):
    text = PlainTextField(
        label="",
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"required": _("Please write your answer before sending.")},
    )

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.max_length = max_length
        field.widget.attrs["maxlength"] = max_length
        field.validators.append(
            MaxLengthValidator(
                max_length,
                message=_(
                    "Please keep your answer to %(limit_value)d characters at most "
                    "(it has %(show_value)d)."
                ),
            )
        )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not any(character.isalnum() for character in text):
            raise forms.ValidationError(
                _("Please write a few words, not only punctuation."), code="no_words"
            )
        return text


class SurveySettingsForm(forms.Form):
    question = PlainTextField(label=_("Question"), max_length=300)
    languages = forms.MultipleChoiceField(
        label=_("Answers are expected in"),
        choices=ANSWER_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    max_answer_length = forms.IntegerField(
        label=_("Maximum answer length (characters)"), min_value=20, max_value=1000
    )
    closes_at = forms.DateTimeField(
        label=_("Close automatically at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    hold_offensive = forms.BooleanField(
        label=_("Hold new answers with swear words or slurs until I approve them"),
        help_text=_("Word lists for every language above; held answers stay out of the cloud."),
        required=False,
    )


class SurveyActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("open", "open"), ("close", "close"), ("new_link", "new"), ("recount", "recount")]
    )


class WordHideForm(forms.Form):
    key = PlainTextField(max_length=200)


class WordMergeForm(forms.Form):
    key = PlainTextField(
        label=_("Merge"),
        max_length=200,
        error_messages={"required": _("Choose the word to merge.")},
    )
    into_key = PlainTextField(
        label=_("into"),
        max_length=200,
        error_messages={"required": _("Choose the word to merge it into.")},
    )
