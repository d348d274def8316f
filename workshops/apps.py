import logging

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


def _create_cache_table(using: str, **kwargs) -> None:
    # Wherever `migrate` runs (make run, the compose migrate service, test databases), the
    # database cache's table is made too when the settings use one (no Redis).
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def _end_presence(sender, request, user, **kwargs) -> None:
    # Logging out ends the person's presence on every workshop screen of theirs.
    from workshops import live
    from workshops.models import Workshop

    if user is None:
        return
    workshop_ids = Workshop.objects.filter(organisation__memberships__user=user).values_list(
        "pk", flat=True
    )
    try:
        live.presence_end(
            user_id=user.pk,
            workshop_ids=list(workshop_ids.distinct()),
            session_key=request.session.session_key,
        )
    except Exception:  # noqa: BLE001 - a cache outage must not stop anyone logging out
        logger.warning("Could not end the presence of a user logging out", exc_info=True)


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="pw-cache-table")
        user_logged_out.connect(_end_presence, dispatch_uid="pw-end-presence")

        from workshops.models import Stage
        from workshops.selectors import context_screen
        from workshops.stages import StageScreen, register_stage_screen

        register_stage_screen(
            StageScreen(Stage.CONTEXT, "workshops/_context.html", context=context_screen)
        )
