"""Stage 6's optional gut check: the facilitator shares the shortlist read-only with key
stakeholders outside the workshop, who react to each draft without an account."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import logged_in, workshop_for
from vision import services
from vision.models import GutCheckLink, GutCheckReaction
from workshops import services as workshop_services
from workshops.models import Stage

pytestmark = pytest.mark.django_db

GOOD = "Every customer leaves with an honest answer, fast."
OTHER = "We fix it the first time, kindly."


@pytest.fixture
def vision(acme, fiona, paul):
    workshop = workshop_for(acme, facilitators=[fiona], participants=[paul], title="Vision")
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.VISION)
    return workshop


@pytest.fixture
def good(vision, paul):
    draft = services.draft_create(workshop=vision, author=paul, text=GOOD)
    services.draft_shortlist(draft=draft, shortlisted=True)
    return draft


@pytest.fixture
def link(good, fiona):
    return services.gut_check_share(workshop=good.workshop, user=fiona)


def _url(link) -> str:
    return reverse("vision_gut_check", args=[link.token])


def _post(user, name, workshop):
    return logged_in(user).post(reverse(name, args=[workshop.pk]), HTTP_HX_REQUEST="true")


def _page(user, workshop) -> str:
    return logged_in(user).get(workshop.get_absolute_url()).content.decode()


def test_the_facilitator_shares_the_shortlist_and_gets_one_link(good, fiona):
    workshop = good.workshop
    page = _page(fiona, workshop)
    assert 'id="gut-check-start"' in page
    response = _post(fiona, "vision_gut_check_share", workshop)
    assert response.status_code == 200
    # A second click gives the same link.
    _post(fiona, "vision_gut_check_share", workshop)
    link = GutCheckLink.objects.get()
    assert link.created_by == fiona and link.revoked_at is None
    page = _page(fiona, workshop)
    assert f'value="http://testserver/g/{link.token}/"' in page
    assert 'data-copy="gut-check-link"' in page and "data-select-on-focus" in page


def test_a_stranger_without_an_account_reacts(link, good):
    stranger = Client(enforce_csrf_checks=True)
    page = stranger.get(_url(link))
    assert page.status_code == 200
    body = page.content.decode()
    assert GOOD in body and "Acme" in body
    token = page.cookies["csrftoken"].value
    response = stranger.post(
        _url(link),
        {
            "draft": good.pk,
            "reaction": "works",
            "comment": "Clear to me.",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 200
    assert "your reaction is saved" in response.content.decode()
    reaction = GutCheckReaction.objects.get()
    assert (reaction.draft, reaction.reaction, reaction.comment) == (good, "works", "Clear to me.")
    # Only a hash of the device cookie, never the address.
    assert len(reaction.device) == 64
    # The page shows this device's reaction back.
    again = stranger.get(_url(link)).content.decode()
    assert f'id="gut-{good.pk}-works" checked' in again


def test_a_post_without_the_csrf_token_is_refused(link, good):
    response = Client(enforce_csrf_checks=True).post(
        _url(link), {"draft": good.pk, "reaction": "works"}
    )
    assert response.status_code == 403
    assert not GutCheckReaction.objects.exists()


def test_one_reaction_per_device_per_draft_the_latest_kept(client, link, good):
    client.get(_url(link))
    client.post(_url(link), {"draft": good.pk, "reaction": "works"})
    client.post(_url(link), {"draft": good.pk, "reaction": "does_not_land", "comment": "Vague."})
    reaction = GutCheckReaction.objects.get()
    assert (reaction.reaction, reaction.comment) == ("does_not_land", "Vague.")
    # Another device is another reaction.
    Client().post(_url(link), {"draft": good.pk, "reaction": "works"})
    assert GutCheckReaction.objects.count() == 2


def test_a_stopped_link_refuses_and_stores_nothing(link, good, fiona):
    response = _post(fiona, "vision_gut_check_stop", good.workshop)
    assert response.status_code == 200
    for method in ("get", "post"):
        answer = getattr(Client(), method)(_url(link), {"draft": good.pk, "reaction": "works"})
        assert answer.status_code == 404
        assert "This link is no longer in use" in answer.content.decode()
    assert not GutCheckReaction.objects.exists()
    # An unknown link answers alike.
    unknown = Client().get(reverse("vision_gut_check", args=["no-such-token"]))
    assert unknown.status_code == 404
    assert "This link is no longer in use" in unknown.content.decode()
    # A new link can be made; the old one stays stopped.
    _post(fiona, "vision_gut_check_share", good.workshop)
    new = GutCheckLink.objects.get(revoked_at__isnull=True)
    assert new.token != link.token
    assert Client().get(_url(link)).status_code == 404
    assert Client().get(_url(new)).status_code == 200


def test_too_many_reactions_from_one_device_answer_429_with_text(settings, client, link, good):
    settings.GUT_CHECK_RATE_PER_DEVICE = "2/m"
    client.get(_url(link))
    for _n in range(2):
        assert client.post(_url(link), {"draft": good.pk, "reaction": "works"}).status_code == 200
    response = client.post(
        _url(link), {"draft": good.pk, "reaction": "does_not_land", "comment": "Kept."}
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many reactions" in body and 'value="Kept."' in body
    assert GutCheckReaction.objects.get().reaction == "works"


def test_too_many_reactions_from_one_address_answer_429(settings, link, good):
    settings.GUT_CHECK_RATE_PER_ADDRESS = "2/10m"
    for _n in range(2):
        assert Client().post(_url(link), {"draft": good.pk, "reaction": "works"}).status_code == 200
    response = Client().post(_url(link), {"draft": good.pk, "reaction": "works"})
    assert response.status_code == 429
    assert GutCheckReaction.objects.count() == 2


def test_a_draft_not_on_the_shortlist_takes_no_reaction(link, vision, paul):
    other = services.draft_create(workshop=vision, author=paul, text=OTHER)
    response = Client().post(_url(link), {"draft": other.pk, "reaction": "works"})
    assert response.status_code == 422
    assert not GutCheckReaction.objects.exists()
    assert OTHER not in Client().get(_url(link)).content.decode()


def test_a_reaction_needs_a_choice_and_a_short_comment(link, good):
    response = Client().post(_url(link), {"draft": good.pk, "comment": "x" * 301})
    assert response.status_code == 422
    assert not GutCheckReaction.objects.exists()


def test_the_public_page_shows_no_participant_names(link, good, fiona, paul):
    page = Client().get(_url(link)).content.decode()
    for name in (paul.display_name, fiona.display_name, paul.email, fiona.email):
        assert name not in page
    assert "Draft by" not in page


def test_participants_cannot_share_or_stop(good, paul, fiona):
    workshop = good.workshop
    assert _post(paul, "vision_gut_check_share", workshop).status_code == 404
    assert not GutCheckLink.objects.exists()
    link = services.gut_check_share(workshop=workshop, user=fiona)
    assert _post(paul, "vision_gut_check_stop", workshop).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert 'id="gut-check-link"' not in _page(paul, workshop)


def test_another_organisation_cannot_share_or_stop(good, charlie):
    for name in ("vision_gut_check_share", "vision_gut_check_stop"):
        assert _post(charlie, name, good.workshop).status_code == 404
    assert not GutCheckLink.objects.exists()


def test_the_compare_table_counts_the_reactions_and_escapes_comments(link, good, fiona, paul):
    Client().post(_url(link), {"draft": good.pk, "reaction": "works"})
    Client().post(_url(link), {"draft": good.pk, "reaction": "works", "comment": "Yes!"})
    Client().post(
        _url(link),
        {"draft": good.pk, "reaction": "does_not_land", "comment": "<script>alert(1)</script>"},
    )
    page = _page(fiona, good.workshop)
    assert "Stakeholders: 2 works for me · 1 does not land" in page
    assert "(Works for me): Yes!" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Reactions brought by a stopped link still count.
    services.gut_check_stop(workshop=good.workshop)
    assert "Stakeholders: 2 works for me · 1 does not land" in _page(paul, good.workshop)


def test_the_public_page_escapes_the_drafts_text(vision, paul, fiona):
    draft = services.draft_create(workshop=vision, author=paul, text="<b>Bold</b> help")
    services.draft_shortlist(draft=draft, shortlisted=True)
    link = services.gut_check_share(workshop=vision, user=fiona)
    page = Client().get(_url(link)).content.decode()
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; help" in page
