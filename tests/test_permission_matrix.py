"""Every URL pattern × every role has an expected outcome (see docs/quality.md).

EXPECTED is the table to read and to extend: a URL pattern added to the project without
an entry here fails `test_every_url_pattern_is_in_the_matrix`. REQUESTS says how each URL
is built from the personas' objects and which methods are exercised.

Outcomes:
    ok        2xx
    login     a redirect to the log-in page, with ?next= back to the page
    redirect  any other 3xx
    404       the site's ordinary "not found" page, the same as for a URL that does not
              exist, and nothing in the database changed
    405       method not allowed, and nothing in the database changed
    409       refused with a message the page shows (e.g. an admin without a seat voting),
              and nothing in the database changed
An outcome is either one string for every method exercised, or a {method: outcome} dict.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from actions import services as action_services
from actions.models import Question
from documents import services as export_services
from documents import sharing, versions
from documents.assembly import assemble
from documents.models import ExportFormat, ExportJob, ExportStatus
from documents.renderers import render
from surveys import services as survey_services
from surveys import word_cloud
from tests.documents.conftest import complete_value, give_purpose, pick_vision
from tests.factories import workshop_for
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from vision import services as vision_services
from workshops import services
from workshops.models import ContextQuestion, Invitation, Membership, Role, Workshop

# Who may see and do what does not depend on the database: tier 1 runs the matrix, tier 2
# (PostgreSQL) leaves it out (scripts/test.sh), as its thousand worlds take minutes there.
pytestmark = pytest.mark.tier1

ANONYMOUS = "anonymous"
PARTICIPANT = "participant"  # Paul, seated in Acme's workshop
FACILITATOR = "facilitator"  # Fiona, facilitating Acme's workshop
ADMIN = "admin"  # Alice, admin of Acme, not seated in the workshop
OTHER_ORG_ADMIN = "other_org_admin"  # Charlie, admin of Globex
NONMEMBER = "nonmember"  # Nina, in Acme but not seated in the workshop
ROLES = (ANONYMOUS, PARTICIPANT, FACILITATOR, ADMIN, OTHER_ORG_ADMIN, NONMEMBER)
PERSONA = {
    PARTICIPANT: "paul",
    FACILITATOR: "fiona",
    ADMIN: "alice",
    OTHER_ORG_ADMIN: "charlie",
    NONMEMBER: "nina",
}

OK, LOGIN, REDIRECT, NOT_FOUND, NOT_ALLOWED = "ok", "login", "redirect", "404", "405"
REFUSED = "409"
GET, POST = "GET", "POST"


def _get_405_post(outcome: str) -> dict[str, str]:
    """A POST-only view: a GET is refused before anything else is looked at."""
    return {GET: NOT_ALLOWED, POST: outcome}


# fmt: off
EXPECTED: dict[str, dict[str, str | dict[str, str]]] = {
    # Public pages.
    "home": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    "health": {
        ANONYMOUS: {GET: OK, POST: NOT_ALLOWED},
        PARTICIPANT: {GET: OK, POST: NOT_ALLOWED},
        FACILITATOR: {GET: OK, POST: NOT_ALLOWED},
        ADMIN: {GET: OK, POST: NOT_ALLOWED},
        OTHER_ORG_ADMIN: {GET: OK, POST: NOT_ALLOWED},
        NONMEMBER: {GET: OK, POST: NOT_ALLOWED},
    },
    # Accounts. Signing up or logging in again while logged in goes to the dashboard.
    "signup": {
        ANONYMOUS: OK, PARTICIPANT: REDIRECT, FACILITATOR: REDIRECT, ADMIN: REDIRECT,
        OTHER_ORG_ADMIN: REDIRECT, NONMEMBER: REDIRECT,
    },
    "signup_sent": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    # The e-mailed link of a sign-up: whoever holds it may finish that sign-up (and is then
    # logged in as the new account).
    "signup_confirm": {
        ANONYMOUS: {GET: OK, POST: REDIRECT}, PARTICIPANT: {GET: OK, POST: REDIRECT},
        FACILITATOR: {GET: OK, POST: REDIRECT}, ADMIN: {GET: OK, POST: REDIRECT},
        OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT}, NONMEMBER: {GET: OK, POST: REDIRECT},
    },
    "login": {
        ANONYMOUS: OK, PARTICIPANT: REDIRECT, FACILITATOR: REDIRECT, ADMIN: REDIRECT,
        OTHER_ORG_ADMIN: REDIRECT, NONMEMBER: REDIRECT,
    },
    "logout": {
        ANONYMOUS: _get_405_post(REDIRECT), PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(REDIRECT), NONMEMBER: _get_405_post(REDIRECT),
    },
    "profile": {
        ANONYMOUS: LOGIN,
        PARTICIPANT: {GET: OK, POST: REDIRECT}, FACILITATOR: {GET: OK, POST: REDIRECT},
        ADMIN: {GET: OK, POST: REDIRECT}, OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT},
        NONMEMBER: {GET: OK, POST: REDIRECT},
    },
    "language_switch": {
        ANONYMOUS: _get_405_post(REDIRECT), PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(REDIRECT), NONMEMBER: _get_405_post(REDIRECT),
    },
    # Changing one's password in the app, knowing the old one.
    "password_change": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    "password_change_done": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    "password_reset": {
        ANONYMOUS: {GET: OK, POST: REDIRECT}, PARTICIPANT: {GET: OK, POST: REDIRECT},
        FACILITATOR: {GET: OK, POST: REDIRECT}, ADMIN: {GET: OK, POST: REDIRECT},
        OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT}, NONMEMBER: {GET: OK, POST: REDIRECT},
    },
    "password_reset_done": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    # A valid link moves its token into the session and redirects to the set-password form.
    "password_reset_confirm": {
        ANONYMOUS: REDIRECT, PARTICIPANT: REDIRECT, FACILITATOR: REDIRECT, ADMIN: REDIRECT,
        OTHER_ORG_ADMIN: REDIRECT, NONMEMBER: REDIRECT,
    },
    "password_reset_complete": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    # Organisations: anyone logged in may found one; its page is for its members.
    "organisation_create": {
        ANONYMOUS: LOGIN,
        PARTICIPANT: {GET: OK, POST: REDIRECT}, FACILITATOR: {GET: OK, POST: REDIRECT},
        ADMIN: {GET: OK, POST: REDIRECT}, OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT},
        NONMEMBER: {GET: OK, POST: REDIRECT},
    },
    "organisation_detail": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: OK,
    },
    # Members and invitations: organisation admins only.
    "invitation_create": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(OK),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "invitation_revoke": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(OK),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "member_role": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "member_remove": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # A valid invitation link is public; whoever holds it may join (a bad POST re-shows
    # the sign-up form). Members of the organisation are sent back to it, and the link
    # stays usable. (This one names no e-mail address; one that does is for its invitee.)
    "invitation_accept": {
        ANONYMOUS: OK,
        PARTICIPANT: {GET: OK, POST: REDIRECT}, FACILITATOR: {GET: OK, POST: REDIRECT},
        ADMIN: {GET: OK, POST: REDIRECT}, OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT},
        NONMEMBER: {GET: OK, POST: REDIRECT},
    },
    # Workshops: admins and facilitators create; admins see every workshop of their
    # organisation; the seated see theirs; only facilitators and admins run one.
    "workshop_create": {
        ANONYMOUS: LOGIN, PARTICIPANT: NOT_FOUND,
        FACILITATOR: {GET: OK, POST: REDIRECT}, ADMIN: {GET: OK, POST: REDIRECT},
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "workshop_detail": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    # The live poll needs no log-in (a signed token can answer it); without a token it
    # falls back to the session, so an anonymous poll is an ordinary 404.
    "workshop_live": {
        ANONYMOUS: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        PARTICIPANT: {GET: OK, POST: NOT_ALLOWED},
        FACILITATOR: {GET: OK, POST: NOT_ALLOWED},
        ADMIN: {GET: OK, POST: NOT_ALLOWED},
        OTHER_ORG_ADMIN: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        NONMEMBER: {GET: NOT_FOUND, POST: NOT_ALLOWED},
    },
    "workshop_settings": {
        ANONYMOUS: LOGIN, PARTICIPANT: NOT_FOUND,
        FACILITATOR: {GET: OK, POST: REDIRECT}, ADMIN: {GET: OK, POST: REDIRECT},
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "workshop_stage": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # Everyone seated in the workshop (and the admin) edits the context answers.
    "context_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # The survey: its link is public and anonymous; only facilitators and admins run it.
    "survey_respond": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    "survey_settings": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "survey_action": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "survey_answer_visibility": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # The join screen is for everyone in the workshop (it goes on the projector).
    "survey_join": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "survey_answers_csv": {
        ANONYMOUS: LOGIN, PARTICIPANT: NOT_FOUND, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "survey_answers": {
        ANONYMOUS: LOGIN, PARTICIPANT: NOT_FOUND, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    # The word cloud: everyone in the workshop sees it; only facilitators and admins hide,
    # merge and undo.
    "survey_cloud_svg": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "survey_cloud_png": {
        ANONYMOUS: LOGIN, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: NOT_FOUND, NONMEMBER: NOT_FOUND,
    },
    "survey_cloud_hide": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "survey_cloud_merge": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "survey_cloud_undo": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # Values: everyone in the workshop proposes; participants change the values they added
    # (Paul added the one exercised here), facilitators any; only facilitators merge and
    # end the brainstorm.
    "values_add": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_edit": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_remove": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_merge": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_merge_undo": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_brainstorm": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # Voting: only facilitators open, close, reveal, narrow and finalise; the seated vote
    # (an admin without a seat is not a voter: refused with a message).
    "vote_open": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vote_dot": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REFUSED),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vote_round_action": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vote_narrow": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "values_final": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # The vision drafts (stage 6): everyone in the workshop drafts; authors change their
    # own drafts (Paul wrote the one exercised here), facilitators any. The live check
    # writes nothing and answers everyone in the workshop.
    "vision_draft_add": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_draft_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_draft_remove": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_check": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(OK),
        FACILITATOR: _get_405_post(OK), ADMIN: _get_405_post(OK),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # Everyone in the workshop rates the drafts and walks them through the customer's
    # journey; only those who run it shortlist, confirm promises and pick (or un-pick) the
    # final statement.
    "vision_draft_rate": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_draft_journey": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_draft_shortlist": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_promise_confirm": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_pick": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_unpick": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # The optional gut check: only those who run the workshop share the shortlist or stop
    # sharing it; whoever holds the link reacts to it, without an account.
    "vision_gut_check_share": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_gut_check_stop": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "vision_gut_check": {
        ANONYMOUS: OK, PARTICIPANT: OK, FACILITATOR: OK, ADMIN: OK,
        OTHER_ORG_ADMIN: OK, NONMEMBER: OK,
    },
    # Values in action (stage 7), about a final value: everyone in the workshop (and the
    # admin) writes its statement, answers, votes, adds metrics and writes the teams'
    # practices and the conflict guides; an answer is changed or removed by its author
    # (Paul wrote the one exercised here) or those who run the workshop, a metric removed
    # by whoever added it (Paul) or those who run it; only those who run it keep answers
    # for the document. The live check writes nothing and answers everyone in the workshop.
    "actions_statement_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_check": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(OK),
        FACILITATOR: _get_405_post(OK), ADMIN: _get_405_post(OK),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_answer_add": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_answer_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_answer_remove": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_answer_support": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_answer_keep": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_question_keep_top": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_metric_add": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_metric_remove": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_practice_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "actions_guide_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(REDIRECT),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # The document (stage 8): everyone in the workshop (and the admin) reads its page; only
    # the organisation's admins write the foreword and export, follow, retry and download
    # (a facilitator too gets the ordinary 404). A read is refused for any other method.
    "document_page": {
        ANONYMOUS: LOGIN,
        PARTICIPANT: {GET: OK, POST: NOT_ALLOWED}, FACILITATOR: {GET: OK, POST: NOT_ALLOWED},
        ADMIN: {GET: OK, POST: NOT_ALLOWED},
        OTHER_ORG_ADMIN: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        NONMEMBER: {GET: NOT_FOUND, POST: NOT_ALLOWED},
    },
    "document_foreword_save": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_export": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_export_status": {
        ANONYMOUS: LOGIN,
        PARTICIPANT: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        FACILITATOR: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        ADMIN: {GET: OK, POST: NOT_ALLOWED},
        OTHER_ORG_ADMIN: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        NONMEMBER: {GET: NOT_FOUND, POST: NOT_ALLOWED},
    },
    "document_export_retry": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_export_download": {
        ANONYMOUS: LOGIN,
        PARTICIPANT: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        FACILITATOR: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        ADMIN: {GET: OK, POST: NOT_ALLOWED},
        OTHER_ORG_ADMIN: {GET: NOT_FOUND, POST: NOT_ALLOWED},
        NONMEMBER: {GET: NOT_FOUND, POST: NOT_ALLOWED},
    },
    # Versions and sharing (stage 8): those who run the workshop finalise the document and
    # send a value back to stage 7 from how employees read it; only the organisation's
    # admins share it, stop sharing, make a new link and ask (or stop asking) what each
    # value means (a facilitator too gets the ordinary 404). Whoever holds the share link
    # reads the latest finalised version and answers, without an account.
    "document_finalise": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_value_rework": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(REDIRECT), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_share_start": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_share_stop": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_share_new_link": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    "document_share_interpretation": {
        ANONYMOUS: LOGIN, PARTICIPANT: _get_405_post(NOT_FOUND),
        FACILITATOR: _get_405_post(NOT_FOUND), ADMIN: _get_405_post(REDIRECT),
        OTHER_ORG_ADMIN: _get_405_post(NOT_FOUND), NONMEMBER: _get_405_post(NOT_FOUND),
    },
    # Public: anyone with the link reads it; an answer saved goes back to it by a redirect.
    "document_share": {
        ANONYMOUS: {GET: OK, POST: REDIRECT}, PARTICIPANT: {GET: OK, POST: REDIRECT},
        FACILITATOR: {GET: OK, POST: REDIRECT}, ADMIN: {GET: OK, POST: REDIRECT},
        OTHER_ORG_ADMIN: {GET: OK, POST: REDIRECT}, NONMEMBER: {GET: OK, POST: REDIRECT},
    },
}
# fmt: on


@dataclass
class World:
    """Acme with its workshop, Nina's membership (the one admins act on) and an invitation."""

    acme: object
    workshop: Workshop
    paul: object
    nina_membership: Membership
    invitation: Invitation
    invitation_token: str
    survey: object
    answer: object
    fiona: object
    adjustment: object
    picture_hash: str
    pauls_value: object
    fionas_value: object
    merge: object
    round: object = None
    pauls_draft: object = None
    final_value: object = None  # Speed, the final set's one value (stage 7 works on it)
    pauls_answer: object = None  # Paul's answer about Speed (stage 7)
    pauls_metric: object = None  # the metric Paul added to Speed (stage 7)
    ready_export: object = None  # a Markdown export of the document, ready, with its file
    failed_export: object = None  # an export whose render failed (to be tried again)
    share_link: object = None  # the share link of the finalised document (stage 8)


