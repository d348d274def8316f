"""Create the benchmark's organisation, people, workshop and open survey; print what the load
needs as JSON.

Every run starts the bench survey empty, so the answers counted and the word cloud recounted
in the background are this run's only.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from surveys import services as survey_services  # noqa: E402
from surveys.models import Answer, Survey  # noqa: E402
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

survey = survey_services.survey_for(workshop)
Answer.objects.filter(survey=survey).delete()
# The synthetic answers (bench/wordcloud_bench.py) are English and Romanian.
Survey.objects.filter(pk=survey.pk).update(languages="en,ro")
survey.refresh_from_db()
if not survey.is_accepting():
    survey_services.survey_open(survey=survey)

user = workshop.members.exclude(role="facilitator").first().user
print(
    json.dumps(
        {
            "workshop_id": workshop.pk,
            # Read after every change above: the poll must find nothing new (304).
            "poll_path": f"/workshops/{workshop.pk}/live/?v={live.poll(workshop.pk, user.pk)}"
            f"&t={live.poll_token(workshop.pk, user.pk)}",
            "survey_id": survey.pk,
            "survey_token": survey.token,
            "survey_path": reverse("survey_respond", args=[survey.token]),
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
        }
    )
)
