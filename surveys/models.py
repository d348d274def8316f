import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop, just_now

DEFAULT_QUESTION = _(
    "What do you want our customers to think of when they think of the service we provide?"
)


@lru_cache(maxsize=1)
def _default_question_in_every_language() -> frozenset[str]:
    forms = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            forms.add(str(DEFAULT_QUESTION))
    return frozenset(forms)


def is_default_question(text: str) -> bool:
    """Whether `text` is the default question, in any language of the product."""
    return text in _default_question_in_every_language()


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    """The one question of stage 2, sent to every employee through a public link."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="survey")
    # The question in the first answer language; `questions` holds it in each answer
    # language the facilitator wrote it in ({"en": "…", "ro": "…"}).
    question = models.CharField(_("question"), max_length=300)
    questions = models.JSONField(_("question in each language"), default=dict, blank=True)
    # Comma-separated language codes the answers are expected in, e.g. "en,ro".
    languages = models.CharField(_("answer languages"), max_length=40, default="en")
    max_answer_length = models.PositiveSmallIntegerField(
        _("maximum answer length"),
        default=200,
        validators=[MinValueValidator(20), MaxValueValidator(1000)],
    )
    status = models.CharField(
        max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # Answers with offensive words (surveys.moderation) wait for the facilitator's approval.
    hold_offensive = models.BooleanField(_("hold offensive answers"), default=False)
    # The link token is shown on the join screen whenever asked, so it is kept; a new link
    # replaces it, which revokes the old one.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    token_created_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.question

    @property
    def question_for_reader(self) -> str:
        """The question in the reader's language: the facilitator's version for it, else
        the first answer language's. The default question is shown translated."""
        language = (translation.get_language() or "")[:2]
        question = self.question_in(language)
        return str(DEFAULT_QUESTION) if is_default_question(question) else question

    def questions_by_language(self) -> list[tuple[str, str]]:
        """(language, question) as the respondents of each answer language read it, one
        row per different text: what the projector screen shows for the whole room."""
        shown: dict[str, str] = {}
        for code in self.language_list:
            with translation.override(code):
                shown.setdefault(self.question_for_reader, code)
        return [(code, text) for text, code in shown.items()]

    def question_in(self, language: str) -> str:
        """The question as written for `language`, falling back to the first language."""
        first = self.language_list[0] if self.language_list else ""
        return self.questions.get(language) or self.questions.get(first) or self.question

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(16)

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def status_now(self, now=None) -> str:
        """The status, with an open survey past its closing time read as closed."""
        now = now or timezone.now()
        if self.status == SurveyStatus.OPEN and self.closes_at and self.closes_at <= now:
            return SurveyStatus.CLOSED
        return self.status

    def is_accepting(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == SurveyStatus.OPEN
            and bool(self.token)
            and (self.closes_at is None or self.closes_at > now)
        )


def device_fingerprint(device_id: str) -> str:
    return hashlib.sha256(device_id.encode()).hexdigest()


class AnswerQuerySet(models.QuerySet):
    def counted(self):
        """The answers that go into the cloud and the exports."""
        return self.filter(hidden=False, held=False)


class Answer(models.Model):
    """One employee's anonymous answer. No account, no IP address: only a device cookie's hash."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()
    device = models.CharField(max_length=64)
    hidden = models.BooleanField(default=False)
    # Caught by the offensive-words filter: out of the cloud until the facilitator decides.
    held = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "device"], name="one_answer_per_device")
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text


class WordCloud(models.Model):
    """The counted words and phrases of a survey's visible answers, before the workshop's
    hide and merge adjustments (those are applied when shown, so they take effect at once).

    Recounted in the background (surveys.tasks) at most every few seconds while answers
    arrive; every screen reads this one row instead of counting.
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="word_cloud")
    # [[key, text, count], …], most frequent first: see surveys.text.WordCount.
    words = models.JSONField(default=list)
    answer_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.survey}: {len(self.words)} words"


class WordAdjustment(models.Model):
    """A facilitator's hide or merge of a word of the cloud; undoing it deletes the row."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("hidden")
        MERGE = "merge", _("merged")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="word_adjustments")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    key = models.CharField(max_length=200)
    text = models.CharField(max_length=200)
    into_key = models.CharField(max_length=200, blank=True)
    into_text = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="one_adjustment_per_word")
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def made_just_now(self) -> bool:
        return just_now(self.created_at)
