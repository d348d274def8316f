"""Reads of stage 6: the drafts with their check, and the material to draw them from.

The check (vision/check.py) runs at render for a saved draft and on every pause in typing
for an unsaved one (`vision.views.vision_check`); it reads the workshop's final values and
the word cloud's top words, so a draft that echoes them says so.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from surveys import word_cloud
from surveys.models import Survey
from values.selectors import final_values
from values.starter import in_reader_language
from vision.check import MEETS, Reason, check_vision, statement_language
from vision.forms import DraftForm, JourneyForm, PickForm, RateForm
from vision.models import (
    Criterion,
    DraftRating,
    GutCheckLink,
    GutReaction,
    JourneyAnswer,
    JourneyStep,
    Verdict,
    VisionDraft,
    VisionStatement,
)
from workshops.models import ContextQuestion, Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

TOP_WORDS = 10
CRITERION_LABELS = dict(Criterion.choices)


@dataclass(frozen=True)
class Material:
    """What a draft can draw from: stages 1, 3 and 5 of the same workshop."""

    values: list[str] = field(default_factory=list)
    top_words: list[str] = field(default_factory=list)
    context: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)


def reader_language() -> str:
    """The reader's language ("ro" or "en"), as the page is: the check's default when a
    draft's words do not tell which language it is written in."""
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


def reason_pieces(reason: Reason) -> list[tuple[str, bool]]:
    """The reason's text in pieces, (text, marked): the statement's words it names, as
    quoted in it, are marked, for the page to highlight (the template escapes each)."""
    quoted = [_("“%(word)s”") % {"word": word} for word in dict.fromkeys(reason.words)]
    if not quoted:
        return [(reason.text, False)]
    pattern = re.compile("(" + "|".join(re.escape(q) for q in quoted) + ")")
    return [(piece, n % 2 == 1) for n, piece in enumerate(pattern.split(reason.text)) if piece]


