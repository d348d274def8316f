"""A workflow that changes several rows is one service in one transaction: refused, it
changes nothing."""

import pytest

from workshops import services
from workshops.models import Workshop
from workshops.services import DomainError

pytestmark = pytest.mark.django_db


def test_settings_refused_for_want_of_a_facilitator_keep_the_old_title(workshop, paul):
    with pytest.raises(DomainError):
        services.workshop_update(
            workshop=workshop,
            title="Renamed",
            company_name="Acme",
            facilitators=[],
            participants=[paul],
        )
    assert Workshop.objects.get(pk=workshop.pk).title == "Philosophy 2026"
