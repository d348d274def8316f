from django.apps import AppConfig


class ValuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "values"
    verbose_name = "Values"

    def ready(self) -> None:
        from values.brainstorm import value_set_create
        from workshops.services import register_workshop_setup

        register_workshop_setup("value set", value_set_create)
