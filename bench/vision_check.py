"""The vision check's figures of `make bench` as JSON: a 25-word statement, p95 of warm runs,
and the first check in a fresh process (lists and lemmatiser dictionaries loaded).

    .venv/bin/python bench/vision_check.py
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

# 25 words each, typed as a participant would, one keystroke after another.
STATEMENTS = {
    "en": "We listen to every customer, answer honestly and quickly, and leave each person "
    "with a solution they understand and a reason to trust us tomorrow",
    "ro": "Ascultăm fiecare client, răspundem sincer și repede, iar fiecare om pleacă de la "
    "noi cu o soluție pe care o înțelege și cu încredere deplină",
}
WARM_RUNS = 2000


def _check_once() -> None:
    """Run in the subprocess: the first check of a fresh process, timed."""
    import django

    django.setup()
    from vision.check import check_vision

    started = time.perf_counter()
    check_vision(STATEMENTS["en"], language="en", values=["Honesty", "Speed"])
    print((time.perf_counter() - started) * 1000)


def main() -> None:
    cold = subprocess.run(
        [sys.executable, __file__, "--cold"], capture_output=True, text=True, check=True
    )
    import django

    django.setup()
    from vision.check import check_vision, warm_up

    warm_up()
    times = []
    for i in range(WARM_RUNS):
        lang = "en" if i % 2 == 0 else "ro"
        # A keystroke changes the text: a new prefix each run, as while typing.
        text = STATEMENTS[lang][: len(STATEMENTS[lang]) - i % 40]
        started = time.perf_counter()
        check_vision(text, language=lang, values=["Honesty", "Speed", "Empathy"])
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        json.dumps(
            {
                "vision_check_ms": round(p95, 3),
                "vision_check_median_ms": round(statistics.median(times), 3),
                "vision_check_cold_ms": round(float(cold.stdout.strip()), 1),
            }
        )
    )


if __name__ == "__main__":
    if "--cold" in sys.argv:
        _check_once()
    else:
        main()
