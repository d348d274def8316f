import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def just_now(moment) -> bool:
    """Less than a minute ago, where "0 minutes ago" would read oddly."""
    return moment is not None and timezone.now() - moment < timedelta(minutes=1)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account: admins, facilitators and participants (never respondents)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class Organisation(models.Model):
    name = models.CharField(_("organisation name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation_detail", args=[self.pk])


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]
        ordering = ["user__display_name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.organisation}"

    @property
    def can_create_workshops(self) -> bool:
        return self.role in (Role.ADMIN, Role.FACILITATOR)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet):
    def usable(self) -> "InvitationQuerySet":
        """Invitations that still work: neither accepted, revoked nor expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link that lets one person join an organisation with a role.

    Only the SHA-256 of the token is stored: a database leak does not leak usable links.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    @classmethod
    def find_usable(cls, token: str) -> "Invitation | None":
        invitation = cls.objects.select_related("organisation").filter(token_hash=hash_token(token))
        invitation = invitation.first()
        return invitation if invitation and invitation.is_usable else None

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    def is_for(self, user: "User") -> bool:
        """Whether this user may accept: anyone holds a link-only invitation, else the invitee."""
        return not self.email or self.email.lower() == user.email.lower()


class Stage(models.IntegerChoices):
    CONTEXT = 1, _("Context")
    SURVEY = 2, _("Survey")
    WORD_CLOUD = 3, _("Word cloud")
    BRAINSTORM = 4, _("Brainstorm values")
    VOTE = 5, _("Vote and narrow")
    VISION = 6, _("Vision statement")
    VALUES_IN_ACTION = 7, _("Values in action")
    DOCUMENT = 8, _("Document, share and check")


class Workshop(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="workshops"
    )
    title = models.CharField(_("title"), max_length=120)
    company_name = models.CharField(_("company name"), max_length=120)
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.CONTEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__gte=min(Stage), stage__lte=max(Stage)),
                name="stage_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshop_detail", args=[self.pk])

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


class WorkshopRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")


class WorkshopMember(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_seats"
    )
    role = models.CharField(max_length=16, choices=WorkshopRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_seat_per_workshop")
        ]
        ordering = ["role", "user__display_name"]


class ContextQuestion(models.TextChoices):
    PURPOSE = "purpose", _("What is the company's purpose or mission statement?")
    SUPPORT_ROLE = "support_role", _("What is the role of customer support?")
    DELIGHT_OR_EFFORT = (
        "delight_or_effort",
        _("Is the aim to delight customers or to reduce their effort?"),
    )
    PRINCIPLES = "principles", _("What principles should the support team follow?")
    CHANNELS = "channels", _("Which channels do customers use today? (optional)")
    FREQUENT_ISSUES = (
        "frequent_issues",
        _("What are the two or three most frequent customer issues? (optional)"),
    )
    COMPANY_VALUES = "company_values", _("What are the company's values, if it has any? (optional)")


class PublicLinkQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(revoked_at__isnull=True)

    def stop(self) -> int:
        """Revoke the links for good (a new one has a new token)."""
        return self.in_use().update(revoked_at=timezone.now())


class PublicLink(models.Model):
    """A link for people without an account (the stage 6 gut check, the stage 8 share
    link): an unguessable token, at most one in use per workshop (each subclass's
    constraint), revoked for good by `revoked_at`."""

    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PublicLinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(16)


class VersionedText(models.Model):
    """A text several people edit at once: every save names the version it started from.

    Saved with `workshops.versioned.versioned_text_save`, shown with
    `templates/workshops/_versioned_text.html`. A concrete model sets the wording the
    component shows for it: CONFLICT_NOTE (with %(name)s, who saved first) and EMPTY_NOTE.
    """

    MAX_LENGTH = 2000
    CONFLICT_NOTE: str
    EMPTY_NOTE: str

    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def saved_just_now(self) -> bool:
        return just_now(self.updated_at)

    @property
    def conflict_note(self) -> str:
        """Who saved this text while the reader was editing it."""
        return self.CONFLICT_NOTE % {"name": self.updated_by or _("Someone")}

    @property
    def empty_note(self) -> str:
        return str(self.EMPTY_NOTE)


class ContextAnswer(VersionedText):
    """One framing answer of stage 1, versioned so concurrent edits never overwrite each other."""

    CONFLICT_NOTE = _("%(name)s saved this answer while you were editing.")
    EMPTY_NOTE = _("Not answered yet.")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="context_answers")
    key = models.CharField(max_length=32, choices=ContextQuestion.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="one_answer_per_question")
        ]

    @property
    def question(self) -> str:
        return ContextQuestion(self.key).label


class ContextRevision(models.Model):
    """Every text anyone saved for a context answer, including drafts that lost a conflict."""

    answer = models.ForeignKey(ContextAnswer, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # True when the text was not applied because someone else saved first.
    conflicted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
