"""gunicorn settings of `make bench`: one server configuration for every figure.

Sync workers, as docs/quality.md asks, and as many as the Dockerfile and docker-compose.yml run
(3; BENCH_WORKERS overrides). On our 2-core machines, with the database, Redis, the Celery
worker and the load generator on the same cores, each worker past the second lowered H a
little (quiet machine, 2/3/4/5 workers: 3,205/2,970/2,840/2,674 hello req/s) while the answer
POSTs stayed flat (263/257/253/274 req/s), so more workers would only flatter the ratios.
No access log (production writes one): the bench measures the app, not the log.

The app is loaded, and its URLconf imported (the word cloud's libraries come with it,
seconds of imports), once in the master before the workers fork, so that no worker stalls
on its first request in the middle of a measurement.
"""

import os

bind = f"127.0.0.1:{os.environ.get('BENCH_PORT', '8031')}"
workers = int(os.environ.get("BENCH_WORKERS", "3"))
worker_class = "sync"
preload_app = True
loglevel = "warning"


def when_ready(server) -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module now
