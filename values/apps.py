from django.apps import AppConfig


class ValuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "values"
    verbose_name = "Values"

    def ready(self) -> None:
        from values import demo
        from values.brainstorm import value_set_create
        from values.selectors import (
            VOTE_PROGRESS,
            brainstorm_screen,
            cloud_screen,
            vote_progress,
            vote_screen,
        )
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.services import register_workshop_setup
        from workshops.stages import LivePart, StageScreen, register_stage_screen

        register_workshop_setup("value set", value_set_create)
        # The cloud is the survey's, but its screen also shows which words are candidate
        # values already: this app, which depends on the surveys app, puts the two together.
        register_stage_screen(StageScreen(Stage.WORD_CLOUD, "surveys/_cloud.html", cloud_screen))
        register_stage_screen(
            StageScreen(Stage.BRAINSTORM, "values/_brainstorm.html", brainstorm_screen)
        )
        register_stage_screen(
            StageScreen(
                Stage.VOTE,
                "values/_vote.html",
                vote_screen,
                parts=(
                    LivePart(
                        VOTE_PROGRESS,
                        "values/_vote.html#who-voted",
                        vote_progress,
                        shown_to=lambda access: access.can_facilitate,
                    ),
                ),
            )
        )
        register_demo("values", DemoStep(demo.build))
