from django.apps import AppConfig


class VisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vision"
    verbose_name = "Vision"

    def ready(self) -> None:
        from vision import demo
        from vision.selectors import vision_screen
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.stages import StageScreen, register_stage_screen

        register_stage_screen(StageScreen(Stage.VISION, "vision/_vision.html", vision_screen))
        register_demo("vision", DemoStep(demo.build))
