"""Stage 8's share link: the latest finalised version of the philosophy, read-only, for
every employee without an account, in their language; the interpretation check on it
("What does this value mean to you?", one answer per device and value); the facilitators'
view of those readings; and finalising the versions the link shows."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import formats, timezone

from documents import services as document_services
from documents import sharing, versions
from documents.models import DocumentVersion, Interpretation, ShareLink
from surveys.devices import DEVICE_SALT
from tests.factories import OrganisationFactory, logged_in, member, workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import Candidate
from workshops import services as workshop_services
from workshops.models import Role, Stage

pytestmark = pytest.mark.django_db

HONEST = "Telling customers the truth every day, even when it hurts."


@pytest.fixture
def room(complete_workshop):
    workshop_services.workshop_set_stage(workshop=complete_workshop, stage=Stage.DOCUMENT)
    return complete_workshop


@pytest.fixture
def finalised(room, fiona):
    return versions.version_finalise(workshop=room, user=fiona)


@pytest.fixture
def link(finalised, alice):
    return sharing.share_start(workshop=finalised.workshop, user=alice)


@pytest.fixture
def honesty(room):
    return Candidate.objects.get(workshop=room, name="Honesty")


@pytest.fixture
def speed(room):
    return Candidate.objects.get(workshop=room, name="Speed")


def _url(link_or_token) -> str:
    token = link_or_token.token if isinstance(link_or_token, ShareLink) else link_or_token
    return reverse("document_share", args=[token])


def _post(user, name, workshop, **data):
    return logged_in(user).post(reverse(name, args=[workshop.pk]), data, HTTP_HX_REQUEST="true")


def _page(user, workshop) -> str:
    return logged_in(user).get(workshop.get_absolute_url()).content.decode()


def _notice(body: str) -> str:
    found = re.search(r'id="document-notice"[^>]*>(.*?)</p>', body, re.S)
    return found[1] if found else ""


def _form(body: str, value) -> str:
    """The interpretation form of one value on the share page ("" when not shown)."""
    found = re.search(rf'<form [^>]*id="interpret-{value.pk}".*?</form>', body, re.S)
    return found[0] if found else ""


def _textarea(form: str) -> str:
    return re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S)[1]


def _device_of(client: Client) -> str:
    """The device (as stored) behind a client's device cookie, read as the view reads it."""
    name = django_settings.SURVEY_DEVICE_COOKIE
    request = RequestFactory().get("/")
    request.COOKIES[name] = client.cookies[name].value
    return sharing.interpretation_device(request.get_signed_cookie(name, salt=DEVICE_SALT))


def _when(version, format="DATE_FORMAT") -> str:
    return formats.date_format(timezone.localtime(version.finalised_at), format)


# The share page.


def test_the_share_page_works_logged_out_and_shows_the_latest_finalised_version(link, finalised):
    response = Client().get(_url(link))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Version 1, finalised on {_when(finalised)}" in body
    assert "Acme" in body and "Philosophy 2026" in body
    assert "We help people think clearly." in body
    assert "Every customer leaves calmer than they came." in body
    assert "We live Honesty every day." in body and "We live Speed every day." in body
    # Not for search engines, by header and by page.
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in body


def test_the_share_page_has_no_appendix_and_no_names_of_the_team(link, fiona, paul):
    body = Client().get(_url(link)).content.decode()
    assert "Appendix: how we got here" not in body and 'id="doc-appendix"' not in body
    # The appendix's contents: the override reason, the votes, the survey's question.
    assert "The team owns it." not in body
    assert "The voting rounds" not in body and "Round 1" not in body
    assert "What do you want our customers to think of" not in body
    for name in (fiona.display_name, paul.display_name, fiona.email, paul.email):
        assert name not in body


