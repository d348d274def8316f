from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from surveys.models import DEFAULT_QUESTION, is_default_question
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
    """The survey's settings, with the question once for each answer language.

    The question fields are those of the languages chosen (as posted, or as the survey
    has them): a language added here gets its field on the next showing, and until it is
    written its respondents read the first language's question.
    """

    # The single question of earlier versions of this form, still taken as the first
    # language's question when no question of a language is posted.
    question = PlainTextField(max_length=300, required=False, widget=forms.HiddenInput)
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(ANSWER_LANGUAGES)
        if self.is_bound:
            posted = self.data.getlist("languages") if hasattr(self.data, "getlist") else []
            codes = [*posted, *(c for c in names if f"question_{c}" in self.data)]
        else:
            codes = list(self.initial.get("languages") or [])
        self.question_languages = [code for code in dict.fromkeys(codes) if code in names]
        questions = {}
        for index, code in enumerate(self.question_languages):
            name = f"question_{code}"
            questions[name] = PlainTextField(
                label=_("Question in %(language)s") % {"language": names[code]},
                max_length=300,
                required=False,
                help_text=None
                if index == 0
                else _("Leave it empty to show the question in the first language."),
            )
        # The questions come first, as the single question did.
        self.fields = {**questions, **self.fields}

    def clean_closes_at(self):
        closes_at = self.cleaned_data.get("closes_at")
        if closes_at is not None and closes_at <= timezone.now():
            # A time already past would close an open survey the moment it is saved.
            raise forms.ValidationError(
                _("That time has passed: choose a later one, or leave it empty.")
            )
        return closes_at

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("languages") or self.question_languages
        written = {
            code: text
            for code in self.question_languages
            if (text := cleaned.pop(f"question_{code}", "").strip())
        }
        legacy = cleaned.pop("question", "").strip()
        if legacy and chosen and not written:
            written[chosen[0]] = legacy
        first = next((written[code] for code in chosen if code in written), "")
        if not first:
            if chosen:  # without a language, the languages field says what is missing
                field = f"question_{chosen[0]}"
                self.add_error(field if field in self.fields else None, _("Write the question."))
            return cleaned
        # A default question left beside a question of the facilitator's own is the old
        # default, not a translation: its readers get the first language's question.
        if not is_default_question(first):
            written = {
                code: text for code, text in written.items() if not is_default_question(text)
            }
            written.setdefault(chosen[0], first)
        cleaned["question"] = first
        cleaned["questions"] = {code: written[code] for code in chosen if code in written}
        return cleaned


def question_initial(survey) -> dict[str, str]:
    """The question fields' initial values: what was written for each language, the
    default question translated where it is the default, empty where it falls back."""
    initial = {}
    is_default = is_default_question(survey.question)
    for code in survey.language_list:
        text = survey.questions.get(code, "")
        if is_default and (not text or is_default_question(text)):
            with translation.override(code):
                text = str(DEFAULT_QUESTION)
        elif not text and code == survey.language_list[0]:
            text = survey.question
        initial[f"question_{code}"] = text
    return initial


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
