"""Check an action statement from the command line: the JSON the UI will get, indented.

    python manage.py check_action "Treat every customer with urgency."
    python manage.py check_action --language ro "Tratează fiecare client cu urgență."

Prints `ActionCheck.as_dict()` as indented JSON (non-ASCII letters as they are), with the
reason texts in the project's default language.
"""

import json

from django.core.management.base import BaseCommand

from actions.check import check_action


class Command(BaseCommand):
    help = "Check a value's action statement (stage 7); print the JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", help="the statement")
        parser.add_argument("--language", default="en", help="its language: en or ro")

    def handle(self, *args, **options) -> None:
        result = check_action(options["text"], language=options["language"])
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
