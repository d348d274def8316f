from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from workshops import services
from workshops.forms import InvitationForm, OrganisationForm, RoleForm, SignupForm
from workshops.models import Invitation, Membership, Role
from workshops.selectors import membership_for
from workshops.views.accounts import start_session


def _organisation_page(request, membership, *, invitation_form=None, new_link=None, status=200):
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
        "invitation_form": invitation_form or InvitationForm(),
        "invitations": [i for i in organisation.invitations.all() if i.is_usable],
        "new_link": new_link,
        "roles": Role.choices,
    }
    template = "organisations/detail.html"
    if request.htmx:
        template += "#invitations"
    return render(request, template, context, status=status)


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _organisation_page(request, membership, invitation_form=form, status=422)
    _, token = services.invitation_create(
        organisation=membership.organisation,
        role=form.cleaned_data["role"],
        email=form.cleaned_data["email"],
        invited_by=request.user,
    )
    link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
    return _organisation_page(request, membership, new_link=link)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, organisation_id: int, invitation_id: int):
    membership = membership_for(request.user, organisation_id, admin=True)
    invitation = get_object_or_404(
        Invitation, pk=invitation_id, organisation_id=membership.organisation_id
    )
    services.invitation_revoke(invitation=invitation)
    return _organisation_page(request, membership)


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
    form = None
    if not request.user.is_authenticated:
        form = SignupForm(
            request.POST or None,
            initial={"email": invitation.email, "language": request.LANGUAGE_CODE},
        )
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        elif form.is_valid():
            user = services.user_signup(**form.account_fields)
        else:
            user = None
        if user is not None:
            try:
                services.invitation_accept(token=token, user=user)
            except services.DomainError:
                return render(request, "organisations/invitation_invalid.html", status=404)
            messages.success(request, _("You joined %(name)s.") % {"name": invitation.organisation})
            if request.user.is_authenticated:
                return redirect(invitation.organisation)
            return start_session(request, user, invitation.organisation.get_absolute_url())
    return render(
        request, "organisations/invitation_accept.html", {"invitation": invitation, "form": form}
    )
