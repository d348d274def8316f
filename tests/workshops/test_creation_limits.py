"""One account creates so many organisations and workshops an hour, no more (settings
ORGANISATION_CREATE_RATE and WORKSHOP_CREATE_RATE); others are not held back by it."""

from django.urls import reverse

from workshops.models import Organisation, Workshop


def test_creating_organisations_stops_at_the_limit_with_the_429_page(client_for, alice, settings):
    settings.ORGANISATION_CREATE_RATE = "3/h"
    client = client_for(alice)
    statuses = [
        client.post(reverse("organisation_create"), {"name": f"Scan {n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    response = client.post(reverse("organisation_create"), {"name": "Scan 9"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert Organisation.objects.filter(name__startswith="Scan").count() == 3


def test_the_organisation_limit_is_per_account(client_for, alice, charlie, settings):
    settings.ORGANISATION_CREATE_RATE = "1/h"
    assert client_for(alice).post(reverse("organisation_create"), {"name": "A1"}).status_code == 302
    assert client_for(alice).post(reverse("organisation_create"), {"name": "A2"}).status_code == 429
    assert (
        client_for(charlie).post(reverse("organisation_create"), {"name": "C1"}).status_code == 302
    )


def test_creating_workshops_stops_at_the_limit_with_the_429_page(
    client_for, acme, alice, fiona, settings
):
    settings.WORKSHOP_CREATE_RATE = "2/h"
    url = reverse("workshop_create", args=[acme.pk])

    def create(user, title):
        data = {"title": title, "company_name": "Acme", "facilitators": [fiona.pk]}
        return client_for(user).post(url, data).status_code

    assert [create(alice, f"Day {n}") for n in range(3)] == [302, 302, 429]
    assert Workshop.objects.filter(title__startswith="Day").count() == 2
    # Fiona has her own count.
    assert create(fiona, "Fiona's day") == 302


def test_the_default_limits_leave_room_for_real_work(settings):
    assert settings.ORGANISATION_CREATE_RATE == "20/h"
    assert settings.WORKSHOP_CREATE_RATE == "60/h"