@dataclass(frozen=True)
class Req:
    """How to call one URL: its kwargs, and the data of a POST (None: POST not exercised)."""

    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    post: Callable[[World], dict] | None = None
    get: bool = True

    @property
    def methods(self) -> tuple[str, ...]:
        return ((GET,) if self.get else ()) + ((POST,) if self.post is not None else ())


def _empty(w: World) -> dict:
    return {}


def _organisation(w: World) -> dict:
    return {"organisation_id": w.acme.pk}


def _workshop(w: World) -> dict:
    return {"workshop_id": w.workshop.pk}


def _pauls_draft(w: World) -> dict:
    return {"workshop_id": w.workshop.pk, "draft_id": w.pauls_draft.pk}


def _gut_check(w: World) -> dict:
    """The gut-check link of the workshop, Paul's draft on its shortlist."""
    vision_services.draft_shortlist(draft=w.pauls_draft, shortlisted=True)
    link = vision_services.gut_check_share(workshop=w.workshop, user=w.fiona)
    return {"token": link.token}


def _signup_link(w: World) -> dict:
    services.signup_request(
        email="newcomer@example.com",
        password="a sturdy passphrase",
        display_name="Newcomer",
        language="en",
        organisation_name="Newco",
    )
    token = re.search(r"/accounts/signup/confirm/([^/\s]+)/", mail.outbox[-1].body)[1]
    return {"token": token}


