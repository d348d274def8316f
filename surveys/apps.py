from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self) -> None:
        from surveys import demo
        from surveys.selectors import survey_screen
        from surveys.services import survey_create
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.services import register_workshop_setup
        from workshops.stages import StageScreen, register_stage_screen

        register_workshop_setup("survey", survey_create)
        register_stage_screen(StageScreen(Stage.SURVEY, "surveys/_stage.html", survey_screen))
        register_demo("survey", DemoStep(demo.build, describe=demo.describe))
