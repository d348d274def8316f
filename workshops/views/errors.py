import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

logger = logging.getLogger(__name__)

# What a database that is restarting or unreachable raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Posted fields that are not something the person typed (or must never be shown again).
_NOT_TYPED = {"csrfmiddlewaretoken", "next", "base_version"}


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a database outage met outside a view
    # (a middleware saving the session) gets the same page as one met inside.
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    # No request context: the failure may be in a context processor or the database.
    return HttpResponse(get_template("errors/500.html").render(), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 for a request that met a database outage, keeping what the person sent.

    Rendered without the request's context: the user and the session are in the database.
    """
    if HtmxDetails(request):
        # htmx swaps no 5xx answer (htmx-config in base.html): the form stays as typed, and
        # the page's script shows its "could not reach the server" notice until a request
        # succeeds.
        body = get_template("errors/503_fragment.html").render()
    else:
        context = {"typed": _typed(request), "back": _back(request)}
        body = get_template("errors/503.html").render(context)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    return response


def _typed(request: HttpRequest) -> str:
    if request.method != "POST":
        return ""
    try:
        fields = list(request.POST.lists())
    except Exception:  # noqa: BLE001 - a body that does not parse has nothing to show back
        return ""
    typed = [
        value.strip()
        for name, values in fields
        if name not in _NOT_TYPED and "password" not in name
        for value in values
    ]
    return "\n".join(value for value in typed if value)


def _back(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"
