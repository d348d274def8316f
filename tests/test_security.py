"""Security targets of docs/quality.md: deployment checks, cookies and headers,
escaping, no `|safe`, and forms that never answer 500 to odd input."""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import PASSWORD, OrganisationFactory, member, workshop_for
from workshops import services
from workshops.models import ContextAnswer, ContextQuestion, Membership, Role

ROOT = Path(django_settings.BASE_DIR)
# The probes see only these of the test process's environment, never what a test run sets
# for itself (DATABASE_URL, DJANGO_ALLOW_ASYNC_UNSAFE, ...).
_PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ")


def production_environment() -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "example.com",
        # Nothing listens on port 1: any attempt to reach Redis fails at once.
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }


def _subprocess_environment(**overrides: str) -> dict[str, str]:
    environment = {k: os.environ[k] for k in _PASS_THROUGH if k in os.environ}
    environment["DJANGO_SETTINGS_MODULE"] = "philosophy.settings"
    environment.update(overrides)
    return environment


# Runs manage.py with every outgoing connection refused and reported on stderr.
_WITHOUT_NETWORK = """
import runpy, socket, sys

def refuse(sock, address, *args):
    sys.stderr.write(f"NETWORK-CONNECT {address!r}\\n")
    raise ConnectionRefusedError(f"no network during checks: {address!r}")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "-c", _WITHOUT_NETWORK, *args],
        cwd=ROOT,
        env=_subprocess_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------------------------------
# (a) manage.py check --deploy


def test_deploy_checks_pass_with_production_settings_and_touch_no_network():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())
    output = result.stdout + result.stderr
    assert "NETWORK-CONNECT" not in output, output
    assert result.returncode == 0, output


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment()
    del environment["SECRET_KEY"]
    result = _manage("check", **environment)
    assert result.returncode != 0
    assert "Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is false." in result.stderr
    result = _manage("check", **environment, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# ---------------------------------------------------------------------------------------
# (b) production cookies and headers, with the values settings.py computes for production

_SECURITY_SETTINGS = re.compile(
    r"^(SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|LANGUAGE_COOKIE_|CSRF_TRUSTED_ORIGINS$|"
    r"X_FRAME_OPTIONS$|CONTENT_SECURITY_POLICY|ALLOWED_HOSTS$)"
)
HOST = "example.com"


def _production_settings(monkeypatch) -> dict:
    """Execute philosophy/settings.py afresh in a production environment."""
    origin = importlib.util.find_spec("philosophy.settings").origin
    spec = importlib.util.spec_from_file_location("production_settings_probe", origin)
    module = importlib.util.module_from_spec(spec)
    with monkeypatch.context() as patch:
        patch.setattr(os, "environ", _subprocess_environment(**production_environment()))
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


@pytest.fixture
def production(settings, monkeypatch):
    """This test's settings take the production values of every security setting."""
    values = _production_settings(monkeypatch)
    assert values["DEBUG"] is False
    for name, value in values.items():
        if _SECURITY_SETTINGS.match(name):
            setattr(settings, name, value)
    return values


def https_client(**extra) -> Client:
    # Production runs behind a proxy that terminates TLS and says so in this header.
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https", **extra)


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_plain_http_is_redirected_to_https(production, db):
    response = Client(HTTP_HOST=HOST).get("/accounts/login/?next=/x/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/accounts/login/?next=/x/"


def test_an_unknown_host_is_refused(production, db):
    response = Client(HTTP_HOST="attacker.example", HTTP_X_FORWARDED_PROTO="https").get("/")
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["landing", "login", "dashboard", "workshop", "organisation"])
def test_pages_send_hsts_frame_and_content_security_headers(
    production, request, page, workshop, acme, alice
):
    client = https_client()
    if page in ("dashboard", "workshop", "organisation"):
        client.force_login(alice)
    url = {
        "landing": "/",
        "login": reverse("login"),
        "dashboard": "/",
        "workshop": workshop.get_absolute_url(),
        "organisation": acme.get_absolute_url(),
    }[page]
    response = client.get(url)
    assert response.status_code == 200

    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy-Report-Only" not in response

    csp = _csp(response)
    scripts = csp.get("script-src", csp["default-src"])
    assert "'self'" in scripts
    for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:", "http:"):
        assert loose not in scripts, csp
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]

    # The page itself keeps working under that policy: no inline script or handler.
    html = response.content.decode()
    assert not re.search(r"<script\b(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handler"
    assert re.search(r'<script src="[^"]*/js/app\b[^"]*\.js"', html), "no app script"
    assert "javascript:" not in html


def _assert_host_cookie(cookie, *, httponly: bool):
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""  # __Host- forbids a Domain attribute
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["httponly"]) is httponly