def test_the_share_page_reads_in_romanian_by_browser_or_by_cookie(link):
    english = Client().get(_url(link)).content.decode()
    assert "<h2>Our purpose</h2>" in english
    assert "<h4>What does this value mean to us?</h4>" in english
    by_browser = Client().get(_url(link), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
    by_cookie = Client()
    by_cookie.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ro"
    by_cookie = by_cookie.get(_url(link)).content.decode()
    for body in (by_browser, by_cookie):
        assert '<html lang="ro">' in body
        assert "<h2>Scopul nostru</h2>" in body and "<h2>Our purpose</h2>" not in body
        # The version's content as recorded in Romanian: the five questions' labels.
        assert "<h4>Ce înseamnă această valoare pentru noi?</h4>" in body
        assert "What does this value mean to us?" not in body
        # What the team wrote stays as written.
        assert "We live Honesty every day." in body


def test_unknown_malformed_and_stopped_links_answer_alike(link, room, alice, honesty):
    assert Client().get(_url(link)).status_code == 200
    response = _post(alice, "document_share_stop", room)
    assert response.status_code == 200
    assert "Sharing is stopped: the old link no longer works." in response.content.decode()
    answers = {
        "stopped": Client().get(_url(link)),
        "unknown": Client().get(_url(ShareLink.new_token())),
        "malformed": Client().get(_url("not-a-token!")),
        "too short": Client().get(_url("abc")),
    }
    bodies = set()
    for kind, response in answers.items():
        assert response.status_code == 404, kind
        assert response["X-Robots-Tag"] == "noindex", kind
        bodies.add(response.content.decode())
    assert len(bodies) == 1
    (body,) = bodies
    assert "This link is no longer in use" in body
    assert "Acme" not in body and "Philosophy 2026" not in body
    # An answer sent to a stopped or an unknown link: refused alike, the text shown back.
    posts = {
        Client().post(_url(token), {"value": honesty.pk, "text": HONEST}).content.decode()
        for token in (link.token, ShareLink.new_token())
    }
    assert len(posts) == 1 and HONEST in posts.pop()
    assert not Interpretation.objects.exists()
    # Sharing again makes a new link; the stopped one stays stopped.
    _post(alice, "document_share_start", room)
    new = ShareLink.objects.get(revoked_at__isnull=True)
    assert new.token != link.token
    assert Client().get(_url(new)).status_code == 200
    assert Client().get(_url(link)).status_code == 404


def test_the_admin_shares_one_link_and_sees_it_with_its_qr_code(finalised, room, alice):
    assert 'id="share-start"' in _page(alice, room)
    response = _post(alice, "document_share_start", room)
    assert response.status_code == 200
    # A second click gives the same link.
    _post(alice, "document_share_start", room)
    link = ShareLink.objects.get()
    assert link.created_by == alice and link.revoked_at is None and link.asks_interpretation
    page = _page(alice, room)
    assert f'value="http://testserver/p/{link.token}/"' in page
    assert 'id="share-qr"' in page and 'src="data:image/' in page
    assert "Anyone with this link reads version 1" in page


def test_a_new_link_stops_the_old_one(link, room, alice, honesty):
    response = _post(alice, "document_share_new_link", room)
    assert response.status_code == 200
    new = ShareLink.objects.get(revoked_at__isnull=True)
    assert new.token != link.token
    assert f'value="http://testserver/p/{new.token}/"' in response.content.decode()
    assert Client().get(_url(link)).status_code == 404
    assert (
        Client().post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True).status_code
        == 404
    )
    assert Client().get(_url(new)).status_code == 200
    assert not Interpretation.objects.exists()


def test_a_new_link_keeps_the_interpretation_setting(link, room, alice):
    _post(alice, "document_share_interpretation", room, asks="0")
    _post(alice, "document_share_new_link", room)
    assert ShareLink.objects.get(revoked_at__isnull=True).asks_interpretation is False


def test_sharing_before_any_finalised_version_is_refused_with_a_message(room, alice):
    page = _page(alice, room)
    assert 'id="share-start"' not in page and 'id="share-later"' in page
    response = _post(alice, "document_share_start", room)
    assert response.status_code == 200
    assert "Finalise the document first" in _notice(response.content.decode())
    assert not ShareLink.objects.exists()


def test_only_the_organisations_admins_share(finalised, room, fiona, paul):
    for user in (fiona, paul):
        assert _post(user, "document_share_start", room).status_code == 404
        assert 'id="document-share"' not in _page(user, room)
    assert not ShareLink.objects.exists()


# The interpretation check.


