"""The anonymous device behind a public page (the employee survey, the stakeholders'
gut-check link, the share link): a random id in a signed cookie, the rate limits per
address and per device that protect those pages, and the page of a link that does not
work."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

DEVICE_SALT = "surveys.device"


def device_id(request: HttpRequest) -> str | None:
    return request.get_signed_cookie(settings.SURVEY_DEVICE_COOKIE, default=None, salt=DEVICE_SALT)


def remember_device(response: HttpResponse, device: str) -> HttpResponse:
    response.set_signed_cookie(
        settings.SURVEY_DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=365 * 24 * 3600,
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Lax",
    )
    return response


def public_rate_limited(
    request: HttpRequest, group: str, *, per_address: str, per_device: str
) -> bool:
    """Over either limit of one public link (`group`): requests per address, per device.
    django-ratelimit keeps only hashes of these keys, for the window's length."""
    by_address = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=per_address, increment=True
    )
    by_device = is_ratelimited(
        request,
        group=f"{group}-device",
        key=lambda group, request: device_id(request) or request.META.get("REMOTE_ADDR", ""),
        rate=per_device,
        increment=True,
    )
    return by_address or by_device


def link_gone(
    request: HttpRequest, *, heading: str, why: str, title: str = "", unsent: str = ""
) -> HttpResponse:
    """The page of a public link that does not work: the same whatever the reason (unknown,
    revoked, stopped, closed), with what was sent to it shown back to keep."""
    context = {"heading": heading, "why": why, "title": title, "unsent": unsent}
    response = render(request, "surveys/link_gone.html", context, status=404)
    response["X-Robots-Tag"] = "noindex"
    return response
