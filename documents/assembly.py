"""The philosophy document, assembled from what the stages produced, in the method's
template: purpose, vision, values, how we live them, how conflicts are handled; then an
appendix of how the team got there. What is still missing is listed, each gap naming the
stage that fills it.

`assemble(workshop)` reads the database once and returns plain data (`PhilosophyDocument`)
that every renderer reads: the document page (and, from its HTML, the PDF), Word, Markdown.
Its labels are in the active language; its `content()` is what a version records.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from actions.metrics import CATALOGUE, CUSTOM
from actions.models import ConflictTopic, Question, QuestionAnswer, Team
from documents.models import Foreword
from surveys import word_cloud
from surveys.models import Survey
from values.models import Candidate, RoundStatus, ValueSet
from values.starter import in_reader_language
from vision.models import Criterion, VisionStatement
from workshops.models import ContextAnswer, ContextQuestion, Stage, Workshop

# The word cloud's ranked table in the appendix.
APPENDIX_WORDS = 30


@dataclass(frozen=True)
class DocMetric:
    name: str
    target: str = ""
    measured_by: str = ""


@dataclass(frozen=True)
class DocAnswers:
    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class DocPractice:
    team: str
    text: str


@dataclass(frozen=True)
class DocValue:
    name: str
    description: str = ""
    statement: str = ""
    answers: tuple[DocAnswers, ...] = ()
    metrics: tuple[DocMetric, ...] = ()
    practices: tuple[DocPractice, ...] = ()


@dataclass(frozen=True)
class DocGuide:
    topic: str
    text: str


@dataclass(frozen=True)
class DocRound:
    number: int
    status: str
    # (value, dots), most dots first
    results: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Appendix:
    survey_question: str = ""
    answer_count: int = 0
    # (word, count), most frequent first
    words: tuple[tuple[str, int], ...] = ()
    rounds: tuple[DocRound, ...] = ()
    drafts: tuple[str, ...] = ()
    # The criteria the final statement was picked despite, and why.
    override_criteria: tuple[str, ...] = ()
    override_reason: str = ""


@dataclass(frozen=True)
class Gap:
    """Something the document still lacks, and the stage where the team adds it."""

    text: str
    stage: int


@dataclass(frozen=True)
class PhilosophyDocument:
    workshop_id: int
    company: str
    title: str
    foreword: str = ""
    purpose: str = ""
    vision: str = ""
    values_name: str = ""
    values: tuple[DocValue, ...] = ()
    guides: tuple[DocGuide, ...] = ()
    appendix: Appendix = field(default_factory=Appendix)
    gaps: tuple[Gap, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.gaps

    def content(self) -> dict:
        """What the team wrote, as plain JSON (the gaps follow from it): what a version
        keeps, and what its digest is of."""
        data = asdict(self)
        del data["gaps"]
        return data

    def digest(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_content(cls, content: dict) -> "PhilosophyDocument":
        """A recorded version's document (its `content()`), to show as it was. A field a
        later release added is left at its default; the gaps are not recorded."""
        values = tuple(
            DocValue(
                name=value.get("name", ""),
                description=value.get("description", ""),
                statement=value.get("statement", ""),
                answers=tuple(
                    DocAnswers(a["question"], tuple(a["answers"])) for a in value.get("answers", ())
                ),
                metrics=tuple(_known(DocMetric, m) for m in value.get("metrics", ())),
                practices=tuple(_known(DocPractice, p) for p in value.get("practices", ())),
            )
            for value in content.get("values", ())
        )
        appendix = content.get("appendix") or {}
        return cls(
            workshop_id=content.get("workshop_id", 0),
            company=content.get("company", ""),
            title=content.get("title", ""),
            foreword=content.get("foreword", ""),
            purpose=content.get("purpose", ""),
            vision=content.get("vision", ""),
            values_name=content.get("values_name", ""),
            values=values,
            guides=tuple(_known(DocGuide, g) for g in content.get("guides", ())),
            appendix=Appendix(
                survey_question=appendix.get("survey_question", ""),
                answer_count=appendix.get("answer_count", 0),
                words=tuple(tuple(w) for w in appendix.get("words", ())),
                rounds=tuple(
                    DocRound(r["number"], r["status"], tuple(tuple(x) for x in r["results"]))
                    for r in appendix.get("rounds", ())
                ),
                drafts=tuple(appendix.get("drafts", ())),
                override_criteria=tuple(appendix.get("override_criteria", ())),
                override_reason=appendix.get("override_reason", ""),
            ),
        )


def _known(kind, data: dict):
    """A recorded part as `kind`, with only the fields `kind` still has (a field a later
    release removed is dropped, not an error on every old version)."""
    names = {f.name for f in fields(kind)}
    return kind(**{key: value for key, value in data.items() if key in names})


def _metric(metric) -> DocMetric:
    if metric.metric == CUSTOM:
        name = metric.custom_name
    elif metric.metric in CATALOGUE:
        name = str(CATALOGUE[metric.metric].name)
    else:
        name = metric.metric
    return DocMetric(name=name, target=metric.target, measured_by=metric.measured_by)


def final_values(workshop: Workshop):
    """The workshop's final values (values.Candidate), in the document's order."""
    return Candidate.objects.filter(workshop=workshop, final_position__isnull=False).order_by(
        "final_position"
    )


def _values(workshop: Workshop) -> list[DocValue]:
    kept = QuestionAnswer.objects.filter(in_document=True).exclude(text="")
    candidates = (
        final_values(workshop)
        .select_related("action_statement")
        .prefetch_related(Prefetch("question_answers", queryset=kept), "metrics", "practices")
    )
    values = []
    for candidate in candidates:
        statement = getattr(candidate, "action_statement", None)
        by_question: dict[str, list[str]] = {key: [] for key in Question.values}
        for answer in candidate.question_answers.all():
            by_question[answer.question].append(answer.text)
        practices = {p.team: p.text for p in candidate.practices.all() if p.text.strip()}
        values.append(
            DocValue(
                name=in_reader_language(candidate.name),
                description=in_reader_language(candidate.description),
                statement=statement.text if statement else "",
                answers=tuple(
                    DocAnswers(str(label), tuple(by_question[key]))
                    for key, label in Question.choices
                ),
                metrics=tuple(_metric(m) for m in candidate.metrics.all()),
                practices=tuple(
                    DocPractice(str(label), practices[key])
                    for key, label in Team.choices
                    if key in practices
                ),
            )
        )
    return values


def _appendix(workshop: Workshop, statement: VisionStatement | None) -> Appendix:
    survey = Survey.objects.filter(workshop=workshop).first()
    words: tuple[tuple[str, int], ...] = ()
    question, answer_count = "", 0
    if survey is not None:
        question = survey.question
        answer_count = survey.answers.count()
        view = word_cloud.cloud_view(survey)
        words = tuple((w.text, w.count) for w in view.words[:APPENDIX_WORDS])
    rounds = []
    for round_ in workshop.rounds.exclude(status=RoundStatus.OPEN).order_by("number"):
        entries = round_.entries.order_by("-votes", "name")
        rounds.append(
            DocRound(
                number=round_.number,
                status=str(RoundStatus(round_.status).label),
                results=tuple((e.name, e.votes) for e in entries),
            )
        )
    labels = dict(Criterion.choices)
    return Appendix(
        survey_question=question,
        answer_count=answer_count,
        words=words,
        rounds=tuple(rounds),
        drafts=tuple(d.text for d in workshop.vision_drafts.exclude(text="")),
        override_criteria=tuple(
            str(labels[key]) for key in (statement.despite if statement else []) if key in labels
        ),
        override_reason=statement.override_reason if statement else "",
    )


def _gaps(document: PhilosophyDocument) -> list[Gap]:
    gaps = []
    if not document.purpose:
        gaps.append(
            Gap(_("Our purpose: the context of stage 1 has no purpose yet."), Stage.CONTEXT)
        )
    if not document.vision:
        gaps.append(Gap(_("Our vision: no vision statement is picked yet."), Stage.VISION))
    if not document.values:
        gaps.append(Gap(_("Our values: the team has not finalised its values yet."), Stage.VOTE))
    for value in document.values:
        missing = []
        if not value.statement.strip():
            missing.append(_("an action statement"))
        unanswered = sum(1 for a in value.answers if not a.answers)
        if unanswered:
            missing.append(
                _("%(count)s of the 5 questions without an answer kept") % {"count": unanswered}
            )
        if not value.metrics:
            missing.append(_("a key metric"))
        if missing:
            gaps.append(
                Gap(
                    _("%(value)s: %(parts)s") % {"value": value.name, "parts": ", ".join(missing)},
                    Stage.VALUES_IN_ACTION,
                )
            )
    return gaps


def assemble(workshop: Workshop) -> PhilosophyDocument:
    """The workshop's document as it stands, in the active language."""
    purpose = (
        ContextAnswer.objects.filter(workshop=workshop, key=ContextQuestion.PURPOSE)
        .values_list("text", flat=True)
        .first()
    )
    statement = VisionStatement.objects.filter(workshop=workshop).first()
    value_set = ValueSet.objects.filter(workshop=workshop).first()
    foreword = Foreword.objects.filter(workshop=workshop).values_list("text", flat=True).first()
    guides = {g.topic: g.text for g in workshop.conflict_guides.all() if g.text.strip()}
    document = PhilosophyDocument(
        workshop_id=workshop.pk,
        company=workshop.company_name or workshop.organisation.name,
        title=workshop.title,
        foreword=foreword or "",
        purpose=(purpose or "").strip(),
        vision=statement.text if statement else "",
        values_name=value_set.name if value_set else "",
        values=tuple(_values(workshop)),
        guides=tuple(
            DocGuide(str(label), guides[key])
            for key, label in ConflictTopic.choices
            if key in guides
        ),
        appendix=_appendix(workshop, statement),
    )
    return PhilosophyDocument(**{**document.__dict__, "gaps": tuple(_gaps(document))})
