from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Stage 8: the philosophy document and its exports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Document"

    def ready(self) -> None:
        from documents import demo, selectors, services, sharing
        from workshops.demo import DemoStep, register_demo
        from workshops.models import Stage
        from workshops.stages import LivePart, StageScreen, register_stage_screen

        template = "documents/_stage.html"
        register_stage_screen(
            StageScreen(
                Stage.DOCUMENT,
                template,
                selectors.document_screen,
                parts=(
                    LivePart(
                        services.EXPORTS_PART,
                        f"{template}#exports",
                        selectors.exports_part,
                        shown_to=lambda access: access.is_org_admin,
                    ),
                    LivePart(
                        sharing.READINGS_PART,
                        f"{template}#readings",
                        selectors.readings_panel,
                        shown_to=lambda access: access.can_facilitate,
                    ),
                ),
            )
        )
        register_demo("documents", DemoStep(demo.build, describe=demo.describe))