def test_session_and_csrf_cookies_are_host_prefixed_and_secure(production, alice):
    client = https_client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "csrftoken" not in page.cookies
    # No script reads it: htmx sends the token from the page.
    _assert_host_cookie(page.cookies["__Host-csrftoken"], httponly=True)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    response = client.post(
        reverse("login"),
        {"username": alice.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=f"https://{HOST}",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "sessionid" not in response.cookies
    _assert_host_cookie(response.cookies["__Host-sessionid"], httponly=True)
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME]["secure"] is True
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME]["httponly"] is True

    # The session cookie is the one the site reads back.
    dashboard = client.get("/")
    assert dashboard.context["user"] == alice


def test_a_post_without_the_csrf_token_is_refused(production, alice):
    client = https_client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    response = client.post(
        reverse("login"),
        {"username": alice.email, "password": PASSWORD},
        HTTP_ORIGIN=f"https://{HOST}",
    )
    assert response.status_code == 403


def test_a_blocked_rate_limit_answers_429_with_its_page(client, db):
    for _ in range(20):
        assert client.post(reverse("signup"), {}).status_code == 200
    response = client.post(reverse("signup"), {})
    assert response.status_code == 429
    assert [t.name for t in response.templates][0] == "errors/429.html"


# ---------------------------------------------------------------------------------------
# (c) user text is escaped wherever it is shown

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _assert_escaped(response, *, status=200):
    assert response.status_code == status
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert ESCAPED in html, "the user text is not on the page at all"


@pytest.fixture
def hostile(db):
    """An organisation where every user-chosen text is markup."""
    organisation = OrganisationFactory(name=XSS)
    admin = member(organisation, Role.ADMIN, display_name=XSS)
    participant = member(organisation, Role.PARTICIPANT, display_name=XSS)
    workshop = workshop_for(organisation, facilitators=[admin], participants=[participant])
    workshop.title = XSS
    workshop.save()
    services.context_answer_save(
        workshop=workshop, key=ContextQuestion.PURPOSE, text=XSS, base_version=0, user=admin
    )
    return organisation, admin, workshop


def test_user_text_is_escaped_on_the_workshop_page(client, hostile):
    organisation, admin, workshop = hostile
    client.force_login(admin)
    _assert_escaped(client.get(workshop.get_absolute_url()))
    live = client.get(reverse("workshop_live", args=[workshop.pk]), HTTP_HX_REQUEST="true")
    _assert_escaped(live)


def test_user_text_is_escaped_on_the_dashboard_org_page_and_forms(client, hostile):
    organisation, admin, workshop = hostile
    client.force_login(admin)
    _assert_escaped(client.get("/"))
    _assert_escaped(client.get(organisation.get_absolute_url()))
    _assert_escaped(client.get(reverse("workshop_settings", args=[workshop.pk])))
    _assert_escaped(client.get(reverse("profile")))


def test_user_text_is_escaped_in_context_saves_and_conflicts(client, hostile):
    organisation, admin, workshop = hostile
    client.force_login(admin)
    url = reverse("context_save", args=[workshop.pk, ContextQuestion.PURPOSE])
    version = ContextAnswer.objects.get(workshop=workshop, key=ContextQuestion.PURPOSE).version
    saved = client.post(
        url, {"text": XSS + " again", "base_version": version}, HTTP_HX_REQUEST="true"
    )
    _assert_escaped(saved)
    # A stale base version: the conflict page shows both texts and their differences.
    conflict = client.post(url, {"text": XSS + " mine", "base_version": 0})
    _assert_escaped(conflict, status=409)
    conflict = client.post(url, {"text": XSS + " mine", "base_version": 0}, HTTP_HX_REQUEST="true")
    _assert_escaped(conflict, status=409)


