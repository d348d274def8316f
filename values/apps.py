from django.apps import AppConfig


class ValuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "values"
    verbose_name = "Values"

    def ready(self) -> None:
        from values.brainstorm import value_set_create
        from workshops.services import register_workshop_setup

        register_workshop_setup("value set", value_set_create)

        from values.selectors import VOTE_PROGRESS, vote_progress
        from workshops.live_parts import LivePart, register_live_part
        from workshops.models import Stage

        register_live_part(
            Stage.VOTE,
            LivePart(
                VOTE_PROGRESS,
                "values/_vote.html#who-voted",
                vote_progress,
                shown_to=lambda access: access.can_facilitate,
            ),
        )
