"""The workshop's own pages while the database cannot be reached: a 503 that says so and
keeps what was typed, never Django's bare 500."""

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from workshops.models import ContextAnswer, Organisation
from workshops.views.errors import server_error

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_a_form_sent_during_an_outage_gets_a_503_page_with_what_was_typed(client_for, alice):
    client = client_for(alice)
    with connection.execute_wrapper(_database_down):
        response = client.post(
            reverse("organisation_create"),
            {"name": "Acme <Support> & Care"},
            headers={"Referer": "http://testserver/organisations/new/"},
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "We could not reach our database just now" in page
    assert ">Acme &lt;Support&gt; &amp; Care</textarea>" in page
    assert 'href="http://testserver/organisations/new/"' in page
    assert "csrfmiddlewaretoken" not in page and "Something went wrong" not in page
    assert not Organisation.objects.filter(name__startswith="Acme <").exists()
    # Once the database is back, the same form works.
    response = client.post(reverse("organisation_create"), {"name": "Acme <Support> & Care"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Acme <Support> & Care").exists()


def test_a_password_is_never_shown_back(client):
    with connection.execute_wrapper(_database_down):
        response = client.post(
            reverse("login"), {"username": "kim@example.com", "password": "s3cret-Pass"}
        )
    assert response.status_code == 503
    page = response.content.decode()
    assert "kim@example.com" in page
    assert "s3cret-Pass" not in page


def test_an_htmx_save_during_an_outage_is_a_503_the_page_does_not_swap_in(
    client_for, workshop, paul
):
    client = client_for(paul)
    url = reverse("context_save", args=[workshop.pk, "purpose"])
    with connection.execute_wrapper(_database_down):
        response = client.post(url, {"text": "We help", "base_version": 0}, headers=HTMX)
    assert response.status_code == 503
    # base.html's htmx-config swaps no 5xx: the form keeps the text, and the page's script
    # shows its notice (static/js/app.js, htmx:responseError).
    assert "We could not reach the server. Your text is kept" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not ContextAnswer.objects.filter(workshop=workshop, text="We help").exists()


def test_a_page_read_during_an_outage_is_a_503(client_for, workshop, paul):
    client = client_for(paul)
    with connection.execute_wrapper(_database_down):
        response = client.get(workshop.get_absolute_url())
    assert response.status_code == 503
    assert "We could not reach our database just now" in response.content.decode()
    assert client.get(workshop.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("error", "status"), [(OperationalError("gone"), 503), (RuntimeError("bug"), 500)]
)
def test_an_outage_met_outside_a_view_is_a_503_too_and_other_errors_stay_500(error, status):
    request = RequestFactory().get("/")
    try:
        raise error
    except Exception:  # noqa: BLE001 - Django calls handler500 while handling the exception
        response = server_error(request)
    assert response.status_code == status