def check_panel(
    text: str,
    material: Material,
    language: str | None = None,
    *,
    promises_confirmed: bool = False,
) -> list[dict]:
    """The check of one statement as the page shows it: each criterion, its status and
    its reasons (highlighted text, why, whether it is a strength)."""
    result = check_vision(
        text,
        # Each draft in the language it is written in (a Romanian draft on an English page).
        language=statement_language(text, language or reader_language()),
        values=material.values,
        top_words=material.top_words,
        promises_confirmed=promises_confirmed,
    )
    return [
        {
            "key": criterion.key,
            "label": CRITERION_LABELS[criterion.key],
            "meets": criterion.status == MEETS,
            "reasons": [
                {"pieces": reason_pieces(r), "why": r.why, "positive": r.positive, "kind": r.kind}
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


def _my_ratings(draft: VisionDraft, user, form: RateForm | None) -> list[dict]:
    """The rating form's rows for this person: each criterion with their verdict and
    comment (as typed, when the form was just refused)."""
    mine = {r.criterion: r for r in draft.ratings.all() if r.rater_id == user.pk}
    rows = []
    for key, label in Criterion.choices:
        if form is not None:
            verdict = form.data.get(f"verdict_{key}", "")
            comment = form.data.get(f"comment_{key}", "")
        else:
            verdict = mine[key].verdict if key in mine else ""
            comment = mine[key].comment if key in mine else ""
        rows.append({"key": key, "label": label, "verdict": verdict, "comment": comment})
    return rows


def _team_ratings(draft: VisionDraft) -> dict[str, dict]:
    """Per criterion: how many said it meets, how many needs work, and the comments
    (who, verdict, comment)."""
    team = {key: {"meets": 0, "needs_work": 0, "comments": []} for key in Criterion.values}
    for rating in draft.ratings.all():
        entry = team[rating.criterion]
        entry["meets" if rating.verdict == Verdict.MEETS else "needs_work"] += 1
        if rating.comment:
            entry["comments"].append(
                {
                    "name": str(rating.rater),
                    "meets": rating.verdict == Verdict.MEETS,
                    "text": rating.comment,
                }
            )
    return team


def _my_journey(draft: VisionDraft, user, form: JourneyForm | None) -> list[dict]:
    """The journey form's rows for this person: each step with their answer, "yes", "no"
    or "" (as sent, when the form was just refused)."""
    mine = {a.step: a.tells for a in draft.journey.all() if a.rater_id == user.pk}
    rows = []
    for key, label in JourneyStep.choices:
        if form is not None:
            answer = form.data.get(f"tells_{key}", "")
        else:
            answer = {True: "yes", False: "no"}.get(mine.get(key), "")
        rows.append({"key": key, "label": label, "answer": answer})
    return rows


def _team_journey(draft: VisionDraft) -> list[dict]:
    """Per step of the customer's journey, in order: how many said the draft tells an
    employee what to do there, and how many said it does not."""
    tally = {key: {"yes": 0, "no": 0} for key in JourneyStep.values}
    for answer in draft.journey.all():
        tally[answer.step]["yes" if answer.tells else "no"] += 1
    return [{"key": key, "label": label} | tally[key] for key, label in JourneyStep.choices]


def _stakeholders(draft: VisionDraft) -> dict:
    """The gut check's reactions to a draft: how many said it works for them, how many
    that it does not land, and their comments (anonymous: no name to show)."""
    works = [r for r in draft.gut_reactions.all() if r.reaction == GutReaction.WORKS]
    return {
        "works": len(works),
        "does_not_land": len(draft.gut_reactions.all()) - len(works),
        "comments": [
            {"works": r.reaction == GutReaction.WORKS, "text": r.comment}
            for r in draft.gut_reactions.all()
            if r.comment
        ],
    }


def gut_check_drafts(workshop: Workshop) -> list[VisionDraft]:
    """The shortlisted drafts the public gut check shows, texts only (no authors)."""
    return list(workshop.vision_drafts.filter(shortlisted=True).exclude(text=""))


def gut_check_panel(request: HttpRequest, workshop: Workshop) -> dict:
    """The facilitator's sharing of the shortlist: the link in use (absolute), if any, and
    whether the workshop ever shared it (then the compare table counts the reactions)."""
    links = list(GutCheckLink.objects.filter(workshop=workshop))
    active = next((link for link in links if link.revoked_at is None), None)
    url = (
        request.build_absolute_uri(reverse("vision_gut_check", args=[active.token]))
        if active
        else None
    )
    return {"gut_check_url": url, "gut_check_shared": bool(links)}


def compare_table(drafts: list[VisionDraft]) -> list[dict]:
    """The shortlist side by side: one row per criterion, one cell per shortlisted draft
    (the check's status and the team's ratings)."""
    rows = []
    for key, label in Criterion.choices:
        cells = []
        for draft in drafts:
            status = next(c for c in draft.checked if c["key"] == key)
            cells.append({"draft": draft, "check_meets": status["meets"], "team": draft.team[key]})
        rows.append({"key": key, "label": label, "cells": cells})
    return rows


def final_statement(workshop: Workshop) -> VisionStatement | None:
    statement = (
        VisionStatement.objects.select_related("picked_by", "draft")
        .filter(workshop=workshop)
        .first()
    )
    if statement is not None:
        # The statement keeps the words picked; say so when its draft moved on since.
        statement.draft_changed = bool(statement.draft and statement.draft.text != statement.text)
        statement.despite_labels = [
            CRITERION_LABELS[key] for key in statement.despite if key in CRITERION_LABELS
        ]
    return statement


def vision_panel(
    workshop: Workshop, user, can_facilitate: bool, *, form=None, highlight=None, saved=False
):
    material = vision_material(workshop)
    language = reader_language()
    drafts = list(
        workshop.vision_drafts.select_related(
            "author", "updated_by", "promises_confirmed_by"
        ).prefetch_related(
            Prefetch("ratings", queryset=DraftRating.objects.select_related("rater")),
            Prefetch("journey", queryset=JourneyAnswer.objects.all()),
            "gut_reactions",
        )
    )
    rate_form = form if isinstance(form, RateForm) else None
    pick_form = form if isinstance(form, PickForm) else None
    # A journey walked (saved) hands back its form too, to tell it from saved ratings.
    journey_form = form if isinstance(form, JourneyForm) else None
    walked = highlight if saved and journey_form is not None else None
    rated = highlight if saved and journey_form is None else None
    for draft in drafts:
        # Authors change their own drafts; facilitators any.
        draft.editable = can_facilitate or draft.author_id == user.pk
        draft.checked = check_panel(
            draft.text, material, language, promises_confirmed=draft.promises_confirmed
        )
        draft.has_promise = any(
            reason["kind"] == "promise" for c in draft.checked for reason in c["reasons"]
        )
        refused = rate_form if draft.pk == highlight else None
        draft.my_ratings = _my_ratings(draft, user, refused)
        draft.team = _team_ratings(draft)
        journey_refused = journey_form if draft.pk == highlight and not saved else None
        draft.my_journey = _my_journey(draft, user, journey_refused)
        draft.team_journey = _team_journey(draft)
        draft.stakeholders = _stakeholders(draft)
        draft.journey_open = journey_refused is not None
        draft.rate_open = draft.pk == highlight and not saved and journey_form is None
        draft.needs_work = not all(c["meets"] for c in draft.checked)
        draft.typed_reason = (
            pick_form.data.get("reason", "") if pick_form and draft.pk == highlight else ""
        )
    shortlist = [draft for draft in drafts if draft.shortlisted]
    return {
        "drafts": drafts,
        "material": material,
        "starters": starter_drafts(material),
        "draft_form": form if isinstance(form, DraftForm) else None,
        "highlight": highlight,
        "rated": rated,
        "walked": walked,
        "max_length": VisionDraft.MAX_LENGTH,
        "comment_max_length": DraftRating.COMMENT_MAX_LENGTH,
        "reason_max_length": PickForm.REASON_MAX_LENGTH,
        "shortlist": shortlist,
        "compare": compare_table(shortlist),
        "statement": final_statement(workshop),
        "can_facilitate": can_facilitate,
    }


def vision_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    panel = vision_panel(
        access.workshop,
        request.user,
        access.can_facilitate,
        form=outcome.form,
        highlight=outcome.highlight,
        saved=outcome.saved,
    )
    return (
        panel
        | gut_check_panel(request, access.workshop)
        | {"vision_notice": outcome.notice or None}
    )
