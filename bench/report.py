"""Turn wrk's outputs into bench/results.json and a printed table."""

import json
import re
import sys
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(text: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    return {
        "rps": rps,
        "p99_ms": float(p99.group(1)) * UNITS[p99.group(2)],
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(int(g) for g in socket_errors.groups()) if socket_errors else 0),
    }


def main(out_dir: str) -> None:
    runs = {p.stem: parse_wrk(p.read_text()) for p in Path(out_dir).glob("*.wrk")}
    hello = runs["hello"]
    results = {
        "hello_rps": round(hello["rps"], 1),
        "hello_p99_ms": round(hello["p99_ms"], 2),
        "poll_304_rps_ratio": round(runs["poll_304"]["rps"] / hello["rps"], 3),
        "poll_304_p99_ms": round(runs["poll_304"]["p99_ms"], 2),
        "poll_304_errors": runs["poll_304"]["errors"],
    }
    Path("bench/results.json").write_text(json.dumps(results, indent=2) + "\n")
    targets = {"poll_304_rps_ratio": ">= 0.6", "poll_304_p99_ms": "<= 10"}
    print(f"{'figure':<24}{'value':>12}  target")
    for name, value in results.items():
        print(f"{name:<24}{value:>12}  {targets.get(name, '')}")


if __name__ == "__main__":
    main(sys.argv[1])
