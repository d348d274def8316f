"""Reads of stage 7: each final value with its action statement (and its check), the
answers to the five questions, its metrics (with what fits and what works against it),
each team's practice, and what is still missing before the document is complete."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.check import MEETS, check_action
from actions.forms import AnswerForm, MetricForm
from actions.metrics import CATALOGUE, CUSTOM, metric_warnings, suggested_metrics
from actions.models import (
    ActionStatement,
    AnswerSupport,
    ConflictGuide,
    ConflictTopic,
    Question,
    QuestionAnswer,
    Team,
    TeamPractice,
    ValueMetric,
)
from actions.parts import GUIDES, PROGRESS, value_part
from values.models import Candidate
from values.starter import in_reader_language
from vision.check import statement_language
from vision.selectors import final_statement, reader_language, reason_pieces
from workshops.models import Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


# The method's examples (docs/method.md, stage 7), shown as inspiration.
EXAMPLES = (
    (gettext_lazy("Integrity"), gettext_lazy("Say what you mean, mean what you say."), "NPS, QA"),
    (gettext_lazy("Quality"), gettext_lazy("Get it right the first time."), "FCR, CSAT"),
    (gettext_lazy("Speed"), gettext_lazy("Treat every customer with urgency."), "FRT, AHT"),
    (gettext_lazy("Loyalty"), gettext_lazy("Make customers feel like family."), "Retention, AOV"),
    (gettext_lazy("Autonomy"), gettext_lazy("Give customers the tools to help themselves."), "CES"),
)


def statement_check(text: str) -> dict | None:
    """The check of one action statement as the page shows it (None before anything is
    written), read in the language it is written in."""
    if not text.strip():
        return None
    result = check_action(text, language=statement_language(text, reader_language()))
    return {
        "meets": result.status == MEETS,
        "reasons": [
            {"pieces": reason_pieces(r), "positive": r.positive, "kind": r.kind}
            for r in result.reasons
        ],
    }


def statement_label(value: Candidate) -> str:
    """The label of a value's action statement, on the page and in a save's answer."""
    return _("How we live %(value)s, in one line") % {"value": in_reader_language(value.name)}


def metric_label(metric: ValueMetric) -> str:
    if metric.metric == CUSTOM:
        return metric.custom_name
    return str(CATALOGUE[metric.metric].name)


@dataclass
class Missing:
    """What one value still lacks before the document has all of it."""

    statement: bool = False
    questions: list[str] = field(default_factory=list)  # questions with no answer kept
    metrics: bool = False

    @property
    def count(self) -> int:
        return int(self.statement) + len(self.questions) + int(self.metrics)


def _values(workshop: Workshop, user, position: int | None = None) -> list[Candidate]:
    answers = (
        QuestionAnswer.objects.select_related("author", "updated_by")
        .annotate(
            support_count=Count("supports"),
            supported=Exists(
                AnswerSupport.objects.filter(answer=OuterRef("pk"), supporter_id=user.pk)
            ),
        )
        .order_by("created_at", "pk")
    )
    final = Candidate.objects.filter(workshop=workshop, final_position__isnull=False)
    if position is not None:
        final = final.filter(final_position=position)
    return list(
        final.order_by("final_position")
        .select_related("action_statement__updated_by")
        .prefetch_related(
            Prefetch("question_answers", queryset=answers),
            Prefetch("metrics", queryset=ValueMetric.objects.order_by("created_at", "pk")),
            Prefetch("practices", queryset=TeamPractice.objects.select_related("updated_by")),
        )
    )


def _statement(value: Candidate) -> ActionStatement:
    try:
        return value.action_statement
    except ActionStatement.DoesNotExist:
        return ActionStatement(candidate=value)


def _questions(value: Candidate, user, can_facilitate: bool, refused) -> list[dict]:
    by_question: dict[str, list[QuestionAnswer]] = {key: [] for key in Question.values}
    for answer in value.question_answers.all():
        answer.editable = can_facilitate or answer.author_id == user.pk
        by_question[answer.question].append(answer)
    questions = []
    for key, label in Question.choices:
        answers = by_question[key]
        form = refused if refused is not None and refused.data.get("question") == key else None
        questions.append(
            {
                "key": key,
                "label": label,
                "answers": answers,
                "kept": sum(1 for a in answers if a.in_document),
                "voted": any(a.support_count for a in answers),
                "form": form,
                "stem": f"q-{value.pk}-{key}",
            }
        )
    return questions


def _metrics(value: Candidate, name: str, user, can_facilitate: bool) -> dict:
    chosen = list(value.metrics.all())
    for metric in chosen:
        metric.label = metric_label(metric)
        metric.removable = can_facilitate or metric.added_by_id == user.pk
        metric.catalogue = CATALOGUE.get(metric.metric)
    keys = [m.metric for m in chosen]
    suggested = [CATALOGUE[key] for key in suggested_metrics(name, LANGUAGES) if key in CATALOGUE]
    return {
        "chosen": chosen,
        "suggested": suggested,
        "suggested_missing": [m for m in suggested if m.key not in keys],
        "warnings": metric_warnings(name, keys, LANGUAGES),
    }


def _practices(value: Candidate) -> list[dict]:
    rows = {practice.team: practice for practice in value.practices.all()}
    return [
        {
            "team": key,
            "label": label,
            "row": rows.get(key) or TeamPractice(candidate=value, team=key),
            "stem": f"team-{value.pk}-{key}",
        }
        for key, label in Team.choices
    ]


def _missing(value: Candidate) -> Missing:
    return Missing(
        statement=not value.statement.text.strip(),
        questions=[q["label"] for q in value.questions if not q["kept"]],
        metrics=not value.metric_panel["chosen"],
    )


def conflict_guides(workshop: Workshop) -> list[dict]:
    rows = {g.topic: g for g in workshop.conflict_guides.select_related("updated_by")}
    return [
        {
            "topic": key,
            "label": label,
            "row": rows.get(key) or ConflictGuide(workshop=workshop, topic=key),
            "stem": f"guide-{key}",
        }
        for key, label in ConflictTopic.choices
    ]


def actions_panel(
    workshop: Workshop,
    user,
    can_facilitate: bool,
    *,
    form=None,
    highlight: int | None = None,
    notice: str = "",
    open_first: bool = False,
    position: int | None = None,
) -> dict:
    """The stage's screen; with `position`, only the value at that place (its live part)."""
    values = _values(workshop, user, position)
    answer_form = form if isinstance(form, AnswerForm) else None
    metric_form = form if isinstance(form, MetricForm) else None
    for value in values:
        value.display_name = in_reader_language(value.name)
        value.statement = _statement(value)
        value.statement_stem = f"action-{value.pk}"
        value.statement_label = statement_label(value)
        value.part = value_part(value.final_position)
        value.checked = statement_check(value.statement.text)
        mine = value.pk == highlight
        value.questions = _questions(value, user, can_facilitate, answer_form if mine else None)
        value.metric_panel = _metrics(value, value.display_name, user, can_facilitate)
        value.metric_form = metric_form if mine else None
        value.team_practices = _practices(value)
        value.practices_written = sum(1 for p in value.team_practices if p["row"].text.strip())
        value.missing = _missing(value)
        value.complete = value.missing.count == 0
    complete = sum(1 for value in values if value.complete)
    # A page load opens the first value still missing something; a re-render opens only
    # the value just worked on (the panels someone opened stay open by themselves).
    first_open = (
        highlight
        if highlight is not None or not open_first
        else next((value.pk for value in values if not value.complete), None)
    )
    for value in values:
        value.open = value.pk == first_open
    vision = final_statement(workshop)
    return {
        "action_values": values,
        "complete_count": complete,
        "all_complete": bool(values) and complete == len(values),
        "missing": missing_summary(values, vision),
        "guides": conflict_guides(workshop),
        "vision": vision,
        "examples": EXAMPLES,
        "highlight": highlight,
        "actions_notice": notice,
        "can_facilitate": can_facilitate,
        # In the context, not the template: a value's live part renders alone.
        "check_url": reverse("actions_check", args=[workshop.pk]),
        "progress_part": PROGRESS,
        "guides_part": GUIDES,
        "statement_max_length": ActionStatement.MAX_LENGTH,
        "answer_max_length": QuestionAnswer.MAX_LENGTH,
        "metric_limits": {
            "name": ValueMetric.NAME_MAX_LENGTH,
            "target": ValueMetric.TARGET_MAX_LENGTH,
            "measured_by": ValueMetric.MEASURED_BY_MAX_LENGTH,
        },
        "catalogue": list(CATALOGUE.values()),
    }


