"""The action-statement check's figures of `make bench` as JSON: statements of 3 to 16
words, p95 of warm runs, and the first check in a fresh process (lemminflect's tables and
the Romanian verb forms loaded).

    .venv/bin/python bench/action_check.py
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")

# Typed as a team would, one keystroke after another: each run drops up to 40 characters.
STATEMENTS = {
    "en": "Treat every customer with urgency, and call back the same day with a clear answer",
    "ro": "Tratează fiecare client cu urgență și sună-l înapoi în aceeași zi cu un răspuns clar",
}
WARM_RUNS = 2000


def _check_once() -> None:
    """Run in the subprocess: the first check of a fresh process, timed."""
    import django

    django.setup()
    from actions.check import check_action

    started = time.perf_counter()
    check_action(STATEMENTS["en"], language="en")
    check_action(STATEMENTS["ro"], language="ro")
    print((time.perf_counter() - started) * 1000)


def main() -> None:
    cold = subprocess.run(
        [sys.executable, __file__, "--cold"], capture_output=True, text=True, check=True
    )
    import django

    django.setup()
    from actions.check import check_action, warm_up

    warm_up()
    times = []
    for i in range(WARM_RUNS):
        lang = "en" if i % 2 == 0 else "ro"
        text = STATEMENTS[lang][: len(STATEMENTS[lang]) - i % 40]
        started = time.perf_counter()
        check_action(text, language=lang)
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        json.dumps(
            {
                "action_check_ms": round(p95, 3),
                "action_check_median_ms": round(statistics.median(times), 3),
                "action_check_cold_ms": round(float(cold.stdout.strip()), 1),
            }
        )
    )


if __name__ == "__main__":
    if "--cold" in sys.argv:
        _check_once()
    else:
        main()
