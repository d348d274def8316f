"""The word cloud figures of `make bench` as JSON: answers → SVG end to end, median of warm runs.

    .venv/bin/python bench/wordcloud_figures.py

Runs bench/wordcloud_bench.py's measurement for 10,000 and 100,000 answers (SVG only; the
PNG is timed by that script itself).
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.wordcloud_bench import measure, timed  # noqa: E402
from surveys import text  # noqa: E402

REPEATS = 5


def main() -> None:
    _, warm_up_ms = timed(text.warm_up, ["en", "ro"])
    figures = {"warm_up_ms": round(warm_up_ms, 1)}
    for n, name in ((10_000, "10k"), (100_000, "100k")):
        m = measure(n, REPEATS, png=False)
        figures[f"wordcloud_{name}_ms"] = round(m["median_ms"], 1)
        figures[f"wordcloud_{name}"] = {
            k: round(v, 1) if isinstance(v, float) else v for k, v in m.items()
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
