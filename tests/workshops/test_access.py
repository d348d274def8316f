"""A seat is in one workshop: it opens that workshop, with that role, and no other."""

import pytest
from django.urls import reverse

from tests.factories import member, workshop_for
from workshops.models import Role, Stage

pytestmark = pytest.mark.django_db


def test_a_seat_in_one_workshop_opens_no_other_of_the_organisation(
    client_for, acme, workshop, fiona, paul
):
    other = workshop_for(acme, facilitators=[fiona], title="Board only")
    client = client_for(paul)
    mine = client.get(workshop.get_absolute_url())
    assert mine.status_code == 200 and workshop.title in mine.content.decode()
    theirs = client.get(other.get_absolute_url())
    missing = client.get(reverse("workshop_detail", args=[other.pk + 1000]))
    assert theirs.status_code == missing.status_code == 404
    assert other.title not in theirs.content.decode()
    assert client.get(reverse("workshop_live", args=[other.pk])).status_code == 404


def test_facilitating_one_workshop_does_not_steer_another_one_sits_in(
    client_for, acme, workshop, fiona
):
    felix = member(acme, Role.FACILITATOR, email="felix@acme.example", display_name="Felix")
    other = workshop_for(acme, facilitators=[felix], participants=[fiona], title="Felix's")
    client = client_for(fiona)

    page = client.get(other.get_absolute_url()).content.decode()
    assert "The facilitator moves the workshop from stage to stage" in page
    assert 'data-action="next-stage"' not in page
    refused = client.post(reverse("workshop_stage", args=[other.pk]), {"stage": 2})
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.stage == Stage.CONTEXT

    # In her own workshop the same request moves the stage.
    client.post(reverse("workshop_stage", args=[workshop.pk]), {"stage": 2})
    workshop.refresh_from_db()
    assert workshop.stage == Stage.SURVEY
