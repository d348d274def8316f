"""Check a vision statement from the command line: the JSON the UI will get, indented.

    python manage.py check_vision --language en "We create happiness."
    python manage.py check_vision --language ro --values Onestitate,Viteză "Creăm bucurie."

Prints `VisionCheck.as_json()` as indented JSON (non-ASCII letters as they are), with the
reason texts in the project's default language.
"""

import json

from django.core.management.base import BaseCommand

from vision.check import check_vision


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


class Command(BaseCommand):
    help = "Check a draft vision statement against the three criteria; print the JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", help="the statement")
        parser.add_argument("--language", default="en", help="its language: en or ro")
        parser.add_argument("--values", default="", help="the team's values, comma-separated")
        parser.add_argument("--top-words", default="", help="the survey's top words, likewise")
        parser.add_argument(
            "--promises-confirmed",
            action="store_true",
            help="the team has confirmed it can keep the statement's promises",
        )

    def handle(self, *args, **options) -> None:
        result = check_vision(
            options["text"],
            language=options["language"],
            values=_names(options["values"]),
            top_words=_names(options["top_words"]),
            promises_confirmed=options["promises_confirmed"],
        )
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
