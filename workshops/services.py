"""Workflows of organisations, invitations, workshops and the context stage."""

import secrets
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops import live
from workshops.models import (
    ContextAnswer,
    ContextQuestion,
    ContextRevision,
    Invitation,
    Membership,
    Organisation,
    Role,
    Stage,
    User,
    Workshop,
    WorkshopMember,
    WorkshopRole,
    hash_token,
)
from workshops.versioned import SaveResult, versioned_text_save


class DomainError(Exception):
    """A request that is well formed but not allowed by the rules; its message is for the user."""


@transaction.atomic
def organisation_create(*, name: str, admin: User) -> Organisation:
    organisation = Organisation.objects.create(name=name)
    Membership.objects.create(organisation=organisation, user=admin, role=Role.ADMIN)
    return organisation


def user_signup(*, email: str, password: str, display_name: str, language: str) -> User:
    return User.objects.create_user(
        email=email, password=password, display_name=display_name, language=language
    )


# A sign-up waits for its address to be confirmed this long (the link in the e-mail).
SIGNUP_CONFIRM_SECONDS = 24 * 3600


def _pending_signup_key(token: str) -> str:
    # Only a hash of the token is stored: the cache (a table without Redis) holds no link.
    return f"signup:pending:{hash_token(token)}"


def signup_request(
    *, email: str, password: str, display_name: str, language: str, organisation_name: str
) -> None:
    """Ask for an account: the answer is the same e-mail-only outcome whether or not the
    address has an account, so sign-up reveals none.

    A new address gets a link that creates the account and the organisation (nothing is
    created before, so nobody can hold an address they cannot read); an address with an
    account gets an e-mail saying so, with links to log in and to reset the password.
    """
    from workshops.tasks import send_signup_email

    # Hashed either way: both answers take the same time.
    password_hash = make_password(password)
    if User.objects.filter(email__iexact=email).exists():
        token = ""
    else:
        token = secrets.token_urlsafe(32)
        pending = {
            "email": email,
            "password": password_hash,
            "display_name": display_name,
            "language": language,
            "organisation_name": organisation_name,
        }
        cache.set(_pending_signup_key(token), pending, timeout=SIGNUP_CONFIRM_SECONDS)
    send_signup_email.delay(email, token, language)


def signup_pending(token: str) -> dict | None:
    """What a confirmation link would create, or None (unknown, expired, used)."""
    if not token or len(token) > 100:
        return None
    return cache.get(_pending_signup_key(token))


class SignupLinkUnusable(DomainError):
    pass


@transaction.atomic
def signup_confirm(*, token: str) -> tuple[User, Organisation]:
    """Create the account and its organisation from a confirmed sign-up."""
    pending = signup_pending(token)
    if pending is None or User.objects.filter(email__iexact=pending["email"]).exists():
        raise SignupLinkUnusable(_("This link does not work any more."))
    user = User(
        email=pending["email"],
        display_name=pending["display_name"],
        language=pending["language"],
        password=pending["password"],
    )
    user.save()
    organisation = organisation_create(name=pending["organisation_name"], admin=user)
    transaction.on_commit(lambda: cache.delete(_pending_signup_key(token)))
    return user, organisation


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, role: str, email: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its token, which is never stored."""
    from workshops.tasks import send_invitation_email

    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        role=role,
        email=email,
        token_hash=hash_token(token),
        invited_by=invited_by,
    )
    if email:
        transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk, token))
    return invitation, token


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).update(revoked_at=timezone.now())


class InvitationForSomeoneElse(DomainError):
    """The invitation names an e-mail address, and the user's account has another."""


