"""Create the benchmark's organisation, people, workshop, open survey and voting round; print
what the load needs as JSON.

Every run starts the bench survey empty, so the answers counted and the word cloud recounted
in the background are this run's only, and opens a fresh voting round (stage 5) whose 50
participants are logged in by sessions made here, one cookie each.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from surveys import services as survey_services  # noqa: E402
from surveys.models import Answer, Survey  # noqa: E402
from values.models import Candidate  # noqa: E402
from values.starter import STARTER_VALUES  # noqa: E402
from values.voting import round_open  # noqa: E402
from workshops import live, services  # noqa: E402
from workshops.models import Membership, Organisation, Role, Stage, User  # noqa: E402

VOTE_BUDGET, VOTE_CANDIDATES = 5, 12

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

# Stage 5 with a fresh round over 12 values: 50 voters, 5 dots each, at most 1 a value, so a
# dot click answers with the voting screen a participant sees.
workshop.rounds.all().delete()
if not workshop.candidates.exists():
    Candidate.objects.bulk_create(
        Candidate(workshop=workshop, name=str(name), key=key)
        for key, (name, _) in list(STARTER_VALUES.items())[:VOTE_CANDIDATES]
    )
services.workshop_set_stage(workshop=workshop, stage=Stage.VOTE)
voting = round_open(
    workshop=workshop, candidates=list(workshop.candidates.all()), budget=VOTE_BUDGET, cap=1
)
voters = [m.user for m in workshop.members.select_related("user").exclude(role="facilitator")]


def session_for(voter: User) -> str:
    """A logged-in session, as django.contrib.auth.login would store it."""
    session = SessionStore()
    session[SESSION_KEY] = str(voter.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = voter.get_session_auth_hash()
    session.create()
    return session.session_key


user = voters[0]
# The poll token holds for the session it was issued in: the poll sends that session's cookie.
poll_session = session_for(user)
facilitator = workshop.members.get(role="facilitator").user
print(
    json.dumps(
        {
            "workshop_id": workshop.pk,
            # Read after every change above: the poll must find nothing new (304).
            "poll_path": f"/workshops/{workshop.pk}/live/?v={live.poll(workshop.pk, user.pk)}"
            f"&s={workshop.stage}&t={live.poll_token(workshop.pk, user.pk, poll_session)}",
            "poll_cookie": f"{settings.SESSION_COOKIE_NAME}={poll_session}",
            "survey_id": survey.pk,
            "survey_token": survey.token,
            "survey_path": reverse("survey_respond", args=[survey.token]),
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "round_id": voting.pk,
            "vote_path": reverse("vote_dot", args=[workshop.pk, voting.pk]),
            "vote_budget": VOTE_BUDGET,
            "vote_entries": list(voting.entries.values_list("pk", flat=True)),
            "vote_sessions": [session_for(voter) for voter in voters],
            # bench/live_change.py: one voter clicks, another voter's screen and the
            # facilitator's poll. The observer is the poll's voter, in the poll's session, so
            # the roster holds nobody who stopped polling (whose leaving would move it).
            "live_clicker_session": session_for(voters[-1]),
            "live_observer_session": poll_session,
            "live_facilitator_session": session_for(facilitator),
        }
    )
)
