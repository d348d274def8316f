"""Stage 8: the philosophy document, its versions, the exports rendered from them, and
the link that shares it with every employee."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workshops.models import PublicLink, VersionedText, Workshop


class Foreword(VersionedText):
    """A short foreword the admins may put at the top of the document."""

    MAX_LENGTH = 1500
    CONFLICT_NOTE = _("%(name)s saved the foreword while you were editing.")
    EMPTY_NOTE = _("No foreword yet.")

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="foreword")


class DocumentVersion(models.Model):
    """The document's content as it was when it was exported or finalised: a workshop's
    versions are numbered 1, 2, … in the order their content first appeared, and one
    content (the same digest) is one version however often it is exported.

    A finalised version is one the team stands behind: the share link shows the latest
    one, and two of them can be compared (documents.versions)."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="document_versions"
    )
    number = models.PositiveIntegerField()
    # sha256 of the content's canonical JSON.
    digest = models.CharField(max_length=64)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The content in each language of the product, recorded when finalised ({"ro": {…}}):
    # the share link shows the reader's. `content` (the site's language) stays the one
    # the digest is of.
    translations = models.JSONField(default=dict, blank=True)
    # The final values' Candidate ids, in the document's order, recorded when finalised:
    # a value keeps its identity across versions when renamed, and employees' readings
    # of it (Interpretation) attach to it.
    value_ids = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_version_per_number"),
            models.UniqueConstraint(fields=["workshop", "digest"], name="one_version_per_content"),
        ]


def exports_storage():
    """Where the export files are kept (settings.STORAGES["exports"])."""
    return storages["exports"]


class ExportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    # The program's name, not the word ("Word" in a table's header is "Cuvânt").
    DOCX = "docx", pgettext_lazy("export format", "Word")
    MARKDOWN = "md", _("Markdown")
    ANSWERS_CSV = "answers-csv", _("Survey answers (CSV)")
    VOTES_CSV = "votes-csv", _("Votes (CSV)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One export asked for: written in the request's transaction (an outbox row), then
    rendered by a Celery worker, which claims it (`documents.tasks.render_export`). A job
    that waits or renders too long is picked up again, or failed, by the sweep."""

    MAX_ATTEMPTS = 3

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=12, choices=ExportFormat.choices)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    # 0–100, for the progress bar.
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The language the document is rendered in: the requester's at the time.
    language = models.CharField(max_length=10, default="en")
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    # Saved under "<workshop>/<job>/<filename>": one file a job, whatever the attempts.
    file = models.FileField(storage=exports_storage, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the job last moved (queued, claimed, finished): the sweep reads it.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"], name="export_job_sweep")]

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.READY, ExportStatus.FAILED)


class ShareLink(PublicLink):
    """A read-only link to the latest finalised version, for every employee, without an
    account. A workshop has at most one link in use; stopping it revokes it for good (a
    new one has a new token), as for the survey's link."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="share_links")
    # The interpretation check: the page asks, per value, what it means to the reader.
    asks_interpretation = models.BooleanField(_("ask what each value means"), default=True)

    class Meta(PublicLink.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_share_link_in_use",
            )
        ]


class Interpretation(models.Model):
    """One employee's answer to "What does this value mean to you?" on the share page.
    No account, no address: only a device cookie's hash, so one answer per device and
    value (changed, not added)."""

    MAX_LENGTH = 500

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="interpretations")
    # A value's identity (values.Candidate) outlives its versions; removing the value
    # removes what employees said of it.
    candidate = models.ForeignKey(
        "values.Candidate", on_delete=models.CASCADE, related_name="interpretations"
    )
    device = models.CharField(max_length=64)
    text = models.TextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "device"], name="one_interpretation_per_device_and_value"
            )
        ]

    def __str__(self) -> str:
        return self.text
