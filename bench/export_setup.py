"""The export benchmark's setup (stage 8): the demo's complete workshop, an admin's session and
a CSRF pair; print what bench/export_bench.py needs as JSON.

    python bench/export_setup.py > export_setup.json

The demo organisation is made once (`manage.py demo`, which does nothing when it exists);
its workshop "Our customer service philosophy: complete" is complete through stage 7 and at
stage 8, the document, finalised and shared (its share link is the share page's bench).
Every run empties that workshop's exports, so the jobs listed and timed are this run's
only, and logs in admin@demo.example (an admin of the organisation: only admins export)
with a session made here, as setup_data.py makes its voters'.
"""

import io
import json
import os
import secrets

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from documents import sharing, versions  # noqa: E402
from documents.models import ExportJob  # noqa: E402
from workshops.management.commands.demo import COMPLETE_TITLE, DEMO_ORGANISATION  # noqa: E402
from workshops.models import Organisation, Stage, User, Workshop  # noqa: E402

ADMIN_EMAIL = "admin@demo.example"


def complete_workshop() -> Workshop | None:
    return Workshop.objects.filter(
        organisation__name=DEMO_ORGANISATION, title=COMPLETE_TITLE, stage=Stage.DOCUMENT
    ).first()


call_command("demo", stdout=io.StringIO())
if complete_workshop() is None:
    # A demo organisation made by an older `manage.py demo` (before stage 8): make it anew.
    Organisation.objects.filter(name=DEMO_ORGANISATION).delete()
    call_command("demo", stdout=io.StringIO())
workshop = complete_workshop()
if workshop is None:
    raise SystemExit(f"manage.py demo made no workshop “{COMPLETE_TITLE}” at stage 8")
# Files of earlier runs' jobs lived in their run's EXPORTS_ROOT (a temporary directory).
ExportJob.objects.filter(workshop=workshop).delete()

admin = User.objects.get(email=ADMIN_EMAIL)
# A demo made before stage 8's sharing has no finalised version nor share link yet.
if versions.latest_finalised(workshop) is None:
    versions.version_finalise(workshop=workshop, user=admin)
share_link = sharing.share_start(workshop=workshop, user=admin)
session = SessionStore()
session[SESSION_KEY] = str(admin.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
session.create()
secret = secrets.token_hex(16)  # a CSRF secret, unmasked: the cookie and the header
print(
    json.dumps(
        {
            "workshop_id": workshop.pk,
            "admin": ADMIN_EMAIL,
            "export_path": reverse("document_export", args=[workshop.pk]),
            # The job's row: the path with the job's id in place of {job}.
            "status_path": reverse("document_export_status", args=[workshop.pk, 0]).replace(
                "/0/", "/{job}/"
            ),
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={secret}",
            "csrf_token": secret,
            # The public share page, as every employee reads it (no account).
            "share_path": reverse("document_share", args=[share_link.token]),
        }
    )
)
