"""Stage 7: each final value in action. Per value: its action statement, the team's answers
to the five questions (the facilitator marks those that go into the document), its key
metrics and, optionally, how each team lives it; once per workshop, how conflicts with
the values are handled.

Everything hangs on the value (`values.Candidate`), not on its place in the final set: a
value taken out of the final set in stage 5 keeps its work, and has it back if it returns.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from values.models import Candidate
from workshops.models import VersionedText, Workshop


class Question(models.TextChoices):
    """The five questions of the method, asked of every value."""

    MEANING = "meaning", _("What does this value mean to us?")
    IN_ACTION = "in_action", _("What does it look like in action?")
    MISREAD = "misread", _("How might it be misinterpreted?")
    ADHERENCE = "adherence", _("How will we evaluate adherence to it?")
    RELATIONSHIPS = "relationships", _("How will it change our relationships or interactions?")


class Team(models.TextChoices):
    SUPPORT = "support", _("Support")
    SALES = "sales", _("Sales")
    DESIGN = "design", _("Design")
    PRODUCT = "product", _("Product")
    HR = "hr", _("HR")
    LEADERSHIP = "leadership", _("Leadership")
    MARKETING = "marketing", _("Marketing")


class ConflictTopic(models.TextChoices):
    """How decisions or behaviour that conflict with the values are handled."""

    CONCERNS = "concerns", _("How are concerns reported?")
    COMPLAINTS = "complaints", _("What happens when a customer complaint touches a value?")
    COACHING = "coaching", _("What coaching does a leader give?")


class ActionStatement(VersionedText):
    """A value's action statement ("Treat every customer with urgency."): one per value,
    made by its first save."""

    MAX_LENGTH = 200
    CONFLICT_NOTE = _("%(name)s saved this action statement while you were editing.")
    EMPTY_NOTE = _("Not written yet.")

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="action_statement"
    )


class QuestionAnswer(VersionedText):
    """One person's answer to one of the five questions about one value. Its author and
    the facilitators may edit it; the facilitators mark the answers the document keeps."""

    MAX_LENGTH = 600
    CONFLICT_NOTE = _("%(name)s saved this answer while you were editing.")
    EMPTY_NOTE = _("Not answered yet.")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="question_answers"
    )
    question = models.CharField(max_length=20, choices=Question.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    in_document = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def stem(self) -> str:
        return f"answer-{self.pk}"


class AnswerSupport(models.Model):
    """One person's "+1" for an answer: the team's quick vote on what the document keeps."""

    answer = models.ForeignKey(QuestionAnswer, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "supporter"], name="one_support_per_person_and_answer"
            )
        ]


class ValueMetric(models.Model):
    """A key metric that shows whether a value is lived: one of the catalogue's
    (`actions.metrics.CATALOGUE`) or one the team names, with an optional target and how
    it will be measured. A value has each metric once (a custom one once per name)."""

    NAME_MAX_LENGTH = 60
    TARGET_MAX_LENGTH = 100
    MEASURED_BY_MAX_LENGTH = 300

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="metrics")
    # A catalogue key, or actions.metrics.CUSTOM with custom_name.
    metric = models.CharField(max_length=20)
    custom_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    # What makes two custom names the same metric (casefolded, which can make a name up to
    # three times longer: "ﬃ" is "ffi"); empty for the catalogue's.
    custom_key = models.CharField(max_length=3 * NAME_MAX_LENGTH, blank=True)
    target = models.CharField(max_length=TARGET_MAX_LENGTH, blank=True)
    measured_by = models.CharField(max_length=MEASURED_BY_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "metric", "custom_key"], name="one_metric_per_value"
            )
        ]


class TeamPractice(VersionedText):
    """How one team lives one value: its key activities and the metrics it watches."""

    MAX_LENGTH = 1000
    CONFLICT_NOTE = _("%(name)s saved this team's practice while you were editing.")
    EMPTY_NOTE = _("Not written yet.")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="practices")
    team = models.CharField(max_length=20, choices=Team.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "team"], name="one_practice_per_team")
        ]


class ConflictGuide(VersionedText):
    """Once for the philosophy: one answer on how conflicts with the values are handled."""

    MAX_LENGTH = 1500
    CONFLICT_NOTE = _("%(name)s saved this answer while you were editing.")
    EMPTY_NOTE = _("Not answered yet.")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="conflict_guides")
    topic = models.CharField(max_length=20, choices=ConflictTopic.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "topic"], name="one_guide_per_topic")
        ]
