from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from workshops import services
from workshops.forms import InvitationForm, InvitationSignupForm, OrganisationForm, RoleForm
from workshops.models import Invitation, Membership, Role
from workshops.selectors import membership_for
from workshops.views import creating_too_fast, rate_limited
from workshops.views.accounts import start_session


def _organisation_page(
    request, membership, *, invitation_form=None, new_link=None, sent_to="", notice="", status=200
):
    """The organisation page; to htmx, its invitations section, with what just happened there.

    new_link is a just-created invitation's link (sent_to its address, if it has one);
    notice says what else changed.
    """
    organisation = membership.organisation
    workshops = organisation.workshops.all()
    if membership.role != Role.ADMIN:
        # Members see the workshops they take part in; admins run all of them.
        workshops = workshops.filter(members__user=membership.user_id)
    context = {
        "organisation": organisation,
        "membership": membership,
        "members": organisation.memberships.select_related("user"),
        "workshops": workshops,
        "invitation_form": invitation_form or InvitationForm(organisation=organisation),
        "invitations": organisation.invitations.usable().select_related("invited_by"),
        "new_link": new_link,
        "sent_to": sent_to,
        "notice": notice,
        "roles": Role.choices,
        "Role": Role,
    }
    template = "organisations/detail.html"
    if request.htmx:
        template += "#invitations"
    return render(request, template, context, status=status)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if creating_too_fast(request, "organisation-create", settings.ORGANISATION_CREATE_RATE):
            return rate_limited(request, None)
        organisation = services.organisation_create(
            name=form.cleaned_data["name"], admin=request.user
        )
        return redirect(organisation)
    return render(request, "organisations/create.html", {"form": form})


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(request.user, organisation_id)
    return _organisation_page(request, membership)


@login_required
@require_POST
def invitation_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(request.user, organisation_id, admin=True)
    form = InvitationForm(request.POST, organisation=membership.organisation)
    if not form.is_valid():
        return _organisation_page(request, membership, invitation_form=form, status=422)
    invitation, token = services.invitation_create(
        organisation=membership.organisation,
        role=form.cleaned_data["role"],
        email=form.cleaned_data["email"],
        invited_by=request.user,
    )
    link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
    return _organisation_page(request, membership, new_link=link, sent_to=invitation.email)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, organisation_id: int, invitation_id: int):
    membership = membership_for(request.user, organisation_id, admin=True)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation_id=membership.organisation_id
    )
    services.invitation_revoke(invitation=invitation)
    return _organisation_page(request, membership, notice=_("Invitation revoked."))


@login_required
@require_POST
def member_role(request: HttpRequest, organisation_id: int, membership_id: int):
    membership = membership_for(request.user, organisation_id, admin=True)
    member = get_object_or_404(Membership, pk=membership_id, organisation_id=organisation_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
    else:
        try:
            services.membership_change_role(membership=member, role=form.cleaned_data["role"])
            messages.success(request, _("Role changed."))
        except services.DomainError as error:
            messages.error(request, str(error))
    return redirect(membership.organisation)


@login_required
@require_POST
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int):
    membership = membership_for(request.user, organisation_id, admin=True)
    member = get_object_or_404(Membership, pk=membership_id, organisation_id=organisation_id)
    try:
        services.membership_remove(membership=member)
        messages.success(request, _("%(name)s was removed.") % {"name": member.user})
    except services.DomainError as error:
        messages.error(request, str(error))
    return redirect(membership.organisation)


@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find_usable(token)
    if invitation is None:
        return render(request, "organisations/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        return _accept_as_user(request, invitation, token)
    form = InvitationSignupForm(
        request.POST or None,
        invited_email=invitation.email,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(**form.account_fields)
        try:
            services.invitation_accept(token=token, user=user)
        except services.DomainError:
            return render(request, "organisations/invitation_invalid.html", status=404)
        messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation})
        return start_session(request, user, invitation.organisation.get_absolute_url())
    login_url = reverse("login") + "?" + urlencode({"next": request.path})
    context = {"invitation": invitation, "form": form, "login_url": login_url}
    return render(request, "organisations/invitation_accept.html", context)


def _accept_as_user(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    """One click to join for someone logged in, unless the invitation is not theirs to use."""
    context = {
        "invitation": invitation,
        "for_someone_else": not invitation.is_for(request.user),
        "membership": request.user.memberships.filter(
            organisation_id=invitation.organisation_id
        ).first(),
    }
    if request.method != "POST":
        return render(request, "organisations/invitation_accept.html", context)
    try:
        services.invitation_accept(token=token, user=request.user)
    except services.InvitationForSomeoneElse:
        return render(request, "organisations/invitation_accept.html", context, status=403)
    except services.AlreadyMember as error:
        messages.info(request, str(error))
        return redirect(invitation.organisation)
    except services.DomainError:
        return render(request, "organisations/invitation_invalid.html", status=404)
    messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation})
    return redirect(invitation.organisation)
