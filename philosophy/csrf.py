"""A refused CSRF check (a page open for a very long time, cookies cleared) on a public
form must not lose what was typed: the survey and the share page show it back, to send
again. Every other page gets Django's own answer."""

from django.http import HttpRequest, HttpResponse
from django.views.csrf import csrf_failure as django_csrf_failure


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    from documents.views import share_expired
    from surveys.views import survey_expired

    keeps_typed_text = {"survey_respond": survey_expired, "document_share": share_expired}
    match = getattr(request, "resolver_match", None)
    handler = keeps_typed_text.get(match.url_name) if match is not None else None
    if handler is None or "token" not in match.kwargs:
        return django_csrf_failure(request, reason)
    return handler(request, match.kwargs["token"])