def _reset_link(w: World) -> dict:
    # Built after the log-in: the token covers last_login, which force_login changes.
    w.paul.refresh_from_db()
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.paul.pk)),
        "token": default_token_generator.make_token(w.paul),
    }


def _round_of(w: World, *, revealed: bool) -> dict:
    """A round over the world's three values (made on first use), open or revealed."""
    if w.round is None:
        w.round = voting_services.round_open(
            workshop=w.workshop, candidates=list(w.workshop.candidates.all()), budget=2
        )
        if revealed:
            voting_services.round_reveal(voting=w.round)
    return {"workshop_id": w.workshop.pk, "round_id": w.round.pk}


def _finalised(w: World) -> dict:
    voting_services.finalise(
        workshop=w.workshop,
        candidate_ids=[w.pauls_value.pk, w.fionas_value.pk],
        name="",
        user=w.fiona,
    )
    return _workshop(w)


def _final_value(w: World) -> dict:
    return {"workshop_id": w.workshop.pk, "value_id": w.final_value.pk}


def _pauls_answer(w: World) -> dict:
    return {"workshop_id": w.workshop.pk, "answer_id": w.pauls_answer.pk}


def _ready_export(w: World) -> dict:
    return {"workshop_id": w.workshop.pk, "job_id": w.ready_export.pk}