def test_organisation_name_is_escaped_on_the_invitation_page(client, hostile):
    organisation, admin, workshop = hostile
    _, token = services.invitation_create(
        organisation=organisation, role=Role.PARTICIPANT, email="", invited_by=admin
    )
    _assert_escaped(client.get(reverse("invitation_accept", args=[token])))


# ---------------------------------------------------------------------------------------
# (d) nothing switches escaping off

_ESCAPING_OFF = re.compile(
    r"\|\s*safe(seq)?\b|\bmark_safe\b|\bSafeString\b|\bSafeText\b|\bSafeData\b"
    r"|{%\s*autoescape\s+off|\bhtml_safe\b"
)


# Plain-text e-mails are not HTML: they switch escaping off, as Django's own reset e-mail does.
PLAIN_TEXT_EMAILS = {
    "emails/invitation_body.txt",
    "emails/invitation_subject.txt",
    "emails/signup_confirm_body.txt",
    "emails/signup_confirm_subject.txt",
    "emails/signup_exists_body.txt",
    "emails/signup_exists_subject.txt",
    "registration/password_reset_email.html",
    "registration/password_reset_subject.txt",
}


def test_nothing_turns_html_escaping_off():
    sources = [ROOT / "templates", ROOT / "philosophy"]
    sources += [Path(config.path) for config in apps.get_app_configs()]
    files = [
        path
        for source in sources
        if source.is_relative_to(ROOT) and ".venv" not in source.parts
        for path in source.rglob("*")
        if path.suffix in (".py", ".html", ".txt", ".xml", ".svg") and path.is_file()
        if path.relative_to(ROOT).as_posix().removeprefix("templates/") not in PLAIN_TEXT_EMAILS
    ]
    assert any(path.suffix == ".html" for path in files)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _ESCAPING_OFF.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_no_script_of_ours_writes_html_into_the_page():
    # static/vendor/ holds libraries fetched at install time (idiomorph, which builds the
    # morph's new nodes from htmx's parsed fragment), not code of ours.
    ours = [path for path in (ROOT / "static").rglob("*.js") if "vendor" not in path.parts]
    assert ours
    offenders = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in ours
        for match in re.finditer(
            r"innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert not offenders, offenders


# ---------------------------------------------------------------------------------------
# (e) NUL and other odd input never causes a 500 nor reaches the database

NUL = "a\x00b"


def _text_values_with_nul() -> list:
    """Every stored text value of the app's models that contains a NUL (SQLite keeps them;
    PostgreSQL would have refused the query with a 500)."""
    found = []
    for model in apps.get_app_config("workshops").get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list("pk", *names):
            found += [(model.__name__, row[0]) for value in row[1:] if value and "\x00" in value]
    return found


def _form_data(url_name: str, world) -> dict:
    acme, workshop, fiona, paul = world
    return {
        "signup": {
            "organisation_name": "Initech",
            "display_name": "Ivy",
            "email": "ivy@initech.example",
            "password": "a long enough passphrase",
            "language": "en",
        },
        "invitation_accept": {
            "display_name": "Ivy",
            "email": "ivy@initech.example",
            "password": "a long enough passphrase",
            "language": "en",
        },
        "login": {"username": fiona.email, "password": PASSWORD},
        "password_reset": {"email": fiona.email},
        "profile": {"display_name": "Fiona F.", "language": "en"},
        "organisation_create": {"name": "Initech"},
        "invitation_create": {"email": "new@acme.example", "role": Role.PARTICIPANT},
        "member_role": {"role": Role.FACILITATOR},
        "workshop_create": {
            "title": "Ethics",
            "company_name": "Acme",
            "facilitators": [str(fiona.pk)],
            "participants": [str(paul.pk)],
        },
        "workshop_settings": {
            "title": "Ethics",
            "company_name": "Acme",
            "facilitators": [str(fiona.pk)],
            "participants": [str(paul.pk)],
        },
        "workshop_stage": {"stage": "2"},
        "context_save": {"text": "We help.", "base_version": "0"},
        "language_switch": {"language": "ro", "next": "/"},
    }[url_name]


_NUL_CASES = [
    (url_name, field)
    for url_name, fields in {
        "signup": ["organisation_name", "display_name", "email", "password", "language"],
        "invitation_accept": ["display_name", "email", "password", "language"],
        "login": ["username", "password"],
        "password_reset": ["email"],
        "profile": ["display_name", "language"],
        "organisation_create": ["name"],
        "invitation_create": ["email", "role"],
        "member_role": ["role"],
        "workshop_create": ["title", "company_name", "facilitators", "participants"],
        "workshop_settings": ["title", "company_name", "facilitators"],
        "workshop_stage": ["stage"],
        "context_save": ["text", "base_version"],
        "language_switch": ["language", "next"],
    }.items()
    for field in fields
]
# Who sends the form: nobody for the public ones, else the one allowed to.
_SENDER = {"signup": None, "invitation_accept": None, "login": None, "password_reset": None}
_SENDER.update(dict.fromkeys(["invitation_create", "member_role"], "alice"))


# A field that only picks among fixed values may fall back to a default, or be ignored.
_MAY_IGNORE = {
    ("language_switch", "language"),  # the default language
    ("language_switch", "next"),  # a relative redirect, percent-encoded
    ("member_role", "role"),  # nothing changes (checked below)
}


@pytest.fixture
def nul_world(acme, alice, fiona, paul, nina, workshop):
    return acme, workshop, fiona, paul


def _url(url_name: str, world, alice) -> str:
    acme, workshop, fiona, paul = world
    if url_name == "invitation_accept":
        _, token = services.invitation_create(
            organisation=acme, role=Role.PARTICIPANT, email="", invited_by=alice
        )
        return reverse(url_name, args=[token])
    if url_name in ("invitation_create", "workshop_create"):
        return reverse(url_name, args=[acme.pk])
    if url_name == "member_role":
        return reverse(url_name, args=[acme.pk, paul.memberships.get().pk])
    if url_name in ("workshop_settings", "workshop_stage"):
        return reverse(url_name, args=[workshop.pk])
    if url_name == "context_save":
        return reverse(url_name, args=[workshop.pk, ContextQuestion.PURPOSE])
    return reverse(url_name)


@pytest.mark.parametrize(("url_name", "field"), _NUL_CASES)
def test_a_nul_character_in_a_form_field_is_refused_not_a_500(
    request, nul_world, alice, url_name, field
):
    client = Client(raise_request_exception=False)
    sender = _SENDER.get(url_name, "fiona")
    if sender:
        client.force_login(request.getfixturevalue(sender))
    data = _form_data(url_name, nul_world)
    data[field] = [NUL] if isinstance(data[field], list) else NUL
    response = client.post(_url(url_name, nul_world, alice), data)

    assert response.status_code < 500
    assert _text_values_with_nul() == []
    form = response.context.get("form") if response.context else None
    errors = [m for m in get_messages(response.wsgi_request) if m.level == message_levels.ERROR]
    refused = 400 <= response.status_code < 500 or (form is not None and form.errors) or errors
    assert refused or (url_name, field) in _MAY_IGNORE, (
        response.status_code,
        response.get("Location"),
    )
    assert Membership.objects.get(user__email="paul@acme.example").role == Role.PARTICIPANT


@pytest.mark.parametrize(
    "next_url", ["foo", "home", "a\x00b", "//evil.example/", "https://evil.example/"]
)
def test_the_language_switch_redirects_only_to_this_site(client, db, next_url):
    response = client.post(reverse("language_switch"), {"language": "ro", "next": next_url})
    assert response.status_code == 302
    assert not response["Location"].startswith(("//", "http"))
    assert "\x00" not in response["Location"]


def test_a_nul_in_query_strings_and_tokens_is_not_a_500(client_for, workshop, paul):
    client = client_for(paul)
    client.raise_request_exception = False
    urls = [
        reverse("workshop_live", args=[workshop.pk]) + "?v=%00&t=%00",
        reverse("login") + "?next=%00",
        reverse("invitation_accept", args=["%00"]),
        reverse("password_reset_confirm", args=["%00", "%00"]),
    ]
    for url in urls:
        assert client.get(url).status_code < 500, url


def _id_url_paths() -> list[tuple[str, str]]:
    """Every URL pattern with a numeric id, reversed with the ids as absurdly large numbers."""
    big = "9" * 30
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                converters = getattr(pattern.pattern, "converters", {})
                ids = [k for k, c in converters.items() if isinstance(c.to_python("1"), int)]
                if ids:
                    placeholders = {k: 7_000_000 + n for n, k in enumerate(ids)}
                    kwargs = {k: placeholders.get(k, "purpose") for k in converters}
                    path = reverse(pattern.name, kwargs=kwargs)
                    for value in placeholders.values():
                        path = path.replace(str(value), big)
                    found.append((pattern.name, path))

    walk(get_resolver().url_patterns)
    return found


def test_absurdly_large_ids_in_urls_are_404_not_500(acme, alice, workshop):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    paths = _id_url_paths()
    assert len(paths) >= 9
    for name, path in paths:
        for method in (client.get, client.post):
            status = method(path).status_code
            assert status in (404, 405), (name, method.__name__, path, status)


def test_absurdly_large_ids_in_forms_are_refused_not_500(client_for, acme, fiona, workshop):
    client = client_for(fiona)
    client.raise_request_exception = False
    big = "9" * 30
    data = {"title": "T", "company_name": "C", "facilitators": [big], "participants": [big]}
    for url in (
        reverse("workshop_create", args=[acme.pk]),
        reverse("workshop_settings", args=[workshop.pk]),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    response = client.post(
        reverse("context_save", args=[workshop.pk, ContextQuestion.PURPOSE]),
        {"text": "x", "base_version": big},
    )
    assert response.status_code < 500


# Hypothesis: random text in every field of the three busiest forms.

_FUZZ = hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_ids = st.lists(st.one_of(st.text(max_size=30), st.integers().map(str)), max_size=3)


@_FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "organisation_name": st.text(),
            "display_name": st.text(),
            "email": st.one_of(st.text(), st.emails()),
            "password": st.text(),
            "language": st.one_of(st.text(), st.sampled_from(["en", "ro"])),
        }
    )
)
def test_fuzz_signup(db, settings, data):
    settings.RATELIMIT_ENABLE = False
    response = Client(raise_request_exception=False).post(reverse("signup"), data)
    assert response.status_code < 500
    assert _text_values_with_nul() == []


@_FUZZ
@given(
    data=st.fixed_dictionaries(
        {"title": st.text(), "company_name": st.text(), "facilitators": _ids, "participants": _ids}
    ),
    htmx=st.booleans(),
)
def test_fuzz_workshop_create(client_for, acme, fiona, data, htmx):
    client = client_for(fiona)
    client.raise_request_exception = False
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse("workshop_create", args=[acme.pk]), data, **headers)
    assert response.status_code < 500
    assert _text_values_with_nul() == []


@_FUZZ
@given(
    text=st.text(),
    base_version=st.one_of(st.text(max_size=30), st.integers().map(str)),
    htmx=st.booleans(),
)
def test_fuzz_context_save(client_for, workshop, paul, text, base_version, htmx):
    client = client_for(paul)
    client.raise_request_exception = False
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = reverse("context_save", args=[workshop.pk, ContextQuestion.PURPOSE])
    response = client.post(url, {"text": text, "base_version": base_version}, **headers)
    assert response.status_code < 500
    assert _text_values_with_nul() == []
