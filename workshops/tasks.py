"""Celery tasks: thin, they take ids, load rows and call one function."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from workshops.models import Invitation, User


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_invitation_email(self, invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(
        pk=invitation_id
    )
    invitation = invitation.first()
    if invitation is None or not invitation.is_usable or not invitation.email:
        return
    language = invitation.invited_by.language if invitation.invited_by else "en"
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": settings.SITE_ROOT + reverse("invitation_accept", args=[token]),
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string("emails/invitation_subject.txt", context).strip()
        body = render_to_string("emails/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [invitation.email])
    except OSError as error:
        raise self.retry(exc=error) from error


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def send_signup_email(self, email: str, token: str, language: str) -> None:
    """The e-mail that answers a sign-up: the link to finish it (token), or, for an address
    that has an account (no token), a note saying so with links to log in and reset."""
    context = {"site_name": settings.SITE_NAME}
    if token:
        kind = "signup_confirm"
        context["url"] = settings.SITE_ROOT + reverse("signup_confirm", args=[token])
    else:
        kind = "signup_exists"
        owner = User.objects.filter(email__iexact=email).first()
        language = owner.language if owner else language
        context["login_url"] = settings.SITE_ROOT + reverse("login")
        context["reset_url"] = settings.SITE_ROOT + reverse("password_reset")
    with translation.override(language):
        subject = render_to_string(f"emails/{kind}_subject.txt", context).strip()
        body = render_to_string(f"emails/{kind}_body.txt", context)
    try:
        send_mail(subject, body, None, [email])
    except OSError as error:
        raise self.retry(exc=error) from error


@shared_task
def ping() -> str:
    """Answer from a worker: used by the health check of the full stack and its tests."""
    return "pong"