def _failed_export(w: World) -> dict:
    return {"workshop_id": w.workshop.pk, "job_id": w.failed_export.pk}


def _document_complete(w: World) -> dict:
    """The workshop's document without a gap (a purpose, a vision, and Speed, its one final
    value, with its statement, an answer kept for each question and a metric): ready to
    finalise."""
    give_purpose(w.workshop, w.fiona)
    pick_vision(w.workshop, w.fiona)
    complete_value(w.final_value, w.paul)
    assert not assemble(w.workshop).gaps
    return _workshop(w)


def _document_finalised(w: World) -> dict:
    """The complete document, finalised as version 1 (what the share link shows)."""
    _document_complete(w)
    versions.version_finalise(workshop=w.workshop, user=w.fiona)
    return _workshop(w)


def _document_shared(w: World) -> dict:
    """The finalised document, shared: its link in use, asking what each value means."""
    _document_finalised(w)
    w.share_link = sharing.share_start(workshop=w.workshop, user=w.fiona)
    return _workshop(w)


def _share_link(w: World) -> dict:
    _document_shared(w)
    return {"token": w.share_link.token}


REQUESTS: dict[str, Req] = {
    "home": Req(),
    "health": Req(post=_empty),
    "signup": Req(post=_empty),
    "signup_sent": Req(),
    "signup_confirm": Req(kwargs=_signup_link, post=_empty),
    "login": Req(post=_empty),
    "logout": Req(post=_empty),
    "profile": Req(post=lambda w: {"display_name": "Renamed", "language": "en"}),
    "language_switch": Req(post=lambda w: {"language": "ro", "next": "/"}),
    "password_change": Req(),
    "password_change_done": Req(),
    "password_reset": Req(post=lambda w: {"email": "nobody@example.com"}),
    "password_reset_done": Req(),
    "password_reset_confirm": Req(kwargs=_reset_link),
    "password_reset_complete": Req(),
    "organisation_create": Req(post=lambda w: {"name": "Initech"}),
    "organisation_detail": Req(kwargs=_organisation),
    "invitation_create": Req(kwargs=_organisation, post=lambda w: {"role": Role.PARTICIPANT}),
    "invitation_revoke": Req(
        kwargs=lambda w: {"organisation_id": w.acme.pk, "invitation_id": w.invitation.pk},
        post=_empty,
    ),
    "member_role": Req(
        kwargs=lambda w: {"organisation_id": w.acme.pk, "membership_id": w.nina_membership.pk},
        post=lambda w: {"role": Role.FACILITATOR},
    ),
    "member_remove": Req(
        kwargs=lambda w: {"organisation_id": w.acme.pk, "membership_id": w.nina_membership.pk},
        post=_empty,
    ),
    "invitation_accept": Req(kwargs=lambda w: {"token": w.invitation_token}, post=_empty),
    "workshop_create": Req(
        kwargs=_organisation,
        post=lambda w: {"title": "Ethics", "company_name": "Acme", "facilitators": [w.fiona.pk]},
    ),
    "workshop_detail": Req(kwargs=_workshop),
    "workshop_live": Req(kwargs=_workshop, post=_empty),
    "workshop_settings": Req(
        kwargs=_workshop,
        post=lambda w: {
            "title": "Renamed",
            "company_name": "Acme",
            "facilitators": [w.fiona.pk],
            "participants": [w.paul.pk],
        },
    ),
    "workshop_stage": Req(kwargs=_workshop, post=lambda w: {"stage": 2}),
    "context_save": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "key": ContextQuestion.PURPOSE},
        post=lambda w: {"text": "We help people think.", "base_version": 0},
    ),
    "survey_respond": Req(
        kwargs=lambda w: {"token": w.survey.token}, post=lambda w: {"text": "Quick and kind"}
    ),
    "survey_settings": Req(
        kwargs=_workshop,
        post=lambda w: {"question": "Why?", "languages": ["en"], "max_answer_length": 200},
    ),
    "survey_action": Req(kwargs=_workshop, post=lambda w: {"action": "close"}),
    "survey_answer_visibility": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "answer_id": w.answer.pk},
        post=lambda w: {"hidden": "1"},
    ),
    "survey_join": Req(kwargs=_workshop),
    "survey_answers_csv": Req(kwargs=_workshop),
    "survey_answers": Req(kwargs=_workshop),
    "survey_cloud_svg": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "picture_hash": w.picture_hash}
    ),
    "survey_cloud_png": Req(kwargs=_workshop),
    "survey_cloud_hide": Req(kwargs=_workshop, post=lambda w: {"key": "warm"}),
    "survey_cloud_merge": Req(
        kwargs=_workshop, post=lambda w: {"key": "friendly", "into_key": "warm"}
    ),
    "survey_cloud_undo": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "adjustment_id": w.adjustment.pk},
        post=_empty,
    ),
    "values_add": Req(kwargs=_workshop, post=lambda w: {"name": "Candour"}),
    "values_edit": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "candidate_id": w.pauls_value.pk},
        post=lambda w: {"name": "Truthfulness", "description": ""},
    ),
    "values_remove": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "candidate_id": w.pauls_value.pk},
        post=_empty,
    ),
    "values_merge": Req(
        kwargs=_workshop,
        post=lambda w: {"source": w.fionas_value.pk, "target": w.pauls_value.pk},
    ),
    "values_merge_undo": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "merge_id": w.merge.pk}, post=_empty
    ),
    "values_brainstorm": Req(kwargs=_workshop, post=lambda w: {"action": "end"}),
    "vote_open": Req(kwargs=_workshop, post=lambda w: {"budget": 2, "cap": 1}),
    "vote_dot": Req(
        kwargs=lambda w: _round_of(w, revealed=False),
        post=lambda w: {"add": w.round.entries.first().pk},
    ),
    "vote_round_action": Req(
        kwargs=lambda w: _round_of(w, revealed=False), post=lambda w: {"action": "close"}
    ),
    "vote_narrow": Req(
        kwargs=lambda w: _round_of(w, revealed=True),
        post=lambda w: {
            "entries": [e.pk for e in w.round.entries.all()[:2]],
            "budget": 2,
            "cap": 1,
        },
    ),
    "values_final": Req(kwargs=_finalised, post=lambda w: {"action": "name", "name": "The 2Rs"}),
    "vision_draft_add": Req(kwargs=_workshop, post=lambda w: {"text": "Fast, kind help."}),
    "vision_draft_save": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "draft_id": w.pauls_draft.pk},
        post=lambda w: {"text": "Fast, friendly help.", "base_version": 1},
    ),
    "vision_draft_remove": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "draft_id": w.pauls_draft.pk},
        post=_empty,
    ),
    "vision_check": Req(
        kwargs=_workshop, post=lambda w: {"text": "We leverage synergy.", "check": "new"}
    ),
    "vision_draft_rate": Req(
        kwargs=_pauls_draft,
        post=lambda w: {"verdict_simple": "meets", "comment_simple": "Short and clear."},
    ),
    "vision_draft_journey": Req(
        kwargs=_pauls_draft, post=lambda w: {"tells_first_contact": "yes", "tells_waiting": "no"}
    ),
    "vision_draft_shortlist": Req(kwargs=_pauls_draft, post=lambda w: {"shortlisted": "1"}),
    "vision_promise_confirm": Req(kwargs=_pauls_draft, post=_empty),
    "vision_pick": Req(kwargs=_pauls_draft, post=lambda w: {"reason": "The team owns it."}),
    "vision_unpick": Req(kwargs=_workshop, post=_empty),
    "vision_gut_check_share": Req(kwargs=_workshop, post=_empty),
    "vision_gut_check_stop": Req(kwargs=_workshop, post=_empty),
    "vision_gut_check": Req(
        kwargs=_gut_check,
        post=lambda w: {"draft": w.pauls_draft.pk, "reaction": "works", "comment": "Clear."},
    ),
    "actions_statement_save": Req(
        kwargs=lambda w: _final_value(w),
        post=lambda w: {"text": "Treat every customer with urgency.", "base_version": 0},
    ),
    "actions_check": Req(
        kwargs=_workshop, post=lambda w: {"text": "Treat every customer.", "check": "action-1"}
    ),
    "actions_answer_add": Req(
        kwargs=lambda w: _final_value(w),
        post=lambda w: {"question": Question.MISREAD, "text": "Fast is not rushed."},
    ),
    "actions_answer_save": Req(
        kwargs=lambda w: _pauls_answer(w),
        post=lambda w: {"text": "Nobody waits long.", "base_version": 1},
    ),
    "actions_answer_remove": Req(kwargs=lambda w: _pauls_answer(w), post=_empty),
    "actions_answer_support": Req(
        kwargs=lambda w: _pauls_answer(w), post=lambda w: {"support": "1"}
    ),
    "actions_answer_keep": Req(kwargs=lambda w: _pauls_answer(w), post=lambda w: {"keep": "1"}),
    "actions_question_keep_top": Req(
        kwargs=lambda w: {**_final_value(w), "question": Question.MEANING}, post=_empty
    ),
    "actions_metric_add": Req(
        kwargs=lambda w: _final_value(w), post=lambda w: {"metric": "csat", "target": "4.5"}
    ),
    "actions_metric_remove": Req(
        kwargs=lambda w: {**_final_value(w), "metric_id": w.pauls_metric.pk}, post=_empty
    ),
    "actions_practice_save": Req(
        kwargs=lambda w: {**_final_value(w), "team": "support"},
        post=lambda w: {"text": "We reply within the hour.", "base_version": 0},
    ),
    "actions_guide_save": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "topic": "concerns"},
        post=lambda w: {"text": "Raise it with your lead.", "base_version": 0},
    ),
    "document_page": Req(kwargs=_workshop, post=_empty),
    "document_foreword_save": Req(
        kwargs=_workshop, post=lambda w: {"text": "From the admins.", "base_version": 0}
    ),
    "document_export": Req(kwargs=_workshop, post=lambda w: {"format": "md"}),
    "document_export_status": Req(kwargs=_ready_export, post=_empty),
    "document_export_retry": Req(kwargs=_failed_export, post=_empty),
    "document_export_download": Req(kwargs=_ready_export, post=_empty),
    "document_finalise": Req(kwargs=_document_complete, post=_empty),
    "document_value_rework": Req(
        kwargs=lambda w: {"workshop_id": w.workshop.pk, "candidate_id": w.final_value.pk},
        post=_empty,
    ),
    "document_share_start": Req(kwargs=_document_finalised, post=_empty),
    "document_share_stop": Req(kwargs=_document_shared, post=_empty),
    "document_share_new_link": Req(kwargs=_document_shared, post=_empty),
    "document_share_interpretation": Req(kwargs=_document_shared, post=lambda w: {"asks": "0"}),
    "document_share": Req(
        kwargs=_share_link,
        post=lambda w: {"value": w.final_value.pk, "text": "Nobody waits for us."},
    ),
}


