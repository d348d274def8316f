"""Time the word cloud: answers → frequencies → layout → SVG (and PNG), cold and warm.

    .venv/bin/python bench/wordcloud_bench.py [10000 100000]

The answers are synthetic short survey answers, two thirds English and one third
Romanian (a third of those typed with legacy cedillas or without diacritics), with a
sprinkle of names, typos and emoji so that not every word is already in the caches.
Distinct answers: about 90% of 10,000 and two thirds of 100,000 (the pipeline reads each
distinct answer once).
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from surveys import cloud_picture, text  # noqa: E402

EN = [
    "{adj} {noun} from a real person",
    "It was my first time calling and they {verb} my {noun}",
    "{adj} and {adj} {noun}",
    "Customers want {adj} {noun}, first time right",
    "A real person who {verb} the {noun} quickly!",
    "{noun} that is {adj} and honest",
    "We {verb} every customer like family",
    "{adj} {noun}. No bots. {adj} people.",
]
EN_ADJ = "fast quick friendly helpful honest patient clear warm reliable personal kind polite"
EN_NOUN = "answers answer help support service problem problems solution care response people"
EN_VERB = "solved fixed listened understood answered respected helped heard"
RO = [
    "{adj} și {adj}, {noun} de la o persoană reală",
    "Clienții vor {noun} {adj}",
    "Prima dată când am sunat mi-au {verb} {noun}",
    "{noun} {adj} pentru fiecare client",
    "Oameni {adj} care {verb} problema",
]
RO_ADJ = "rapid rapidă rapide amabil amabilă sincer clar răbdători politicoși prietenoși"
RO_NOUN = "răspuns răspunsuri ajutor soluție soluții respect încredere servicii grijă"
RO_VERB = "rezolvat ascultat înțeles ajutat"
# A long tail of other words, drawn Zipf-like, so the cloud has its full 200 entries.
TAIL_EN = [
    "accuracy",
    "advice",
    "agent",
    "apology",
    "appointment",
    "attention",
    "attitude",
    "availability",
    "billing",
    "booking",
    "calm",
    "callback",
    "caring",
    "channel",
    "chat",
    "cheerful",
    "clarity",
    "comfort",
    "commitment",
    "competence",
    "complaint",
    "confidence",
    "consistency",
    "courtesy",
    "delivery",
    "dependable",
    "detail",
    "dignity",
    "discount",
    "easy",
    "effort",
    "efficiency",
    "email",
    "empathy",
    "energy",
    "expertise",
    "explanation",
    "fairness",
    "feedback",
    "flexible",
    "focus",
    "follow-up",
    "generous",
    "genuine",
    "guidance",
    "happiness",
    "hassle",
    "honesty",
    "hospitality",
    "humble",
    "humour",
    "initiative",
    "integrity",
    "invoice",
    "journey",
    "knowledge",
    "language",
    "listening",
    "loyalty",
    "manners",
    "mistake",
    "morning",
    "nice",
    "openness",
    "ownership",
    "passion",
    "patience",
    "payment",
    "phone",
    "politeness",
    "precision",
    "priority",
    "promise",
    "punctual",
    "quality",
    "question",
    "refund",
    "relationship",
    "reliability",
    "reply",
    "resolution",
    "respect",
    "responsibility",
    "responsive",
    "results",
    "returns",
    "safety",
    "satisfaction",
    "schedule",
    "sincerity",
    "smile",
    "speed",
    "simplicity",
    "skill",
    "solution",
    "support",
    "sympathy",
    "teamwork",
    "tone",
    "transparency",
    "trust",
    "understanding",
    "urgency",
    "value",
    "warranty",
    "weekend",
    "wellbeing",
    "wisdom",
]
TAIL_RO = [
    "amabilitate",
    "atenție",
    "calitate",
    "comunicare",
    "competență",
    "corectitudine",
    "disponibilitate",
    "eficiență",
    "empatie",
    "explicație",
    "flexibilitate",
    "garanție",
    "încredere",
    "implicare",
    "livrare",
    "loialitate",
    "onestitate",
    "politețe",
    "profesionalism",
    "promptitudine",
    "rapiditate",
    "răbdare",
    "respect",
    "responsabilitate",
    "siguranță",
    "simplitate",
    "sinceritate",
    "soluție",
    "transparență",
    "zâmbet",
]
NOISE = ["Zendesk", "Ionescu", "custmer", "srvice", "👍", "🙂🙂", "24/7", "Ana", "ok"]


def answers(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if rng.random() < 2 / 3:
            tail = TAIL_EN
            t = rng.choice(EN).format(
                adj=rng.choice(EN_ADJ.split()),
                noun=rng.choice(EN_NOUN.split()),
                verb=rng.choice(EN_VERB.split()),
            )
        else:
            tail = TAIL_RO
            t = rng.choice(RO).format(
                adj=rng.choice(RO_ADJ.split()),
                noun=rng.choice(RO_NOUN.split()),
                verb=rng.choice(RO_VERB.split()),
            )
            r = rng.random()
            if r < 0.15:
                t = t.replace("ș", "ş").replace("ț", "ţ")
            elif r < 0.3:
                t = t.translate(str.maketrans("ăâîșț", "aaist"))
        # A tail word or two make most answers distinct, as free-text answers are.
        for _ in range(rng.choice((0, 1, 2, 2, 3))):
            t += f". {tail[min(int(rng.paretovariate(0.8)) - 1, len(tail) - 1)]}"
        if rng.random() < 0.2:
            t += f" {rng.choice(NOISE)}{i % 997 if rng.random() < 0.3 else ''}"
        out.append(t)
    return out


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


def measure(n: int, repeats: int = 5, *, png: bool = True) -> dict:
    """Time n synthetic answers → frequencies → layout → SVG (and PNG), with warm token caches.

    The first count runs on cold token caches and is timed apart; every timed run after it
    lays the cloud out afresh. Times in milliseconds; `median` and `best` are end to end
    (words + cache key + layout and SVG).
    """
    data = answers(n)
    text._evidence.cache_clear()
    text._reading.cache_clear()
    _, cold_ms = timed(text.word_frequencies, data, languages=["en", "ro"])
    runs = []
    for _ in range(repeats):
        cloud_picture._layout.cache_clear()
        freqs, words_ms = timed(text.word_frequencies, data, languages=["en", "ro"])
        key, key_ms = timed(cloud_picture.cloud_cache_key, freqs, 800, 400)
        svg, svg_ms = timed(cloud_picture.render_svg, freqs)
        png_ms, png_bytes = 0.0, b""
        if png:
            cloud_picture._layout.cache_clear()
            png_bytes, png_ms = timed(cloud_picture.render_png, freqs)
        runs.append((words_ms + key_ms + svg_ms, words_ms, svg_ms, png_ms))
    runs.sort()
    best, median = runs[0], runs[len(runs) // 2]
    return {
        "answers": n,
        "entries": len(freqs),
        "cold_words_ms": cold_ms,
        "best_ms": best[0],
        "median_ms": median[0],
        "words_ms": median[1],
        "svg_ms": median[2],
        "svg_kb": len(svg) // 1024,
    } | ({"png_ms": median[3], "png_kb": len(png_bytes) // 1024} if png else {})


def main(sizes: list[int], repeats: int = 5) -> None:
    _, warm_ms = timed(text.warm_up, ["en", "ro"])
    print(f"warm_up(en, ro): {warm_ms:.0f} ms (once per process)")
    for n in sizes:
        m = measure(n, repeats)
        print(
            f"{n:>7} answers, {m['entries']} entries"
            f" (first run, cold token caches: words {m['cold_words_ms']:.0f} ms)\n"
            f"         end to end → SVG: best {m['best_ms']:.0f} ms, median {m['median_ms']:.0f} ms"
            f" (words {m['words_ms']:.0f} ms + layout and SVG {m['svg_ms']:.0f} ms,"
            f" {m['svg_kb']} KB); layout and PNG {m['png_ms']:.0f} ms ({m['png_kb']} KB)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
