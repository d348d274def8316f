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
    cloud_word = PlainTextField(label=_("Word"), max_length=_NAME, required=False)

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
    # The value's version the form was made from (absent: save over whatever is there).
    version = forms.IntegerField(min_value=0, required=False)


class CandidateMergeForm(forms.Form):
    source = forms.IntegerField(label=_("Merge"))
    target = forms.IntegerField(label=_("into"))


class BrainstormForm(forms.Form):
    action = forms.ChoiceField(choices=[("end", "end"), ("reopen", "reopen")])


class RoundForm(forms.Form):
    budget = forms.IntegerField(label=_("Dots per person"), min_value=1, max_value=50)
    cap = forms.IntegerField(
        label=_("Most dots one person may put on one value"), min_value=1, max_value=10
    )
    results_live = forms.BooleanField(
        label=_("Show the results while people vote (otherwise hidden until you reveal them)"),
        required=False,
    )


class DotForm(forms.Form):
    """One click: the button pressed names the entry, as `add` or as `remove`."""

    add = forms.IntegerField(required=False)
    remove = forms.IntegerField(required=False)

    def clean(self):
        data = super().clean()
        if (data.get("add") is None) == (data.get("remove") is None):
            raise forms.ValidationError(_("Choose one value to add a dot to or take one from."))
        return data


class RoundActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("close", "close"), ("reveal", "reveal")])


class NarrowForm(RoundForm):
    """After a reveal: the checked entries go to the next round, or become the final set."""

    entries = forms.TypedMultipleChoiceField(coerce=int, required=False)
    finalise = forms.BooleanField(required=False)

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(pk, pk) for pk in entry_ids]
        if self.data.get("finalise"):
            # Finalising needs no budget for a next round.
            for name in ("budget", "cap"):
                self.fields[name].required = False


class FinalForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("name", "name"), ("up", "up"), ("down", "down"), ("undo", "undo")]
    )
    name = PlainTextField(label=_("Name of the set (optional)"), max_length=60, required=False)
    candidate = forms.IntegerField(required=False)
