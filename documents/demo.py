"""The complete demo workshop's history and sharing: version 1 was finalised a week ago;
the team then raised the bar for Speed's first response and gave Reliability a second
metric, and finalised version 2. Its share link asks employees what each value means to
them, and a few have answered for Speed and Honesty (one reading Speed as rushing)."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actions import services as actions
from documents import sharing, versions
from documents.assembly import final_values
from documents.models import DocumentVersion, ShareLink
from workshops.demo import DemoWorkshops
from workshops.models import Organisation

READINGS = {
    "Speed": [
        "Answering fast, so nobody waits for us.",
        "A quick first answer, then a real fix the same day.",
        "Closing tickets as fast as possible.",
        "Nobody waits: we reply within the hour.",
    ],
    "Honesty": [
        "Telling customers the truth, even when it costs a sale.",
        "We say what we know and what we do not know.",
        "Nu promitem ce nu putem livra.",
    ],
}


def build(demo: DemoWorkshops) -> None:
    workshop, admin = demo.complete, demo.users["admin@demo.example"]
    first = versions.version_finalise(workshop=workshop, user=admin)
    DocumentVersion.objects.filter(pk=first.pk).update(
        finalised_at=timezone.now() - timedelta(days=7)
    )
    values = {value.name: value for value in final_values(workshop)}
    actions.metric_add(
        candidate=values["Speed"],
        metric="frt",
        user=admin,
        target="under 30 minutes",
        measured_by="Help desk report, every Monday",
    )
    actions.metric_add(
        candidate=values["Reliability"], metric="csat", user=admin, target="4.5 of 5"
    )
    versions.version_finalise(workshop=workshop, user=admin)
    sharing.share_start(workshop=workshop, user=admin)
    for name, texts in READINGS.items():
        for n, text in enumerate(texts):
            sharing.interpretation_submit(
                workshop=workshop,
                candidate_id=values[name].pk,
                device_id=f"demo-reader-{n}",
                text=text,
            )


def describe(organisation: Organisation) -> list[str]:
    link = ShareLink.objects.in_use().filter(workshop__organisation=organisation).first()
    if link is None:
        return []
    url = settings.SITE_ROOT + reverse("document_share", args=[link.token])
    return [f"The complete workshop's philosophy, shared with every employee: {url}"]