def test_an_employee_says_what_a_value_means_and_sees_it_back(link, honesty):
    employee = Client(enforce_csrf_checks=True)
    page = employee.get(_url(link))
    body = page.content.decode()
    assert "What do our values mean to you?" in body
    form = _form(body, honesty)
    name = f'<strong id="interpret-name-{honesty.pk}">Honesty</strong>'
    assert f"{name}: What does this value mean to you?" in form
    assert 'maxlength="500"' in form and "Send my answer" in form
    token = page.cookies["csrftoken"].value
    response = employee.post(
        _url(link), {"value": honesty.pk, "text": HONEST, "csrfmiddlewaretoken": token}
    )
    # Saved, then back to the page by a GET (a reload sends nothing again), at the form.
    assert response.status_code == 302
    assert response["Location"] == f"{_url(link)}?saved={honesty.pk}#interpret-{honesty.pk}"
    response = employee.get(response["Location"])
    assert response.status_code == 200
    form = _form(response.content.decode(), honesty)
    assert "Thank you: your answer is saved." in form
    assert _textarea(form) == HONEST and "Change my answer" in form
    answer = Interpretation.objects.get()
    assert (answer.workshop, answer.candidate, answer.text) == (link.workshop, honesty, HONEST)
    # Back later on the same device, the answer is there to change.
    again = _form(employee.get(_url(link)).content.decode(), honesty)
    assert _textarea(again) == HONEST and "Change my answer" in again
    assert "Thank you" not in again


def test_what_an_employee_typed_is_shown_back_as_text(client, link, honesty):
    typed = "</textarea><script>alert(1)</script>"
    client.post(_url(link), {"value": honesty.pk, "text": typed}, follow=True)
    body = client.get(_url(link)).content.decode()
    assert "<script>alert(1)</script>" not in body
    escaped = "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert _textarea(_form(body, honesty)) == escaped


def test_a_post_without_the_csrf_token_is_refused(link, honesty):
    response = Client(enforce_csrf_checks=True).post(
        _url(link), {"value": honesty.pk, "text": HONEST}
    )
    assert response.status_code == 403
    assert not Interpretation.objects.exists()


def test_one_answer_per_device_and_value_the_latest_kept(client, link, honesty, speed):
    client.get(_url(link))
    client.post(_url(link), {"value": honesty.pk, "text": "First thought."}, follow=True)
    first = Interpretation.objects.get()
    response = client.post(
        _url(link), {"value": honesty.pk, "text": "Second thought."}, follow=True
    )
    assert response.status_code == 200
    answer = Interpretation.objects.get()
    assert (answer.pk, answer.text) == (first.pk, "Second thought.")
    assert answer.created_at == first.created_at and answer.updated_at > first.updated_at
    # The same device on another value: another answer.
    client.post(_url(link), {"value": speed.pk, "text": "Nobody waits."}, follow=True)
    assert Interpretation.objects.count() == 2
    body = client.get(_url(link)).content.decode()
    assert _textarea(_form(body, honesty)) == "Second thought."
    assert _textarea(_form(body, speed)) == "Nobody waits."
    # Another device: another answer, and it does not see this one's.
    other = Client()
    assert _textarea(_form(other.get(_url(link)).content.decode(), honesty)) == ""
    other.post(
        _url(link), {"value": honesty.pk, "text": "Being straight with people."}, follow=True
    )
    assert Interpretation.objects.count() == 3
    assert Interpretation.objects.filter(candidate=honesty).count() == 2


def test_no_address_is_kept_only_a_hash_of_the_device_cookie(client, link, honesty):
    client.get(_url(link), REMOTE_ADDR="203.0.113.7")
    client.post(
        _url(link), {"value": honesty.pk, "text": HONEST}, follow=True, REMOTE_ADDR="203.0.113.7"
    )
    answer = Interpretation.objects.get()
    fields = {f.name for f in Interpretation._meta.get_fields()}
    assert fields == {"id", "workshop", "candidate", "device", "text", "created_at", "updated_at"}
    cookie = client.cookies[django_settings.SURVEY_DEVICE_COOKIE].value
    assert re.fullmatch(r"[0-9a-f]{64}", answer.device)
    assert answer.device == _device_of(client)
    assert cookie not in answer.device and answer.device not in cookie
    row = Interpretation.objects.filter(pk=answer.pk).values().get()
    assert not any("203.0.113.7" in str(value) for value in row.values())


