"""Stage 7: the work on each final value, saved. Texts several people edit at once (the
action statement, the answers, each team's practice, the conflict guides) go through
`workshops.versioned.versioned_text_save`, so a save from a stale version keeps both
texts; the rest are small upserts that a double click cannot duplicate.

Who may change what is the views' concern (`actions.views`); the services change what
they are given, each in one transaction, and announce the stage's change.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Model
from django.utils import timezone

from actions.metrics import CATALOGUE, CUSTOM
from actions.models import (
    ActionStatement,
    AnswerSupport,
    ConflictGuide,
    QuestionAnswer,
    TeamPractice,
    ValueMetric,
)
from actions.parts import GUIDES, announce_value
from values.models import Candidate
from workshops import live
from workshops.models import User, Workshop
from workshops.versioned import SaveResult, versioned_text_save


def _row_of(model: type[Model], **lookup) -> Model:
    """The row with this lookup, made now if there is none: two first saves at once make
    one row (the database keeps one per lookup) and then compare versions as usual."""
    row = model.objects.filter(**lookup).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return model.objects.create(**lookup)
    except IntegrityError:
        return model.objects.get(**lookup)


def _save_text(model, lookup: dict, announce, *, text, base_version, user) -> SaveResult:
    """Save a versioned text, its row made on the first save; `announce()` tells the
    screens when the text is stored (a refused save changed nothing)."""
    row = _row_of(model, **lookup)
    result = versioned_text_save(
        row, text=text.strip(), base_version=base_version, user=user, announce=None
    )
    if not result.conflicted:
        announce()
    return result


@transaction.atomic
def statement_save(*, candidate: Candidate, text: str, base_version: int, user: User) -> SaveResult:
    return _save_text(
        ActionStatement,
        {"candidate": candidate},
        lambda: announce_value(candidate),
        text=text,
        base_version=base_version,
        user=user,
    )


@transaction.atomic
def practice_save(
    *, candidate: Candidate, team: str, text: str, base_version: int, user: User
) -> SaveResult:
    return _save_text(
        TeamPractice,
        {"candidate": candidate, "team": team},
        lambda: announce_value(candidate),
        text=text,
        base_version=base_version,
        user=user,
    )


@transaction.atomic
def guide_save(
    *, workshop: Workshop, topic: str, text: str, base_version: int, user: User
) -> SaveResult:
    return _save_text(
        ConflictGuide,
        {"workshop": workshop, "topic": topic},
        lambda: live.announce_change(workshop.pk, GUIDES),
        text=text,
        base_version=base_version,
        user=user,
    )


@transaction.atomic
def answer_add(*, candidate: Candidate, question: str, text: str, user: User) -> QuestionAnswer:
    """One person's answer to one of the five questions; its text is its first version."""
    answer = QuestionAnswer.objects.create(
        candidate=candidate,
        question=question,
        text=text.strip(),
        version=1,
        author=user,
        updated_by=user,
        updated_at=timezone.now(),
    )
    announce_value(candidate)
    return answer


@transaction.atomic
def answer_save(*, answer: QuestionAnswer, text: str, base_version: int, user: User) -> SaveResult:
    result = versioned_text_save(
        answer, text=text.strip(), base_version=base_version, user=user, announce=None
    )
    if not result.conflicted:
        announce_value(answer.candidate)
    return result


@transaction.atomic
def answer_remove(*, answer: QuestionAnswer) -> None:
    QuestionAnswer.objects.filter(pk=answer.pk).delete()
    announce_value(answer.candidate)


@transaction.atomic
def answer_support(*, answer: QuestionAnswer, user: User, support: bool) -> None:
    """Add or withdraw one person's "+1" (the value asked for: a double click does not
    undo itself, and a second add is ignored by the database's one row per person)."""
    if support:
        AnswerSupport.objects.bulk_create(
            [AnswerSupport(answer=answer, supporter=user)], ignore_conflicts=True
        )
    else:
        AnswerSupport.objects.filter(answer=answer, supporter=user).delete()
    announce_value(answer.candidate)


@transaction.atomic
def answer_in_document(*, answer: QuestionAnswer, in_document: bool) -> None:
    QuestionAnswer.objects.filter(pk=answer.pk).update(in_document=in_document)
    announce_value(answer.candidate)


@transaction.atomic
def question_keep_most_supported(*, candidate: Candidate, question: str) -> int:
    """The team's quick vote decides: the answers with the most "+1"s (all of them on a
    tie) go into the document, the others of that question come out. Returns how many
    were kept; none when nobody has voted, and then nothing changes."""
    answers = QuestionAnswer.objects.filter(candidate=candidate, question=question)
    top = answers.annotate(n=Count("supports")).aggregate(top=Max("n"))["top"] or 0
    if top == 0:
        return 0
    kept = list(answers.annotate(n=Count("supports")).filter(n=top).values_list("pk", flat=True))
    answers.exclude(pk__in=kept).update(in_document=False)
    answers.filter(pk__in=kept).update(in_document=True)
    announce_value(candidate)
    return len(kept)


class UnknownMetric(ValueError):
    """Neither a metric of the catalogue nor a named custom one."""


@transaction.atomic
def metric_add(
    *,
    candidate: Candidate,
    metric: str,
    user: User,
    custom_name: str = "",
    target: str = "",
    measured_by: str = "",
) -> ValueMetric:
    """Add a key metric to a value, or, if the value has it already, set its target and
    how it is measured (so the same metric sent twice stays one). Sent with neither (a
    suggestion's one-click "Add"), a metric the value has already is left as it is."""
    custom_name = " ".join(custom_name.split()) if metric == CUSTOM else ""
    if metric != CUSTOM and metric not in CATALOGUE or metric == CUSTOM and not custom_name:
        raise UnknownMetric(metric)
    target, measured_by = target.strip(), measured_by.strip()
    lookup = {"candidate": candidate, "metric": metric, "custom_key": custom_name.casefold()}
    if not target and not measured_by:
        existing = ValueMetric.objects.filter(**lookup).first()
        if existing is not None:
            return existing
    row = ValueMetric(
        candidate=candidate,
        metric=metric,
        custom_name=custom_name,
        custom_key=custom_name.casefold(),
        target=target,
        measured_by=measured_by,
        added_by=user,
    )
    ValueMetric.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["candidate", "metric", "custom_key"],
        update_fields=["target", "measured_by", "updated_at"],
    )
    announce_value(candidate)
    return ValueMetric.objects.get(**lookup)


@transaction.atomic
def metric_remove(*, metric: ValueMetric) -> None:
    ValueMetric.objects.filter(pk=metric.pk).delete()
    announce_value(metric.candidate)