def _url_pattern_names(patterns=None, namespace: str = "") -> list[str]:
    """Every pattern name of the project, with its namespaces; unnamed ones by their route."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _url_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"<{pattern.pattern}>")
    return names


def _outcome(url_name: str, role: str, method: str) -> str:
    expected = EXPECTED[url_name][role]
    return expected if isinstance(expected, str) else expected[method]


def _cases():
    for url_name, by_role in EXPECTED.items():
        methods = REQUESTS[url_name].methods if url_name in REQUESTS else (GET,)
        for role in by_role:
            for method in methods:
                yield pytest.param(url_name, role, method, id=f"{url_name}-{role}-{method}")


def _database_state() -> list:
    """Every row of the app's tables (bar log-in times), to prove a refusal changed nothing."""
    state = []
    models = [*apps.get_app_config("workshops").get_models()]
    models += apps.get_app_config("surveys").get_models()
    models += apps.get_app_config("values").get_models()
    models += apps.get_app_config("vision").get_models()
    models += apps.get_app_config("actions").get_models()
    models += apps.get_app_config("documents").get_models()
    for model in models:
        rows = model.objects.order_by("pk").values()
        state.append((model._meta.label, [{**row, "last_login": None} for row in rows]))
    return state


_CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def normalised_body(response) -> str:
    """The body without what differs per request anyway: CSRF tokens and the own path."""
    body = response.content.decode()
    body = body.replace(response.wsgi_request.get_full_path(), "<path>")
    return _CSRF_TOKEN.sub("<csrf>", body)


