"""The share page's edges: an answer sent from a page left open so long that its CSRF
check fails is shown back to send again, not lost behind Django's bare 403 page; reading
the share page, the document page and stage 8 with its readings writes nothing."""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import sharing, versions
from documents.models import Interpretation
from tests.factories import logged_in
from workshops import services as workshop_services
from workshops.models import Stage


def test_an_expired_share_page_shows_the_typed_answer_again_and_stores_nothing(
    complete_workshop, fiona, alice
):
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    link = sharing.share_start(workshop=complete_workshop, user=alice)
    value_id = versions.latest_finalised(complete_workshop).value_ids[0]
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/p/{link.token}/",
        {"value": value_id, "text": "Kept after expiry", "csrfmiddlewaretoken": "x"},
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "Kept after expiry" in page and "please send it again" in page
    # A fresh token comes with it, so sending again works.
    assert "csrfmiddlewaretoken" in page
    assert not Interpretation.objects.exists()


def test_an_expired_page_elsewhere_gets_the_ordinary_403(client, complete_workshop):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"email": "x"})
    assert response.status_code == 403
    assert "Kept" not in response.content.decode()


def _writes(queries) -> list[str]:
    # Without Redis, rate limits and presence live in a cache table: not the data.
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and f'"{cache_table}"' not in q["sql"]
    ]


def test_reading_the_shared_document_and_its_readings_writes_nothing(
    complete_workshop, fiona, alice
):
    workshop_services.workshop_set_stage(workshop=complete_workshop, stage=Stage.DOCUMENT)
    versions.version_finalise(workshop=complete_workshop, user=fiona)
    link = sharing.share_start(workshop=complete_workshop, user=alice)
    value_id = versions.latest_finalised(complete_workshop).value_ids[0]
    sharing.interpretation_submit(
        workshop=complete_workshop, candidate_id=value_id, device_id="d1", text="Truth first"
    )
    reads = [
        (Client(), f"/p/{link.token}/"),
        (logged_in(fiona), complete_workshop.get_absolute_url()),
        (logged_in(alice), complete_workshop.get_absolute_url()),
        (logged_in(fiona), reverse("document_page", args=[complete_workshop.pk]) + "?newer=now"),
    ]
    for client, url in reads:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert _writes(queries.captured_queries) == [], url
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    assert "Truth first" in stage