def test_an_empty_answer_is_refused_and_nothing_typed_is_lost(client, link, honesty, speed):
    client.get(_url(link))
    client.post(_url(link), {"value": speed.pk, "text": "Nobody waits."}, follow=True)
    for empty in ("", "   \n "):
        response = client.post(_url(link), {"value": honesty.pk, "text": empty}, follow=True)
        assert response.status_code == 422
        body = response.content.decode()
        form = _form(body, honesty)
        assert "Please write what this value means to you." in form
        assert 'aria-invalid="true"' in form and "Thank you" not in form
        # The other value's answer is still there.
        assert _textarea(_form(body, speed)) == "Nobody waits."
        assert "Please write" not in _form(body, speed)
    assert list(Interpretation.objects.values_list("text", flat=True)) == ["Nobody waits."]


def test_a_too_long_answer_is_refused_and_shown_back(client, link, honesty):
    client.get(_url(link))
    text = "truth " * 84  # 504 characters
    response = client.post(_url(link), {"value": honesty.pk, "text": text}, follow=True)
    assert response.status_code == 422
    form = _form(response.content.decode(), honesty)
    assert "to 500 characters (it has" in form
    assert _textarea(form).strip() == text.strip()
    assert not Interpretation.objects.exists()
    # 500 characters are fine.
    assert (
        client.post(_url(link), {"value": honesty.pk, "text": "x" * 500}, follow=True).status_code
        == 200
    )
    assert len(Interpretation.objects.get().text) == 500


def test_a_value_not_in_the_document_is_refused_with_a_message(link, room, acme, fiona):
    elsewhere = workshop_for(acme, facilitators=[fiona], title="Elsewhere")
    theirs = Candidate.objects.create(workshop=elsewhere, name="Theirs", key="theirs")
    for value in (theirs.pk, 10**9):
        response = Client().post(_url(link), {"value": value, "text": HONEST}, follow=True)
        assert response.status_code == 422
        assert "That value is no longer in the document" in response.content.decode()
        assert HONEST in response.content.decode()
    # A value field tampered with: refused, said so, the text shown back.
    for value in ("", "Honesty"):
        response = Client().post(_url(link), {"value": value, "text": HONEST}, follow=True)
        assert response.status_code == 422
        assert "That value is no longer in the document" in response.content.decode()
        assert HONEST in response.content.decode()
    assert not Interpretation.objects.exists()


def test_once_the_admin_stops_asking_the_page_asks_nothing_and_takes_nothing(
    link, room, alice, honesty
):
    page = _page(alice, room)
    assert 'id="interpretation-on"' in page
    response = _post(alice, "document_share_interpretation", room, asks="0")
    assert 'id="interpretation-off"' in response.content.decode()
    link.refresh_from_db()
    assert link.asks_interpretation is False
    body = Client().get(_url(link)).content.decode()
    assert "What do our values mean to you?" not in body
    assert "interpret-form" not in body and 'name="text"' not in body
    # The document itself is still shared.
    assert "We live Honesty every day." in body
    response = Client().post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True)
    assert response.status_code == 422
    assert not Interpretation.objects.exists()
    # Asking again.
    _post(alice, "document_share_interpretation", room, asks="1")
    assert _form(Client().get(_url(link)).content.decode(), honesty)


def test_an_answer_sent_after_the_admin_stopped_asking_is_refused_with_its_text_back(
    client, link, room, alice, honesty
):
    # The page was opened while it asked; the admin stops asking before the answer is sent.
    assert _form(client.get(_url(link)).content.decode(), honesty)
    sharing.share_set_interpretation(workshop=room, asks=False)
    response = client.post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True)
    assert response.status_code == 422
    body = response.content.decode()
    assert "no longer asks what the values mean" in body
    assert HONEST in body
    assert not Interpretation.objects.exists()


def test_too_many_answers_from_one_device_answer_429_with_the_text_kept(
    settings, client, link, honesty
):
    settings.SHARE_RATE_PER_DEVICE = "2/m"
    client.get(_url(link))
    for n in range(2):
        response = client.post(_url(link), {"value": honesty.pk, "text": f"Try {n}."})
        assert response.status_code == 302
    response = client.post(
        _url(link), {"value": honesty.pk, "text": "Kept for later."}, follow=True
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many answers from this device or network right now." in body
    assert _textarea(_form(body, honesty)) == "Kept for later."
    assert Interpretation.objects.get().text == "Try 1."
    # Another device is not held back.
    assert (
        Client().post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True).status_code
        == 200
    )


