"""What the workshop screens show of stages 4 and 5."""

from django.db.models import Prefetch

from surveys import clouds
from surveys.models import Survey
from values import services
from values.forms import CandidateForm
from values.models import Source
from values.starter import STARTER_VALUES
from workshops.models import Workshop

CLOUD_WORDS_OFFERED = 30


def brainstorm_panel(
    workshop: Workshop,
    user,
    can_facilitate: bool,
    *,
    notice: str | None = None,
    highlight=None,
    form=None,
) -> dict:
    value_set = services.value_set_for(workshop)
    candidates = list(
        workshop.candidates.select_related("created_by").prefetch_related(
            Prefetch("sources", queryset=Source.objects.select_related("added_by"))
        )
    )
    for candidate in candidates:
        # Facilitators change any value; participants the ones they added.
        candidate.editable = can_facilitate or candidate.created_by_id == user.pk
    languages = services.languages_of(workshop)
    taken = {c.key for c in candidates}
    starters = [
        (key, name)
        for key, (name, _description) in STARTER_VALUES.items()
        if services.value_key(str(name), languages) not in taken
    ]
    return {
        "value_set": value_set,
        "candidates": candidates,
        "starters": starters,
        "cloud_words": _cloud_words(workshop, taken, languages),
        "values_notice": notice,
        "candidate_form": form or CandidateForm(),
        "highlight": highlight,
    }


def _cloud_words(workshop: Workshop, taken: set[str], languages) -> list:
    survey = Survey.objects.filter(workshop=workshop).first()
    if survey is None:
        return []
    words = clouds.cloud_view(survey).words
    offered = [w for w in words if services.value_key(w.text, languages) not in taken]
    return offered[:CLOUD_WORDS_OFFERED]