def actions_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    return actions_panel(
        access.workshop,
        request.user,
        access.can_facilitate,
        form=outcome.form,
        highlight=outcome.highlight,
        notice=outcome.notice,
        open_first=not request.htmx,
    )


def progress_part(request: HttpRequest, access: WorkshopAccess) -> dict:
    return actions_panel(access.workshop, request.user, access.can_facilitate)


def guides_part(request: HttpRequest, access: WorkshopAccess) -> dict:
    return {"guides": conflict_guides(access.workshop), "guides_part": GUIDES}


def value_part_context(position: int):
    def context(request: HttpRequest, access: WorkshopAccess) -> dict:
        panel = actions_panel(
            access.workshop, request.user, access.can_facilitate, position=position
        )
        return panel | {"value": next(iter(panel["action_values"]), None)}

    return context


def missing_summary(values: list[Candidate], vision) -> list[str]:
    """What the document still lacks: the vision statement, then one line per value that
    is not complete, saying what it still needs."""
    lines = []
    if vision is None:
        lines.append(_("The vision statement: the team picks it in stage 6."))
    for value in values:
        parts = []
        if value.missing.statement:
            parts.append(_("an action statement"))
        if value.missing.questions:
            parts.append(
                _("%(count)s of the 5 questions without an answer kept")
                % {"count": len(value.missing.questions)}
            )
        if value.missing.metrics:
            parts.append(_("a key metric"))
        if parts:
            lines.append(
                _("%(value)s: %(parts)s") % {"value": value.display_name, "parts": ", ".join(parts)}
            )
    return lines