def test_too_many_answers_from_one_address_answer_429(settings, link, honesty):
    settings.SHARE_RATE_PER_ADDRESS = "2/10m"
    for n in range(2):
        response = Client().post(_url(link), {"value": honesty.pk, "text": f"Device {n}."})
        assert response.status_code == 302
    response = Client().post(
        _url(link), {"value": honesty.pk, "text": "One too many."}, follow=True
    )
    assert response.status_code == 429
    assert Interpretation.objects.count() == 2


def test_a_value_left_out_of_the_latest_version_takes_no_more_answers(
    client, link, room, fiona, honesty, speed
):
    client.get(_url(link))
    client.post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True)
    voting_services.finalise(workshop=room, candidate_ids=[speed.pk], name="", user=fiona)
    assert versions.version_finalise(workshop=room, user=fiona).number == 2
    body = client.get(_url(link)).content.decode()
    assert "Version 2, finalised on" in body
    assert not _form(body, honesty) and _form(body, speed)
    # A page opened before, answering it: refused, said so.
    response = client.post(
        _url(link), {"value": honesty.pk, "text": "Changed my mind."}, follow=True
    )
    assert response.status_code == 422
    assert "That value is no longer in the document" in response.content.decode()
    assert "Changed my mind." in response.content.decode()
    assert Interpretation.objects.get().text == HONEST
    # The readings are of the shared version's values.
    readings = _readings(_page(fiona, room))
    assert f'id="reading-{speed.pk}"' in readings
    assert f'id="reading-{honesty.pk}"' not in readings


def test_a_renamed_value_keeps_what_employees_said_of_it(client, link, room, fiona, honesty):
    client.get(_url(link))
    client.post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True)
    brainstorm_services.brainstorm_reopen(workshop=room)
    brainstorm_services.candidate_update(candidate=honesty, name="Candour", description="")
    versions.version_finalise(workshop=room, user=fiona)
    form = _form(client.get(_url(link)).content.decode(), honesty)
    assert '">Candour</strong>' in form and _textarea(form) == HONEST
    reading = _reading(_readings(_page(fiona, room)), honesty)
    assert "<strong>Candour</strong>" in reading and "1 answer" in reading
    assert HONEST in reading


# The facilitators' view of the readings (stage 8).


def _readings(body: str) -> str:
    found = re.search(r'<section [^>]*id="document-readings".*?</section>', body, re.S)
    return found[0] if found else ""


def _reading(body: str, value) -> str:
    return re.search(rf'<details [^>]*id="reading-{value.pk}".*?</details>', body, re.S)[0]


def test_before_sharing_the_readings_say_what_will_show_there(finalised, room, fiona):
    readings = _readings(_page(fiona, room))
    assert "How employees read the values" in readings
    assert 'id="readings-empty"' in readings


def test_the_facilitator_sees_the_answers_per_value_with_matching_and_missing_words(
    link, room, fiona, alice, honesty, speed
):
    for text in (
        "Honesty every day, even when it hurts.",
        "Telling the truth every single day.",
        "<b>truth</b>",
    ):
        assert (
            Client().post(_url(link), {"value": honesty.pk, "text": text}, follow=True).status_code
            == 200
        )
    for user in (fiona, alice):
        readings = _readings(_page(user, room))
        assert readings
        mine = _reading(readings, honesty)
        assert "<strong>Honesty</strong>" in mine and "3 answers" in mine
        assert "<li>Telling the truth every single day.</li>" in mine
        # What employees typed is text, never markup.
        assert "<b>truth</b>" not in mine and "&lt;b&gt;truth&lt;/b&gt;" in mine
        # The team's statement and answers say "We live Honesty every day." and
        # "Honesty: misread", …: employees used "honesty" (once) and "day" (twice) …
        shared = mine.split("Words they share with the team's answers:")[1].split("</p>")[0]
        assert '<span class="word-match">honesty (1)</span>' in shared
        assert '<span class="word-match">day (2)</span>' in shared
        assert "truth" not in shared
        # … and none of "live", "misread", "adherence".
        missing = mine.split("Words of the team's answers nobody used:")[1].split("</p>")[0]
        for word in ("live", "misread", "adherence"):
            assert f'<span class="word-miss">{word}</span>' in missing
        assert "honesty" not in missing and "day" not in missing
        # Their words as a cloud, the most used the largest.
        assert '<li class="cloud-size-5">truth<' in mine
        assert '<li class="cloud-size-1">hurts<' in mine
        other = _reading(readings, speed)
        assert "0 answers" in other and "No answer for this value yet." in other


