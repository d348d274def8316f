from django import forms
from django.utils.translation import gettext_lazy as _

from vision.models import (
    Criterion,
    DraftRating,
    GutCheckReaction,
    GutReaction,
    JourneyStep,
    Verdict,
    VisionDraft,
)
from workshops.forms import PlainTextField


class DraftForm(forms.Form):
    """A new draft with its first words (a starter's, or typed): an empty one is refused,
    it would only be a blank card on everyone's screen."""

    text = PlainTextField(
        max_length=VisionDraft.MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"required": _("Write a few words first: a draft can be rough.")},
    )


class CheckForm(forms.Form):
    """The text to check while someone types, and which check on the page it is for."""

    text = PlainTextField(max_length=VisionDraft.MAX_LENGTH, required=False)
    check = forms.RegexField(regex=r"^(new|draft-[0-9]{1,12})$")


class RateForm(forms.Form):
    """One person's ratings of one draft: per criterion a verdict ("" clears it) and an
    optional comment (fields verdict_<criterion>, comment_<criterion>)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in Criterion.values:
            self.fields[f"verdict_{key}"] = forms.ChoiceField(
                choices=[("", "")] + Verdict.choices, required=False
            )
            self.fields[f"comment_{key}"] = PlainTextField(
                max_length=DraftRating.COMMENT_MAX_LENGTH, required=False
            )

    def ratings(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {key: (data[f"verdict_{key}"], data[f"comment_{key}"]) for key in Criterion.values}


class PickForm(forms.Form):
    """Why the team picks a draft the check still questions (needed only then)."""

    REASON_MAX_LENGTH = 500

    reason = PlainTextField(max_length=REASON_MAX_LENGTH, required=False, widget=forms.Textarea)


class JourneyForm(forms.Form):
    """One person's walk of one draft through the customer's journey: per step, does it
    tell an employee what to do there, "yes" or "no" ("" clears it; fields tells_<step>)."""

    ANSWERS = [("", ""), ("yes", "yes"), ("no", "no")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in JourneyStep.values:
            self.fields[f"tells_{key}"] = forms.ChoiceField(choices=self.ANSWERS, required=False)

    def answers(self) -> dict[str, bool | None]:
        """step -> True (yes), False (no) or None (cleared)."""
        data = self.cleaned_data
        return {
            key: {"yes": True, "no": False}.get(data[f"tells_{key}"]) for key in JourneyStep.values
        }


class GutCheckForm(forms.Form):
    """A stakeholder's reaction to one shortlisted draft, and an optional comment."""

    draft = forms.IntegerField(min_value=1, max_value=10**12)
    reaction = forms.ChoiceField(
        choices=GutReaction.choices,
        error_messages={"required": _("Choose “Works for me” or “Does not land”.")},
    )
    comment = PlainTextField(max_length=GutCheckReaction.COMMENT_MAX_LENGTH, required=False)
