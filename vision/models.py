"""Stage 6: the vision statements the team drafts, each one a text several people may edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import PublicLink, VersionedText, Workshop


class Criterion(models.TextChoices):
    """The method's three criteria, as the automatic check (vision/check.py) names them."""

    SIMPLE = "simple", _("Simple to understand and act on")
    SERVICE = "service", _("Describes the service customers get")
    ASPIRATION = "aspiration", _("Who we are now and who we aspire to be")


class Verdict(models.TextChoices):
    MEETS = "meets", _("Meets")
    NEEDS_WORK = "needs_work", _("Needs work")


class VisionDraft(VersionedText):
    """One draft vision statement: a few words up to one full sentence."""

    MAX_LENGTH = 300
    CONFLICT_NOTE = _("%(name)s saved this draft while you were editing.")
    EMPTY_NOTE = _("Not written yet.")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="vision_drafts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The facilitator's shortlist, compared side by side before the final pick.
    shortlisted = models.BooleanField(default=False)
    # A facilitator confirmed the team can keep the absolute promises the check flags in
    # this text; a change of the text clears it (`vision.services.draft_save`).
    promises_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    promises_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def promises_confirmed(self) -> bool:
        return self.promises_confirmed_at is not None

    @property
    def stem(self) -> str:
        """The DOM id stem of its field on the workshop page."""
        return f"draft-{self.pk}"


class VisionDraftRevision(models.Model):
    """Every text anyone saved for a draft (who, when, what), including those that lost a
    conflict."""

    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    # True when the text was not applied because someone else saved first.
    conflicted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-saved_at", "-pk"]


class DraftRating(models.Model):
    """One person's judgement of one draft on one criterion (one row per person, draft and
    criterion), with an optional short comment."""

    COMMENT_MAX_LENGTH = 300

    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "rater", "criterion"], name="one_rating_per_rater_and_criterion"
            )
        ]


class VisionStatement(models.Model):
    """The workshop's final vision statement: the draft the facilitator picked, with its
    text as it was then, and why it was picked if the check still questioned it."""

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="vision_statement"
    )
    # The draft may be removed later; the text stays as it was picked.
    draft = models.ForeignKey(VisionDraft, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField()
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    picked_at = models.DateTimeField()
    # The criteria the check said needed work when it was picked, and why it was picked.
    despite = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(blank=True)


class JourneyStep(models.TextChoices):
    """The customer's journey a draft is walked through, step by step."""

    FIRST_CONTACT = "first_contact", _("First contact")
    WAITING = "waiting", _("Waiting")
    SOLVED = "solved", _("Problem solved")
    FOLLOW_UP = "follow_up", _("Follow-up")


class JourneyAnswer(models.Model):
    """One person's answer, for one draft and one step of the customer's journey, to "Does
    it tell an employee what to do here?" (one row per person, draft and step)."""

    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="journey")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=20, choices=JourneyStep.choices)
    tells = models.BooleanField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "rater", "step"], name="one_journey_answer_per_rater_and_step"
            )
        ]


class GutCheckLink(PublicLink):
    """A read-only link to the shortlist, for stakeholders outside the workshop to react
    to without an account. A workshop has at most one link in use; stopping it revokes it
    for good (a new one has a new token)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="gut_check_links")

    class Meta(PublicLink.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_gut_check_link_in_use",
            )
        ]


class GutReaction(models.TextChoices):
    WORKS = "works", _("Works for me")
    DOES_NOT_LAND = "does_not_land", _("Does not land")


class GutCheckReaction(models.Model):
    """One stakeholder's reaction to one shortlisted draft. No account, no address: only
    a device cookie's hash, so one reaction per device and draft (changed, not added)."""

    COMMENT_MAX_LENGTH = 300

    link = models.ForeignKey(GutCheckLink, on_delete=models.CASCADE, related_name="reactions")
    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="gut_reactions")
    device = models.CharField(max_length=64)
    reaction = models.CharField(max_length=20, choices=GutReaction.choices)
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "device"], name="one_gut_reaction_per_device_and_draft"
            )
        ]
