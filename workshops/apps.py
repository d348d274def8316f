from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(using: str, **kwargs) -> None:
    # Wherever `migrate` runs (make run, the compose migrate service, test databases), the
    # database cache's table is made too when the settings use one (no Redis).
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="pw-cache-table")
