from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self) -> None:
        from surveys.services import survey_create
        from workshops.services import register_workshop_setup

        register_workshop_setup("survey", survey_create)
