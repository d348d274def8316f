"""An answer sent from a share page left open so long that its CSRF check fails is shown
back to send again, not lost behind Django's bare 403 page."""

from django.test import Client

from documents import sharing, versions
from documents.models import Interpretation


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
