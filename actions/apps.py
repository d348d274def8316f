from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """Stage 7: each final value in action (action statement, five questions, metrics)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "actions"
    verbose_name = "Values in action"

    def ready(self) -> None:
        from actions import demo, parts, selectors
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.stages import LivePart, StageScreen, register_stage_screen

        template = "actions/_actions.html"
        parts = (
            LivePart(parts.PROGRESS, f"{template}#progress", selectors.progress_part),
            LivePart(parts.GUIDES, f"{template}#conflicts", selectors.guides_part),
            *(
                LivePart(
                    parts.value_part(position),
                    f"{template}#value-part",
                    selectors.value_part_context(position),
                )
                for position in range(1, len(parts.VALUE_PARTS) + 1)
            ),
        )
        register_stage_screen(
            StageScreen(Stage.VALUES_IN_ACTION, template, selectors.actions_screen, parts=parts)
        )
        register_demo("actions", DemoStep(demo.build))
