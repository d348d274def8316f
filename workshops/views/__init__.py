from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from workshops.selectors import workshops_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/landing.html")
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    if not memberships:
        return redirect("organisation_create")
    return render(
        request,
        "home/dashboard.html",
        {"memberships": memberships, "workshops": workshops_for(request.user)},
    )


def rate_limited(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    return render(request, "errors/429.html", status=429)


def creating_too_fast(request: HttpRequest, group: str, rate: str) -> bool:
    """Count one creation by this account; whether it is over `rate` (a scanner made 106
    organisations and some 1,100 workshops in 17 minutes)."""
    return is_ratelimited(request, group=group, key="user", rate=rate, increment=True)


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
