from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from documents.assembly import assemble
from documents.models import ExportFormat
from documents.renderers import render
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Render a workshop's philosophy document (or its answers or votes) to a file, "
        "through the same code as the exports of stage 8."
    )

    def add_arguments(self, parser):
        parser.add_argument("workshop_id", type=int)
        parser.add_argument("--format", required=True, choices=ExportFormat.values)
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="the language of the document's headings and labels",
        )

    def handle(self, *args, workshop_id, format, output, language, **options):
        workshop = Workshop.objects.select_related("organisation").filter(pk=workshop_id).first()
        if workshop is None:
            raise CommandError(f"There is no workshop {workshop_id}.")
        with translation.override(language):
            document = assemble(workshop)
            content = render(format, document, workshop)
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        for gap in document.gaps:
            self.stderr.write(f"Missing: {gap.text}")
        self.stdout.write(f"{path} ({len(content):,} bytes)")
