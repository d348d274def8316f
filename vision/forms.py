from django import forms

from vision.models import VisionDraft
from workshops.forms import PlainTextField


class DraftForm(forms.Form):
    """A new draft, empty or with its first words (a starter's, or typed)."""

    text = PlainTextField(max_length=VisionDraft.MAX_LENGTH, required=False, widget=forms.Textarea)


class CheckForm(forms.Form):
    """The text to check while someone types, and which check on the page it is for."""

    text = PlainTextField(max_length=VisionDraft.MAX_LENGTH, required=False)
    check = forms.RegexField(regex=r"^(new|draft-[0-9]{1,12})$")
