"""Requests from many threads at once, for the concurrency tests against the real stack."""

import threading
from collections.abc import Callable

from django.db import connection


def in_threads(count: int, work: Callable[[int], list]) -> tuple[list, list[BaseException]]:
    """Run work(n) in `count` threads started together: what they all returned, and the
    exceptions raised in the threads (in the test, not in the app: those are 500s)."""
    start = threading.Barrier(count, timeout=60)
    results: list = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(n):
        try:
            start.wait()
            outcome = work(n)
            with lock:
                results.extend(outcome)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results, failures
