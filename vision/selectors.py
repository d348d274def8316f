"""Reads of stage 6: the drafts with their check, and the material to draw them from.

The check (vision/check.py) runs at render for a saved draft and on every pause in typing
for an unsaved one (`vision.views.vision_check`); it reads the workshop's final values and
the word cloud's top words, so a draft that echoes them says so.
"""

import re
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from surveys import word_cloud
from surveys.models import Survey
from values.selectors import final_values
from values.starter import in_reader_language
from vision.check import MEETS, Reason, check_vision
from vision.forms import DraftForm
from vision.models import VisionDraft
from workshops.models import ContextQuestion, Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

TOP_WORDS = 10
CRITERION_LABELS = {
    "simple": gettext_lazy("Simple to understand and act on"),
    "service": gettext_lazy("Describes the service customers get"),
    "aspiration": gettext_lazy("Who we are now and who we aspire to be"),
}


@dataclass(frozen=True)
class Material:
    """What a draft can draw from: stages 1, 3 and 5 of the same workshop."""

    values: list[str] = field(default_factory=list)
    top_words: list[str] = field(default_factory=list)
    context: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)


def statement_language() -> str:
    """The language drafts are read in: the reader's ("ro" or "en"), as the page is."""
    return "ro" if (get_language() or "").lower().startswith("ro") else "en"


def vision_material(workshop: Workshop) -> Material:
    values = [in_reader_language(candidate.name) for candidate in final_values(workshop)]
    survey = Survey.objects.filter(workshop=workshop).first()
    words = [w.text for w in word_cloud.cloud_view(survey).words[:TOP_WORDS]] if survey else []
    answers = {a.key: a for a in workshop.context_answers.all()}
    context = [
        (answers[key].question, answers[key].text)
        for key in ContextQuestion.values
        if key in answers and answers[key].text.strip()
    ]
    return Material(values=values, top_words=words, context=context)


def _pieces(reason: Reason) -> list[tuple[str, bool]]:
    """The reason's text in pieces, (text, marked): the statement's words it names, as
    quoted in it, are marked, for the page to highlight (the template escapes each)."""
    quoted = [_("“%(word)s”") % {"word": word} for word in dict.fromkeys(reason.words)]
    if not quoted:
        return [(reason.text, False)]
    pattern = re.compile("(" + "|".join(re.escape(q) for q in quoted) + ")")
    return [(piece, n % 2 == 1) for n, piece in enumerate(pattern.split(reason.text)) if piece]


def check_panel(text: str, material: Material, language: str | None = None) -> list[dict]:
    """The check of one statement as the page shows it: each criterion, its status and
    its reasons (highlighted text, why, whether it is a strength)."""
    result = check_vision(
        text,
        language=language or statement_language(),
        values=material.values,
        top_words=material.top_words,
    )
    return [
        {
            "key": criterion.key,
            "label": CRITERION_LABELS[criterion.key],
            "meets": criterion.status == MEETS,
            "reasons": [
                {"pieces": _pieces(r), "why": r.why, "positive": r.positive, "kind": r.kind}
                for r in criterion.reasons
            ],
        }
        for criterion in result.criteria
    ]


def _and(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def starter_drafts(material: Material) -> list[str]:
    """Up to three suggestions for a blank page, set from the final values and the top
    words of the survey into simple sentence patterns, in the reader's language."""
    values = [v.lower() for v in material.values]
    starters = []
    if values:
        starters.append(
            _("We treat every customer with %(values)s.") % {"values": _and(values[:2])}
        )
    if material.top_words:
        starters.append(
            _("When customers think of us, they think: %(words)s.")
            % {"words": ", ".join(material.top_words[:3])}
        )
    if len(values) > 2 or (values and not material.top_words):
        starters.append(
            _("Every customer leaves better off, thanks to our %(values)s.")
            % {"values": _and(values)}
        )
    elif values and material.top_words:
        starter = _("%(word)s help for every customer, with %(value)s.") % {
            "word": material.top_words[0],
            "value": values[-1],
        }
        starters.append(starter[:1].upper() + starter[1:])
    return starters


def vision_panel(workshop: Workshop, user, can_facilitate: bool, *, form=None, highlight=None):
    material = vision_material(workshop)
    language = statement_language()
    drafts = list(workshop.vision_drafts.select_related("author", "updated_by"))
    for draft in drafts:
        # Authors change their own drafts; facilitators any.
        draft.editable = can_facilitate or draft.author_id == user.pk
        draft.checked = check_panel(draft.text, material, language)
    return {
        "drafts": drafts,
        "material": material,
        "starters": starter_drafts(material),
        "draft_form": form,
        "highlight": highlight,
        "max_length": VisionDraft.MAX_LENGTH,
    }


def vision_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    form = outcome.form if isinstance(outcome.form, DraftForm) else None
    panel = vision_panel(
        access.workshop,
        request.user,
        access.can_facilitate,
        form=form,
        highlight=outcome.highlight,
    )
    return panel | {"vision_notice": outcome.notice or None}
