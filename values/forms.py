from django import forms
from django.utils.translation import gettext_lazy as _

from values.models import Candidate, SourceKind
from values.starter import STARTER_VALUES
from workshops.forms import PlainTextField

_NAME = Candidate._meta.get_field("name").max_length
_DESCRIPTION = Candidate._meta.get_field("description").max_length


class CandidateForm(forms.Form):
    """A value typed by someone, or picked with one click from the starter list or the cloud."""

    name = PlainTextField(label=_("Value"), max_length=_NAME, required=False)
    description = PlainTextField(
        label=_("What it means (optional)"), max_length=_DESCRIPTION, required=False
    )
    statement = PlainTextField(
        label=_("The statement it came from (optional)"),
        help_text=_("e.g. “we want customers to believe what we tell them is true” → Honesty"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starter = forms.ChoiceField(choices=[(key, key) for key in STARTER_VALUES], required=False)
    cloud_word = PlainTextField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("name") or data.get("starter") or data.get("cloud_word")):
            self.add_error("name", _("Name the value you propose."))
        return data

    def proposal(self) -> dict:
        """The candidate to add and its source, as `services.candidate_add` takes them."""
        data = self.cleaned_data
        if data.get("starter"):
            name, description = STARTER_VALUES[data["starter"]]
            return {
                "name": str(name),
                "description": str(description),
                "source": SourceKind.STARTER,
                "source_text": data["starter"],
            }
        if data.get("cloud_word"):
            word = data["cloud_word"].strip()
            return {
                "name": word[:1].upper() + word[1:],
                "source": SourceKind.CLOUD,
                "source_text": word,
            }
        return {
            "name": data["name"],
            "description": data.get("description", ""),
            "source": SourceKind.TYPED,
            "source_text": data.get("statement", ""),
        }


class CandidateEditForm(forms.Form):
    name = PlainTextField(label=_("Value"), max_length=_NAME)
    description = PlainTextField(
        label=_("What it means (optional)"), max_length=_DESCRIPTION, required=False
    )


class CandidateMergeForm(forms.Form):
    source = forms.IntegerField(label=_("Merge"))
    target = forms.IntegerField(label=_("into"))


class BrainstormForm(forms.Form):
    action = forms.ChoiceField(choices=[("end", "end"), ("reopen", "reopen")])