def _poll_values(html: str) -> dict:
    poller = html[html.index('id="live-poll"') :]
    poller = poller[: poller.index("</div>")]
    return dict(re.findall(r'<input type="hidden" name="(\w)" value="([^"]*)">', poller))


def _swapped_ids(response) -> list[str]:
    return re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob=', response.content.decode())


def test_an_answer_arriving_brings_the_readings_alone_to_the_facilitators_screen(
    link, room, fiona, paul, honesty, django_capture_on_commit_callbacks
):
    poll = reverse("workshop_live", args=[room.pk])
    screens = {}
    for user in (fiona, paul):
        client = logged_in(user)
        screens[user] = client, _poll_values(client.get(room.get_absolute_url()).content.decode())
    for user, (client, values) in screens.items():
        response = client.get(poll, values, HTTP_HX_REQUEST="true")
        if response.status_code == 200:  # the first poll may find someone's arrival
            screens[user] = client, _poll_values(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(_url(link), {"value": honesty.pk, "text": "Just arrived."}, follow=True)
    client, values = screens[fiona]
    response = client.get(poll, values, HTTP_HX_REQUEST="true")
    assert _swapped_ids(response) == ["document-readings"]
    assert "<li>Just arrived.</li>" in response.content.decode()
    # A participant's screen has no readings: nothing of it to bring.
    client, values = screens[paul]
    response = client.get(poll, values, HTTP_HX_REQUEST="true")
    assert _swapped_ids(response) == [] and "Just arrived." not in response.content.decode()


def test_what_employees_said_stays_when_sharing_stops(link, room, alice, fiona, honesty):
    Client().post(_url(link), {"value": honesty.pk, "text": HONEST}, follow=True)
    _post(alice, "document_share_stop", room)
    assert Client().get(_url(link)).status_code == 404
    reading = _reading(_readings(_page(fiona, room)), honesty)
    assert "1 answer" in reading and HONEST in reading


def test_a_participant_does_not_see_the_readings(link, room, paul, fiona, honesty):
    Client().post(_url(link), {"value": honesty.pk, "text": "A reading of mine."}, follow=True)
    page = _page(paul, room)
    assert 'id="document-readings"' not in page
    assert "A reading of mine." not in page
    assert "A reading of mine." in _readings(_page(fiona, room))


def test_rework_takes_the_workshop_back_to_stage_7_with_the_value_open(link, room, fiona, honesty):
    client = logged_in(fiona)
    url = reverse("document_value_rework", args=[room.pk, honesty.pk])
    response = client.post(url)
    assert response.status_code == 302
    at_value = f"{room.get_absolute_url()}?rework={honesty.pk}#value-{honesty.pk}"
    assert response["Location"] == at_value
    # From the page (htmx, after its confirmation): a page load there, not a swap.
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == at_value
    room.refresh_from_db()
    assert room.stage == Stage.VALUES_IN_ACTION
    # The value the link points at is on the stage 7 screen.
    page = client.get(room.get_absolute_url()).content.decode()
    assert f'<details id="value-{honesty.pk}"' in page


def test_rework_of_a_value_not_in_the_final_set_is_a_404(link, room, fiona, paul, honesty):
    loose = Candidate.objects.create(workshop=room, name="Loose", key="loose")
    url = reverse("document_value_rework", args=[room.pk, loose.pk])
    assert logged_in(fiona).post(url).status_code == 404
    # A participant may not send the workshop back either.
    url = reverse("document_value_rework", args=[room.pk, honesty.pk])
    assert logged_in(paul).post(url).status_code == 404
    room.refresh_from_db()
    assert room.stage == Stage.DOCUMENT


# Finalising.


def test_finalising_is_refused_while_the_document_has_gaps(workshop, fiona):
    workshop_services.workshop_set_stage(workshop=workshop, stage=Stage.DOCUMENT)
    page = _page(fiona, workshop)
    assert 'id="finalise-later"' in page and 'id="finalise"' not in page
    response = _post(fiona, "document_finalise", workshop)
    assert response.status_code == 200
    assert "The document is not complete yet" in _notice(response.content.decode())
    assert not DocumentVersion.objects.filter(finalised_at__isnull=False).exists()
    assert versions.latest_finalised(workshop) is None


def test_the_facilitator_finalises_and_the_stage_says_so(room, fiona):
    assert 'id="no-versions"' in _page(fiona, room)
    response = _post(fiona, "document_finalise", room)
    assert response.status_code == 200
    body = response.content.decode()
    assert _notice(body) == "Version 1 is finalised: the share link shows it."
    version = DocumentVersion.objects.get(workshop=room)
    assert (version.number, version.finalised_by) == (1, fiona)
    assert f"Version 1, finalised on {_when(version, 'DATETIME_FORMAT')} by Fiona" in body
    # Nothing changed since: nothing to finalise.
    assert 'id="finalise"' not in _page(fiona, room)


def test_finalising_twice_without_a_change_keeps_one_version(room, fiona):
    _post(fiona, "document_finalise", room)
    response = _post(fiona, "document_finalise", room)
    assert _notice(response.content.decode()) == "Version 1 is finalised: the share link shows it."
    assert DocumentVersion.objects.filter(workshop=room).count() == 1


def test_a_change_then_finalising_makes_the_next_version_which_the_link_shows(
    link, room, fiona, alice
):
    document_services.foreword_save(
        workshop=room, text="Read it before your first shift.", base_version=0, user=alice
    )
    page = _page(fiona, room)
    assert 'id="changed-since-latest"' in page and 'id="finalise"' in page
    # Until finalised, the link shows version 1 as it was.
    before = Client().get(_url(link)).content.decode()
    assert "Version 1, finalised on" in before and "Read it before" not in before
    response = _post(fiona, "document_finalise", room)
    assert _notice(response.content.decode()) == "Version 2 is finalised: the share link shows it."
    numbers = DocumentVersion.objects.filter(workshop=room).values_list("number", flat=True)
    assert sorted(numbers) == [1, 2]
    latest = versions.latest_finalised(room)
    assert latest.number == 2
    body = Client().get(_url(link)).content.decode()
    assert f"Version 2, finalised on {_when(latest)}" in body
    assert "Read it before your first shift." in body
    assert 'id="changed-since-latest"' not in _page(fiona, room)


def test_the_content_back_to_an_earlier_version_finalises_that_version_again(
    link, room, fiona, alice
):
    saved = document_services.foreword_save(
        workshop=room, text="A passing thought.", base_version=0, user=alice
    )
    _post(fiona, "document_finalise", room)
    assert versions.latest_finalised(room).number == 2
    document_services.foreword_save(
        workshop=room, text="", base_version=saved.row.version, user=alice
    )
    response = _post(fiona, "document_finalise", room)
    assert _notice(response.content.decode()) == "Version 1 is finalised: the share link shows it."
    assert DocumentVersion.objects.filter(workshop=room).count() == 2
    assert "Version 1, finalised on" in Client().get(_url(link)).content.decode()


def test_finalising_records_the_document_in_every_language(finalised, honesty, speed):
    assert set(finalised.translations) == {code for code, _name in django_settings.LANGUAGES}
    english, romanian = finalised.translations["en"], finalised.translations["ro"]
    assert english == finalised.content
    assert english["values"][0]["answers"][0]["question"] == "What does this value mean to us?"
    assert romanian["values"][0]["answers"][0]["question"] == (
        "Ce înseamnă această valoare pentru noi?"
    )
    assert romanian["values"][0]["statement"] == "We live Honesty every day."
    assert finalised.value_ids == [honesty.pk, speed.pk]


def test_only_those_who_run_the_workshop_finalise(room, paul):
    assert _post(paul, "document_finalise", room).status_code == 404
    assert not DocumentVersion.objects.exists()
    assert 'id="finalise"' not in _page(paul, room)


def test_another_organisations_link_is_its_own(link, honesty):
    globex = OrganisationFactory(name="Globex")
    admin = member(globex, Role.ADMIN)
    theirs = workshop_for(globex, facilitators=[admin], title="Globex")
    assert _post(admin, "document_share_stop", theirs).status_code == 200
    assert Client().get(_url(link)).status_code == 200
