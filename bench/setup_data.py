"""Create the benchmark's organisation, people and workshop; print what the load needs as JSON."""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
django.setup()

from workshops import live, services  # noqa: E402
from workshops.models import Membership, Organisation, Role, User  # noqa: E402

organisation = Organisation.objects.filter(name="Bench").first()
if organisation is None:
    admin = User.objects.create_user(email="bench@bench.example", password="bench-password-1")
    organisation = services.organisation_create(name="Bench", admin=admin)
    participants = []
    for n in range(50):
        user = User.objects.create_user(email=f"p{n}@bench.example", display_name=f"P{n}")
        Membership.objects.create(organisation=organisation, user=user, role=Role.PARTICIPANT)
        participants.append(user)
    services.workshop_create(
        organisation=organisation,
        title="Bench",
        company_name="Bench",
        created_by=admin,
        facilitators=[admin],
        participants=participants,
    )
workshop = organisation.workshops.get()
user = workshop.members.exclude(role="facilitator").first().user
print(
    json.dumps(
        {
            "workshop_id": workshop.pk,
            "poll_path": f"/workshops/{workshop.pk}/live/?v={live.poll(workshop.pk, user.pk)}"
            f"&t={live.poll_token(workshop.pk, user.pk)}",
        }
    )
)