def _exports(workshop, alice) -> dict:
    """Stage 8's exports, made as a worker makes them: one ready with its file, one whose
    render failed."""
    ready = ExportJob.objects.create(workshop=workshop, format=ExportFormat.MARKDOWN)
    claimed = export_services.export_claim(ready.pk)
    document = assemble(workshop)
    version = export_services.version_for(workshop)
    content = render(ExportFormat.MARKDOWN, document, workshop)
    assert export_services.export_finish(claimed, content, version)
    failed = ExportJob.objects.create(
        workshop=workshop, format=ExportFormat.VOTES_CSV, requested_by=alice
    )
    export_services.export_fail(
        export_services.export_claim(failed.pk), export_services.RENDER_FAILED
    )
    ready.refresh_from_db()
    failed.refresh_from_db()
    assert (ready.status, failed.status) == (ExportStatus.READY, ExportStatus.FAILED)
    return {"ready_export": ready, "failed_export": failed}


@pytest.fixture
def world(acme, alice, fiona, paul, nina, workshop, exports_dir) -> World:
    invitation, token = services.invitation_create(
        organisation=acme, role=Role.PARTICIPANT, email="", invited_by=alice
    )
    survey = survey_services.survey_for(workshop)
    survey_services.survey_open(survey=survey)
    answer = survey_services.answer_submit(survey=survey, device_id="matrix", text="Warm")
    survey_services.answer_submit(survey=survey, device_id="other", text="Friendly help, warm")
    adjustment = word_cloud.word_hide(survey=survey, key="help", user=fiona)
    pauls_value = brainstorm_services.candidate_add(workshop=workshop, name="Honesty", user=paul)
    fionas_value = brainstorm_services.candidate_add(workshop=workshop, name="Respect", user=fiona)
    speed = brainstorm_services.candidate_add(workshop=workshop, name="Speed", user=fiona)
    kindness = brainstorm_services.candidate_add(workshop=workshop, name="Kindness", user=fiona)
    merge = brainstorm_services.candidates_merge(source=kindness, target=fionas_value, user=fiona)
    return World(
        acme=acme,
        workshop=workshop,
        paul=paul,
        fiona=fiona,
        nina_membership=Membership.objects.get(organisation=acme, user=nina),
        invitation=invitation,
        invitation_token=token,
        survey=survey,
        answer=answer,
        adjustment=adjustment,
        picture_hash=word_cloud.cloud_view(survey).picture_hash,
        pauls_value=pauls_value,
        fionas_value=fionas_value,
        merge=merge,
        pauls_draft=vision_services.draft_create(workshop=workshop, author=paul, text="Fast help."),
        **_stage_7(workshop, speed, paul, fiona),
        **_exports(workshop, alice),
    )


