"""A poll brings only the parts of the workshop screen whose version moved."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import logged_in
from workshops import live, services
from workshops.models import Stage

pytestmark = pytest.mark.django_db


def _poll_values(html: str) -> dict:
    """What the page's poller sends on its next poll (its hidden fields)."""
    poller = html[html.index('id="live-poll"') :]
    poller = poller[: poller.index("</div>")]
    return dict(re.findall(r'<input type="hidden" name="(\w)" value="([^"]*)">', poller))


class Screen:
    """One person's open workshop page, polling as the browser does."""

    def __init__(self, user, workshop):
        self.client = logged_in(user)
        self.workshop = workshop
        self.values = _poll_values(self.client.get(workshop.get_absolute_url()).content.decode())

    def poll(self):
        url = reverse("workshop_live", args=[self.workshop.pk])
        response = self.client.get(url, self.values, HTTP_HX_REQUEST="true")
        if response.status_code == 200:
            self.values = _poll_values(response.content.decode())
        return response


def _swapped_ids(response) -> list[str]:
    """The ids of the elements the answer morphs in out of band, in order."""
    return re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob=', response.content.decode())


def test_a_screen_polling_with_nothing_changed_gets_a_304(workshop, paul):
    screen = Screen(paul, workshop)
    screen.poll()  # the first poll may find someone's arrival
    assert screen.poll().status_code == 304


def test_someone_arriving_brings_only_the_list_of_who_is_here(workshop, paul, fiona):
    screen = Screen(paul, workshop)
    screen.poll()
    Screen(fiona, workshop)  # Fiona opens the workshop: she is here now
    response = screen.poll()
    assert response.status_code == 200
    assert _swapped_ids(response) == ["presence"]
    assert f'data-user="{fiona.pk}"' in response.content.decode()
    assert 'id="stage-body"' not in response.content.decode()


def test_a_change_in_the_stage_brings_the_stage_alone(
    workshop, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    screen.poll()
    with django_capture_on_commit_callbacks(execute=True):
        live.announce_change(workshop.pk, live.STAGE)
    response = screen.poll()
    assert _swapped_ids(response) == ["stage-body"]
    assert 'id="presence"' not in response.content.decode()
    assert screen.poll().status_code == 304


def test_moving_to_another_stage_brings_the_whole_workshop(
    workshop, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(fiona).post(reverse("workshop_stage", args=[workshop.pk]), {"stage": 2})
    response = screen.poll()
    assert _swapped_ids(response) == ["live"]
    assert f'data-stage="{Stage.SURVEY}"' in response.content.decode()
    assert screen.values["s"] == str(Stage.SURVEY)


def test_a_screen_polling_after_the_cache_lost_the_versions_gets_the_whole_workshop(
    workshop, paul, fiona, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        live.announce_change(workshop.pk)
    screen.poll()
    cache.clear()  # Redis restarted, say: the counter starts again from the clock
    assert _swapped_ids(screen.poll()) == ["live"]


def test_versions_a_screen_cannot_read_back_count_as_unseen(
    workshop, paul, django_capture_on_commit_callbacks
):
    screen = Screen(paul, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        live.announce_change(workshop.pk)
    screen.poll()
    screen.values = screen.values | {"v": "1", "p": "stage.x,,roster,.5,workshop.abc"}
    assert _swapped_ids(screen.poll()) == ["live"]
    assert live.decode_versions("stage.12,roster.x,.3,vote-progress.7") == {
        "stage": 12,
        "vote-progress": 7,
    }


def test_a_change_moves_its_parts_before_the_counter(workshop, monkeypatch):
    """A screen reads the counter, then the versions: a change seen by the counter is
    always in the versions too, so it is never missed."""
    order = []
    real_incr = live._incr
    monkeypatch.setattr(live, "_incr", lambda key: order.append(key) or real_incr(key))
    live._advance(workshop.pk, ("stage", "vote-progress"))
    assert order == [
        f"live:part:{workshop.pk}:stage",
        f"live:part:{workshop.pk}:vote-progress",
        f"live:counter:{workshop.pk}",
    ]


# Committed as in production, so the change is announced before its answer is rendered.
@pytest.mark.django_db(transaction=True)
def test_a_stage_action_answers_with_the_stage_and_leaves_the_rest_to_the_next_poll(
    workshop, paul, fiona
):
    services.workshop_set_stage(workshop=workshop, stage=Stage.BRAINSTORM)
    screen = Screen(paul, workshop)
    screen.poll()
    Screen(fiona, workshop)  # Fiona arrives: Paul's screen has not seen it yet
    answer = screen.client.post(
        reverse("values_add", args=[workshop.pk]),
        screen.values | {"name": "Honesty", "description": ""},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.lstrip().startswith('<section id="stage-body"') and "Honesty" in html
    assert 'id="presence"' not in html
    values = _poll_values(html)
    assert values["v"] == screen.values["v"]  # so the next poll still looks at the rest
    screen.values = values
    assert _swapped_ids(screen.poll()) == ["presence"]  # the stage is not fetched again


def test_a_stage_action_from_a_screen_left_behind_answers_with_the_whole_workshop(
    workshop, paul, fiona
):
    services.workshop_set_stage(workshop=workshop, stage=Stage.BRAINSTORM)
    screen = Screen(paul, workshop)
    answer = screen.client.post(
        reverse("values_add", args=[workshop.pk]),
        screen.values | {"s": str(Stage.WORD_CLOUD), "name": "Honesty"},
        HTTP_HX_REQUEST="true",
    )
    assert answer["HX-Retarget"] == "#live"
    assert 'id="live"' in answer.content.decode()
