from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """Stage 7: each final value in action (action statement, five questions, metrics)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = "Values in action"

    def ready(self) -> None:
        from actions import demo
        from actions.selectors import actions_screen
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.stages import StageScreen, register_stage_screen

        register_stage_screen(
            StageScreen(Stage.VALUES_IN_ACTION, "actions/_actions.html", actions_screen)
        )
        register_demo("actions", DemoStep(demo.build))
