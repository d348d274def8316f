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
from values.models import Candidate
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


def _shared(workshop, fiona, alice):
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.DOCUMENT)
    versions.version_finalise(workshop=workshop, user=fiona)
    return sharing.share_start(workshop=workshop, user=alice)


def test_a_forged_thank_you_is_ignored_not_a_server_error(complete_workshop, fiona, alice):
    link = _shared(complete_workshop, fiona, alice)
    for saved in ("²", "9" * 5000, "-1", "1e3", ""):
        response = Client().get(f"/p/{link.token}/", {"saved": saved})
        assert response.status_code == 200, saved
        assert "Thank you" not in response.content.decode()


def test_a_new_link_after_sharing_stopped_makes_none(complete_workshop, fiona, alice):
    link = _shared(complete_workshop, fiona, alice)
    sharing.share_stop(workshop=complete_workshop)
    # A second admin's "New link", sent before the stop reached their screen.
    assert sharing.share_new_link(workshop=complete_workshop, user=alice) is None
    assert sharing.share_link_in_use(complete_workshop) is None
    assert Client().get(f"/p/{link.token}/").status_code == 404


def test_finalising_again_what_is_finalised_keeps_its_date_and_who(complete_workshop, fiona, alice):
    first = versions.version_finalise(workshop=complete_workshop, user=fiona)
    again = versions.version_finalise(workshop=complete_workshop, user=alice)
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.finalised_at, again.finalised_by) == (first.finalised_at, fiona)


def test_a_text_sent_for_a_value_no_longer_asked_about_is_shown_back_whatever_else_fails(
    complete_workshop, fiona, alice
):
    link = _shared(complete_workshop, fiona, alice)
    for data in ({"value": "999999", "text": ""}, {"value": "999999", "text": "x" * 600}):
        response = Client().post(f"/p/{link.token}/", data)
        assert response.status_code == 422
        assert 'id="not-asked"' in response.content.decode()
    kept = Client().post(f"/p/{link.token}/", {"value": "999999", "text": "Kept, not lost"})
    assert "Kept, not lost" in kept.content.decode()


def test_a_value_no_longer_final_has_no_rework_button(complete_workshop, fiona, alice):
    _shared(complete_workshop, fiona, alice)
    value_id = versions.latest_finalised(complete_workshop).value_ids[0]
    sharing.interpretation_submit(
        workshop=complete_workshop, candidate_id=value_id, device_id="d1", text="Truth first"
    )
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    assert f'id="rework-{value_id}"' in stage
    Candidate.objects.filter(pk=value_id).update(final_position=None)
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    assert f'id="rework-{value_id}"' not in stage
    assert "No longer a final value" in stage


def test_a_reading_lists_the_latest_answers_and_counts_them_all(
    complete_workshop, fiona, alice, monkeypatch
):
    monkeypatch.setattr(sharing, "ANSWERS_LISTED", 2)
    _shared(complete_workshop, fiona, alice)
    value_id = versions.latest_finalised(complete_workshop).value_ids[0]
    for n in range(3):
        sharing.interpretation_submit(
            workshop=complete_workshop, candidate_id=value_id, device_id=f"d{n}", text=f"Say {n}"
        )
    stage = logged_in(fiona).get(complete_workshop.get_absolute_url()).content.decode()
    assert "3 answers" in stage and "The 2 latest of 3 answers" in stage
    assert "Say 2" in stage and "Say 1" in stage and "Say 0" not in stage


def test_reading_links_counts_per_address_across_tokens_but_answers_do_not(
    settings, complete_workshop, fiona, alice
):
    settings.SHARE_READ_RATE_PER_ADDRESS = "3/m"
    link = _shared(complete_workshop, fiona, alice)
    client = Client()
    assert client.get(f"/p/{link.token}/").status_code == 200
    # Guessing tokens counts against the same limit as reading.
    assert client.get("/p/aaaaaaaaaaaaaaaaaaaaaa/").status_code == 404
    assert client.get("/p/bbbbbbbbbbbbbbbbbbbbbb/").status_code == 404
    assert client.get(f"/p/{link.token}/").status_code == 429
    # An answer is not a read: it is taken (its own limits are far off).
    value_id = versions.latest_finalised(complete_workshop).value_ids[0]
    response = client.post(f"/p/{link.token}/", {"value": value_id, "text": "Still taken"})
    assert response.status_code == 302
    assert Interpretation.objects.get().text == "Still taken"
