"""Reads that several views share, each scoped to what the user may see."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest

from workshops.models import (
    ContextQuestion,
    Membership,
    Role,
    Workshop,
    WorkshopMember,
    WorkshopRole,
)
from workshops.stages import StageOutcome


@dataclass(frozen=True)
class WorkshopAccess:
    workshop: Workshop
    # The organisation admin may run any workshop of the organisation.
    can_facilitate: bool
    is_org_admin: bool


def workshop_access(user, workshop_id: int) -> WorkshopAccess:
    """Return the user's access to a workshop, or raise 404 exactly as for a missing one."""
    if not user.is_authenticated:
        raise Http404
    workshop = Workshop.objects.select_related("organisation").filter(pk=workshop_id).first()
    if workshop is None:
        raise Http404
    org_role, seat = _roles_of(user.pk, workshop)
    if org_role is None or (seat is None and org_role != Role.ADMIN):
        raise Http404
    return WorkshopAccess(
        workshop=workshop,
        can_facilitate=seat == WorkshopRole.FACILITATOR or org_role == Role.ADMIN,
        is_org_admin=org_role == Role.ADMIN,
    )


def _roles_of(user_id: int, workshop: Workshop) -> tuple[str | None, str | None]:
    """The user's role in the workshop's organisation and their seat in the workshop (None:
    none), in one statement: every poll that finds a change runs this, and two ORM queries
    cost more to build than to run."""
    membership, seat = Membership._meta.db_table, WorkshopMember._meta.db_table
    # The table names are the models' own; every value is a parameter.
    sql = (
        f"SELECT (SELECT role FROM {membership} WHERE organisation_id = %s AND user_id = %s),"  # noqa: S608
        f" (SELECT role FROM {seat} WHERE workshop_id = %s AND user_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [workshop.organisation_id, user_id, workshop.pk, user_id])
        return cursor.fetchone()


def facilitator_access(user, workshop_id: int) -> WorkshopAccess:
    """Access of someone who may run the workshop (its facilitators and org admins), or 404."""
    access = workshop_access(user, workshop_id)
    if not access.can_facilitate:
        raise Http404
    return access


def membership_for(user, organisation_id: int, *, admin: bool = False) -> Membership:
    """The user's membership of an organisation (an admin one if asked), or 404."""
    if not user.is_authenticated:
        raise Http404
    memberships = Membership.objects.select_related("organisation").filter(
        organisation_id=organisation_id, user=user
    )
    if admin:
        memberships = memberships.filter(role=Role.ADMIN)
    membership = memberships.first()
    if membership is None:
        raise Http404
    return membership


def workshops_for(user):
    """Workshops the user has a seat in, plus every workshop of organisations they administer."""
    admin_orgs = Membership.objects.filter(user=user, role=Role.ADMIN).values("organisation_id")
    seated = WorkshopMember.objects.filter(user=user).values("workshop_id")
    return Workshop.objects.filter(
        Q(pk__in=seated) | Q(organisation_id__in=admin_orgs)
    ).select_related("organisation")


def present_unseated_admins(workshop: Workshop, user_ids: set[int]) -> list:
    """Those of user_ids who administer the workshop's organisation, by name.

    An admin may open any workshop of the organisation without a seat in it; the roster
    lists them too, so nobody watches unseen.
    """
    if not user_ids:
        return []
    memberships = (
        Membership.objects.filter(
            organisation_id=workshop.organisation_id, role=Role.ADMIN, user_id__in=user_ids
        )
        .select_related("user")
        .order_by("user__display_name", "user_id")
    )
    return [m.user for m in memberships]


def context_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    """Stage 1: the context answers, in the order of the questions."""
    answers = {a.key: a for a in access.workshop.context_answers.select_related("updated_by")}
    return {"context_items": [answers[key] for key in ContextQuestion.values if key in answers]}