class AlreadyMember(DomainError):
    """The user is in the organisation already: the invitation stays usable for someone else."""

    def __init__(self, membership: Membership):
        self.membership = membership
        super().__init__(
            _("You are already a member of %(organisation)s, as %(role)s.")
            % {"organisation": membership.organisation, "role": membership.get_role_display()}
        )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Join the invitation's organisation with its role, and use the invitation up.

    Raises InvitationForSomeoneElse or AlreadyMember (both leave the invitation open), or
    DomainError when the invitation no longer works.
    """
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        raise DomainError(_("This invitation is no longer valid."))
    if not invitation.is_for(user):
        raise InvitationForSomeoneElse(
            _("This invitation is for %(email)s. Log in with that account to accept it.")
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.select_related("organisation").get_or_create(
        organisation_id=invitation.organisation_id,
        user=user,
        defaults={"role": invitation.role},
    )
    if not created:
        # Neither a promotion nor a demotion: roles change on the organisation page.
        raise AlreadyMember(membership)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _lock_memberships_of(organisation_id: int) -> None:
    # Two admins stepping down at the same moment must each see the other's change, or
    # both would pass the last-admin check: membership changes of one organisation queue
    # on its row lock (PostgreSQL; SQLite already runs write transactions one at a time).
    Organisation.objects.select_for_update().get(pk=organisation_id)


def _ensure_another_admin(membership: Membership) -> None:
    others = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.ADMIN
    ).exclude(pk=membership.pk)
    if membership.role == Role.ADMIN and not others.exists():
        raise DomainError(_("An organisation needs at least one admin."))


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> None:
    _lock_memberships_of(membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _lock_memberships_of(membership.organisation_id)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_another_admin(membership)
    seats = WorkshopMember.objects.filter(
        workshop__organisation_id=membership.organisation_id, user_id=membership.user_id
    )
    for workshop_id in set(seats.values_list("workshop_id", flat=True)):
        live.announce_change(workshop_id)
    seats.delete()
    membership.delete()


# The rows a new workshop needs from the stage apps (its survey, its value set). Each stage
# app adds its step when Django starts (its AppConfig.ready()), so this module imports none
# of them, and no page has to create a row while it is only being read.
_workshop_setup_steps: dict[str, Callable[[Workshop], None]] = {}


def register_workshop_setup(name: str, step: Callable[[Workshop], None]) -> None:
    _workshop_setup_steps[name] = step


@transaction.atomic
def workshop_create(
    *,
    organisation: Organisation,
    title: str,
    company_name: str,
    created_by: User,
    facilitators: list[User],
    participants: list[User],
) -> Workshop:
    workshop = Workshop.objects.create(
        organisation=organisation, title=title, company_name=company_name, created_by=created_by
    )
    ContextAnswer.objects.bulk_create(
        ContextAnswer(workshop=workshop, key=key) for key in ContextQuestion.values
    )
    for step in _workshop_setup_steps.values():
        step(workshop)
    workshop_set_members(workshop=workshop, facilitators=facilitators, participants=participants)
    return workshop


@transaction.atomic
def workshop_set_members(
    *, workshop: Workshop, facilitators: list[User], participants: list[User]
) -> None:
    """Seat exactly these people; someone chosen as both is seated as facilitator."""
    if not facilitators:
        raise DomainError(_("A workshop needs at least one facilitator."))
    roles = {user.pk: WorkshopRole.PARTICIPANT for user in participants}
    roles.update({user.pk: WorkshopRole.FACILITATOR for user in facilitators})
    WorkshopMember.objects.filter(workshop=workshop).exclude(user_id__in=roles).delete()
    for user_id, role in roles.items():
        WorkshopMember.objects.update_or_create(
            workshop=workshop, user_id=user_id, defaults={"role": role}
        )
    live.announce_change(workshop.pk)


@transaction.atomic
def workshop_update(
    *,
    workshop: Workshop,
    title: str,
    company_name: str,
    facilitators: list[User],
    participants: list[User],
) -> None:
    """The settings page: the names and the seats, saved together or not at all."""
    Workshop.objects.filter(pk=workshop.pk).update(title=title, company_name=company_name)
    workshop_set_members(workshop=workshop, facilitators=facilitators, participants=participants)


def workshop_set_stage(*, workshop: Workshop, stage: int) -> None:
    if stage not in Stage.values:
        raise DomainError(_("There is no such stage."))
    Workshop.objects.filter(pk=workshop.pk).update(stage=stage)
    workshop.stage = stage
    live.announce_change(workshop.pk)


@transaction.atomic
def context_answer_save(
    *, workshop: Workshop, key: str, text: str, base_version: int, user: User
) -> SaveResult:
    """Save an answer only if nobody saved it since base_version; every text is a revision."""
    # A question added after the workshop was created has no row yet; the save creates it.
    answer, _ = ContextAnswer.objects.get_or_create(workshop=workshop, key=key)

    def record(row: ContextAnswer, text: str, conflicted: bool) -> None:
        ContextRevision.objects.create(answer=row, text=text, author=user, conflicted=conflicted)

    return versioned_text_save(
        answer, text=text, base_version=base_version, user=user, announce=workshop.pk, record=record
    )
