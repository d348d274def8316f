from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """Stage 7: each final value in action (action statement, five questions, metrics)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = "Values in action"
