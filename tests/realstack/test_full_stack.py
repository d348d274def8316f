"""The same behaviour on the production topology: PostgreSQL, Redis and a real worker."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from tests.realstack.conftest import wait_for
from workshops import live, services
from workshops.models import ContextAnswer, ContextRevision

pytestmark = [pytest.mark.realstack, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_invitation_email(celery_worker, client, acme, alice):
    client.force_login(alice)
    response = client.post(
        reverse("invitation_create", args=[acme.pk]),
        {"email": "newcomer@acme.example", "role": "participant"},
    )
    assert response.status_code == 200
    link = response.context["new_link"]

    sent = wait_for(lambda: list(celery_worker.mail_dir.iterdir()))
    assert sent, celery_worker.log_path.read_text()
    message = sent[0].read_text()
    assert "newcomer@acme.example" in message
    assert link.split("/invite/")[1] in message


def test_concurrent_saves_of_one_answer_apply_one_and_keep_every_text(workshop, paul, fiona):
    answer = ContextAnswer.objects.get(workshop=workshop, key="purpose")
    writers = 8
    start = threading.Barrier(writers)
    outcomes = []

    def save(n):
        try:
            start.wait()
            result = services.context_answer_save(
                workshop=workshop,
                key="purpose",
                text=f"Purpose draft {n}",
                base_version=answer.version,
                user=paul if n % 2 else fiona,
            )
            outcomes.append(result.conflicted)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [False] + [True] * (writers - 1)
    answer.refresh_from_db()
    assert answer.version == 1
    texts = set(ContextRevision.objects.filter(answer=answer).values_list("text", flat=True))
    assert texts == {f"Purpose draft {n}" for n in range(writers)}


def test_the_change_counter_lives_in_redis_and_moves_on_commit(workshop, paul, fiona):
    before = live.poll(workshop.pk, paul.pk)
    services.workshop_set_stage(workshop=workshop, stage=3)
    assert live.current_counter(workshop.pk) > before


def test_the_cache_keeps_one_redis_client_across_calls_and_threads():
    first = cache._cache.get_client(write=True)
    cache.set("shared-client", 1)
    # Counters keep their meaning across threads sharing the one client.
    workers = [threading.Thread(target=lambda: cache.incr("shared-client")) for _ in range(20)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert cache.get("shared-client") == 21
    assert cache._cache.get_client(write=True) is first


def test_incrementing_a_missing_cache_key_still_says_so():
    cache.delete("never-set")
    with pytest.raises(ValueError):
        cache.incr("never-set")
    assert cache.get("never-set") is None
    cache.set("set-once", 41)
    assert cache.incr("set-once") == 42 and cache.incr("set-once", 8) == 50