def _stage_7(workshop, speed, paul, fiona) -> dict:
    """Speed made the final set (alone: Paul's and Fiona's values stay editable), with an
    answer by Paul that Fiona voted for, and a metric Paul added."""
    voting_services.finalise(workshop=workshop, candidate_ids=[speed.pk], name="", user=fiona)
    answer = action_services.answer_add(
        candidate=speed, question=Question.MEANING, text="Nobody waits.", user=paul
    )
    action_services.answer_support(answer=answer, user=fiona, support=True)
    metric = action_services.metric_add(candidate=speed, metric="frt", user=paul)
    return {"final_value": speed, "pauls_answer": answer, "pauls_metric": metric}


def _client_as(request, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(request.getfixturevalue(PERSONA[role]))
    return client


def test_every_url_pattern_is_in_the_matrix():
    names = _url_pattern_names()
    assert len(names) == len(set(names)), "two URL patterns share a name"
    missing = sorted(set(names) - set(EXPECTED))
    gone = sorted(set(EXPECTED) - set(names))
    assert not missing, f"URL patterns without an entry in EXPECTED: {missing}"
    assert not gone, f"EXPECTED has entries for URL patterns that no longer exist: {gone}"


def test_every_matrix_entry_is_complete():
    assert set(REQUESTS) == set(EXPECTED), "REQUESTS and EXPECTED name different URLs"
    for url_name, by_role in EXPECTED.items():
        assert set(by_role) == set(ROLES), f"{url_name}: roles {sorted(by_role)}"
        methods = set(REQUESTS[url_name].methods)
        for role, outcome in by_role.items():
            if isinstance(outcome, dict):
                assert set(outcome) == methods, f"{url_name}/{role}: methods {sorted(outcome)}"


@pytest.mark.parametrize(("url_name", "role", "method"), list(_cases()))
def test_permission(request, world, url_name, role, method):
    client = _client_as(request, role)
    spec = REQUESTS[url_name]
    url = reverse(url_name, kwargs=spec.kwargs(world))
    before = _database_state()
    response = client.get(url) if method == GET else client.post(url, spec.post(world))
    expected = _outcome(url_name, role, method)
    status = response.status_code
    where = f"{method} {url} as {role}: {status} {response.get('Location', '')}"

    if expected == OK:
        assert 200 <= status < 300, where
    elif expected == LOGIN:
        assert status == 302, where
        location = urlsplit(response["Location"])
        assert location.path == reverse("login"), where
        assert parse_qs(location.query)["next"] == [url], where
    elif expected == REDIRECT:
        assert 300 <= status < 400, where
        assert urlsplit(response["Location"]).path != reverse("login"), where
    elif expected == NOT_FOUND:
        assert status == 404, where
        # The ordinary "not found" page: no hint that the object exists.
        nowhere = client.get("/no-such-page/")
        assert normalised_body(response) == normalised_body(nowhere), where
    elif expected == NOT_ALLOWED:
        assert status == 405, where
    elif expected == REFUSED:
        assert status == 409, where
    else:
        raise AssertionError(f"unknown outcome {expected!r}")

    if expected in (LOGIN, NOT_FOUND, NOT_ALLOWED, REFUSED):
        assert _database_state() == before, f"{where} changed the database"


def _missing_kwargs(kwargs: dict) -> dict:
    """The same kwargs with every id pointing at an object that does not exist."""
    return {
        key: 10**12 + n if isinstance(value, int) else value
        for n, (key, value) in enumerate(kwargs.items())
    }


def _cross_organisation_cases():
    for url_name, spec in REQUESTS.items():
        for method in spec.methods:
            if _outcome(url_name, OTHER_ORG_ADMIN, method) == NOT_FOUND:
                yield pytest.param(url_name, method, id=f"{url_name}-{method}")


@pytest.mark.parametrize(("url_name", "method"), list(_cross_organisation_cases()))
def test_another_organisations_object_answers_exactly_like_a_missing_one(
    request, world, charlie, url_name, method
):
    client = _client_as(request, OTHER_ORG_ADMIN)
    spec = REQUESTS[url_name]
    kwargs = spec.kwargs(world)
    data = spec.post(world) if method == POST else None
    send = client.get if method == GET else client.post
    theirs = send(reverse(url_name, kwargs=kwargs), data)
    missing = send(reverse(url_name, kwargs=_missing_kwargs(kwargs)), data)
    assert theirs.status_code == missing.status_code == 404
    assert theirs["Content-Type"] == missing["Content-Type"]
    assert normalised_body(theirs) == normalised_body(missing)
    assert "Acme" not in theirs.content.decode()


def test_charlie_sees_the_same_page_for_acmes_workshop_and_a_missing_one(
    client_for, workshop, charlie
):
    client = client_for(charlie)
    theirs = client.get(reverse("workshop_detail", args=[workshop.pk]))
    missing = client.get(reverse("workshop_detail", args=[workshop.pk + 1000]))
    assert theirs.status_code == missing.status_code == 404
    assert [t.name for t in theirs.templates] == [t.name for t in missing.templates]
    assert normalised_body(theirs) == normalised_body(missing)
    assert workshop.title not in theirs.content.decode()


def test_ids_of_another_organisation_under_ones_own_are_refused(
    client_for, acme, alice, nina, globex, charlie
):
    """Mixing one's own organisation id with another organisation's member or invitation."""
    globex_member = Membership.objects.get(user=charlie)
    acme_member = Membership.objects.get(user=nina)
    globex_invitation, _ = services.invitation_create(
        organisation=globex, role=Role.ADMIN, email="", invited_by=charlie
    )
    before = _database_state()
    attempts = [
        (alice, "member_role", [acme.pk, globex_member.pk], {"role": Role.PARTICIPANT}),
        (alice, "member_remove", [acme.pk, globex_member.pk], {}),
        (alice, "invitation_revoke", [acme.pk, globex_invitation.pk], {}),
        (charlie, "member_role", [globex.pk, acme_member.pk], {"role": Role.ADMIN}),
        (charlie, "member_remove", [globex.pk, acme_member.pk], {}),
    ]
    for user, url_name, args, data in attempts:
        response = client_for(user).post(reverse(url_name, args=args), data)
        assert response.status_code == 404, (user, url_name)
    assert _database_state() == before


def test_an_admin_sees_every_workshop_of_the_organisation_and_no_other(
    client_for, acme, alice, fiona, paul, workshop, globex, charlie
):
    unseated = workshop_for(acme, facilitators=[fiona], participants=[paul], title="Unseated")
    elsewhere = workshop_for(globex, facilitators=[charlie], title="Globex only")
    client = client_for(alice)
    dashboard = client.get(reverse("home"))
    assert {w.pk for w in dashboard.context["workshops"]} == {workshop.pk, unseated.pk}
    organisation = client.get(acme.get_absolute_url())
    assert {w.pk for w in organisation.context["workshops"]} == {workshop.pk, unseated.pk}
    assert client.get(unseated.get_absolute_url()).status_code == 200
    assert client.get(elsewhere.get_absolute_url()).status_code == 404


def test_a_participant_lists_only_the_workshops_with_a_seat(
    client_for, acme, alice, fiona, paul, workshop
):
    workshop_for(acme, facilitators=[fiona], title="Without Paul")
    dashboard = client_for(paul).get(reverse("home"))
    assert [w.pk for w in dashboard.context["workshops"]] == [workshop.pk]


def test_an_unknown_context_question_is_a_404(client_for, workshop, paul):
    url = reverse("context_save", args=[workshop.pk, "nonsense"])
    response = client_for(paul).post(url, {"text": "x", "base_version": 0})
    assert response.status_code == 404


def test_invitation_links_that_do_not_work_all_answer_alike(client, acme, alice, nina):
    def invitation(**changes):
        created, token = services.invitation_create(
            organisation=acme, role=Role.ADMIN, email="", invited_by=alice
        )
        Invitation.objects.filter(pk=created.pk).update(**changes)
        return token

    tokens = {
        "unknown": Invitation.new_token(),
        "revoked": invitation(revoked_at=timezone.now()),
        "accepted": invitation(accepted_at=timezone.now(), accepted_by=nina),
        "expired": invitation(expires_at=timezone.now()),
    }
    bodies = {}
    for kind, token in tokens.items():
        for method in (client.get, client.post):
            response = method(reverse("invitation_accept", args=[token]))
            assert response.status_code == 404, kind
            bodies[kind, method.__name__] = normalised_body(response)
    assert len(set(bodies.values())) == 1, bodies.keys()
    assert Membership.objects.filter(organisation=acme, role=Role.ADMIN).count() == 1


def test_the_live_poll_answers_304_to_its_token_in_its_session_while_nothing_changed(
    client_for, client, workshop, paul, fiona, django_capture_on_commit_callbacks
):
    page = client_for(paul).get(workshop.get_absolute_url())
    session_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    query = f"?v={page.context['counter']}&t={page.context['poll_token']}"
    url = reverse("workshop_live", args=[workshop.pk]) + query
    # The token answers with the session cookie it was issued with (the session itself is
    # not read); copied without it, it is nobody's.
    same_browser = Client()
    same_browser.cookies[django_settings.SESSION_COOKIE_NAME] = session_cookie
    assert same_browser.get(url).status_code == 304
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    # Once something changed the token no longer answers; the session decides, and a
    # made-up one is nobody's.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(fiona).post(reverse("workshop_stage", args=[workshop.pk]), {"stage": 2})
    forged = Client()
    forged.cookies[django_settings.SESSION_COOKIE_NAME] = "made-up"
    assert forged.get(url).status_code == 404
