"""Reads that several views share, each scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
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
    # One query: the workshop with the user's role in its organisation and their seat in it.
    workshop = (
        Workshop.objects.select_related("organisation")
        .annotate(
            viewer_org_role=Subquery(
                Membership.objects.filter(
                    organisation_id=OuterRef("organisation_id"), user=user
                ).values("role")[:1]
            ),
            viewer_seat=Subquery(
                WorkshopMember.objects.filter(workshop_id=OuterRef("pk"), user=user).values("role")[
                    :1
                ]
            ),
        )
        .filter(pk=workshop_id)
        .first()
    )
    if workshop is None:
        raise Http404
    org_role, seat = workshop.viewer_org_role, workshop.viewer_seat
    if org_role is None or (seat is None and org_role != Role.ADMIN):
        raise Http404
    return WorkshopAccess(
        workshop=workshop,
        can_facilitate=seat == WorkshopRole.FACILITATOR or org_role == Role.ADMIN,
        is_org_admin=org_role == Role.ADMIN,
    )


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
