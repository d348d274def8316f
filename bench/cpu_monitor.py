"""How much CPU did processes other than the bench's own use while it measured?

    python bench/cpu_monitor.py OUT_FILE PID...

Samples every process once a second until killed and appends one line a second to OUT_FILE:
"<unix time> <foreign CPU %>" (100 = one whole core), where foreign means any process that
is neither one of PID... nor their descendants (the bench: run.sh's shell, PostgreSQL's and
Redis's servers) and not a kernel thread. Our machines are shared, and a figure measured
while someone else's tests took a core is not the app's figure; bench/report.py averages this
over each measurement.
"""

import os
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks used so far), kernel threads left out."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ppid, flags = int(fields[1]), int(fields[6])
        if flags & 0x00200000:  # PF_KTHREAD
            continue
        found[int(entry.name)] = (ppid, int(fields[11]) + int(fields[12]))
    return found


def _ours(processes: dict[int, tuple[int, int]], roots: set[int]) -> set[int]:
    ours = set(roots) | {os.getpid()}
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    stack = list(ours)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in ours:
                ours.add(child)
                stack.append(child)
    return ours


def main(out: str, roots: set[int]) -> None:
    before, then = _processes(), time.monotonic()
    with open(out, "a") as log:
        while True:
            time.sleep(1)
            now_processes, now = _processes(), time.monotonic()
            ours = _ours(now_processes, roots)
            ticks = sum(
                used - before.get(pid, (0, 0))[1]
                for pid, (_, used) in now_processes.items()
                if pid not in ours
            )
            log.write(f"{time.time():.2f} {100 * ticks / TICKS / (now - then):.1f}\n")
            log.flush()
            before, then = now_processes, now


if __name__ == "__main__":
    main(sys.argv[1], {int(p) for p in sys.argv[2:]})
