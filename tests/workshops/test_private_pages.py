"""Logged-in pages stay out of every cache; no cookie is readable by scripts."""

from pathlib import Path

from django.conf import settings as django_settings
from django.urls import reverse

from surveys import services as survey_services

ROOT = Path(django_settings.BASE_DIR)


def test_logged_in_pages_are_private_and_not_stored(client_for, workshop, paul):
    client = client_for(paul)
    for url in (reverse("home"), workshop.get_absolute_url(), reverse("profile")):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_the_answers_csv_is_private_and_not_stored(client_for, workshop, fiona):
    survey_services.survey_for(workshop)
    response = client_for(fiona).get(reverse("survey_answers_csv", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_the_public_landing_page_keeps_its_own_caching(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_csrf_and_language_cookies_are_http_only(client, db):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert page.cookies[django_settings.CSRF_COOKIE_NAME]["httponly"] is True
    response = client.post(reverse("language_switch"), {"language": "ro", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ro"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME]["httponly"] is True


def test_no_script_of_ours_reads_cookies_and_htmx_takes_the_token_from_the_page():
    scripts = list((ROOT / "static").rglob("*.js"))
    assert scripts
    for script in scripts:
        assert "document.cookie" not in script.read_text(), script
    base = (ROOT / "templates" / "base.html").read_text()
    assert """hx-headers='{"x-csrftoken": "{{ csrf_token }}"}'""" in base
