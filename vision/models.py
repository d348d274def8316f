"""Stage 6: the vision statements the team drafts, each one a text several people may edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import VersionedText, Workshop


class VisionDraft(VersionedText):
    """One draft vision statement: a few words up to one full sentence."""

    MAX_LENGTH = 300
    CONFLICT_NOTE = _("%(name)s saved this draft while you were editing.")
    EMPTY_NOTE = _("Not written yet.")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="vision_drafts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    @property
    def stem(self) -> str:
        """The DOM id stem of its field on the workshop page."""
        return f"draft-{self.pk}"


class VisionDraftRevision(models.Model):
    """Every text anyone saved for a draft (who, when, what), including those that lost a
    conflict."""

    draft = models.ForeignKey(VisionDraft, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    # True when the text was not applied because someone else saved first.
    conflicted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-saved_at", "-pk"]
