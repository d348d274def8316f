"""Middleware of the workshops app."""

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from workshops.views.errors import DATABASE_UNAVAILABLE, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A view that meets a database outage (a restart, a dropped connection) answers 503
    with a page that says so and shows back what was sent, instead of a bare 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error("Database unreachable: %s %s", request.method, request.path, exc_info=True)
        return database_unavailable(request)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every answer to a browser that has a session,
    unless the view chose its own caching (the cloud's picture, the poll's no-store).

    Reading the session cookie, not request.user: the poll's fast path must stay free of
    database queries, and a page for someone logged in must not stay in a shared computer's
    cache after they log out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class HtmxLoginRedirectMiddleware:
    """Send the whole page to the log-in page when an htmx request finds the session ended.

    htmx follows a redirect inside its request, so without this the log-in page would be
    swapped into whatever the request targets (a form, the live region). Instead the
    browser goes to the log-in page, which returns to the page the person was on; what
    they were typing is kept by the page's script until they are back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Not isinstance(HttpResponseRedirectBase): htmx's own client redirect is one too.
        if not (300 <= response.status_code < 400 and response.has_header("Location")):
            return response
        # Read the headers here rather than rely on request.htmx: HtmxMiddleware comes later
        # in MIDDLEWARE and has not run when a middleware before it answers.
        htmx = HtmxDetails(request)
        if not htmx:
            return response
        login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
        if urlsplit(response["Location"]).path != login_path:
            return response
        return HttpResponseClientRedirect(redirect_to_login(_current_page(request, htmx)).url)


def _current_page(request: HttpRequest, htmx: HtmxDetails) -> str:
    """The path (and query) of the page the request came from, if it is one of ours; else /."""
    current = htmx.current_url
    if not current or not url_has_allowed_host_and_scheme(
        current, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    parts = urlsplit(current)
    page = parts.path or "/"
    return f"{page}?{parts.query}" if parts.query else page
