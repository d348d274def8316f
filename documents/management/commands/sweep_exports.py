from django.core.management.base import BaseCommand

from documents import services


class Command(BaseCommand):
    help = (
        "Send again the exports nobody is working on (queued and never delivered, or whose "
        "worker is gone). Celery beat runs this every few seconds in the full stack; "
        "`make run` runs it once at start."
    )

    def handle(self, *args, **options):
        sent = services.sweep()
        if sent:
            self.stdout.write(f"{sent} export(s) sent again.")
