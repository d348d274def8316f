"""Personas shared by the tests.

Alice administers Acme. Fiona facilitates Acme's workshop and Paul takes part in it;
Nina is in Acme but not in the workshop. Charlie administers Globex, another organisation.
"""

import time
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache
from django.utils import translation

from philosophy.celery import app as celery_app
from tests.factories import OrganisationFactory, member, workshop_for
from workshops.models import Role

_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks(request, settings):
    # Counters, presence, rate limits and lockouts live in the cache: start each test clean,
    # and read the live counter afresh on every poll so a test sees its change at once.
    # Without Redis the cache is a database table, reachable only by tests that use the
    # database (and only they can touch the cache then); a transactional test's rows
    # outlive it, hence the clear at the end too.
    uses_database = request.node.get_closest_marker("django_db") or (
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if uses_database:
        request.getfixturevalue("_django_db_helper")
    elif "DatabaseCache" in settings.CACHES["default"]["BACKEND"]:
        yield
        return
    cache.clear()
    settings.LIVE_LOCAL_CACHE_SECONDS = 0
    # Only the full-stack tests send tasks to a real worker; the rest run them in-process.
    celery_app.conf.task_always_eager = request.node.get_closest_marker("realstack") is None
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_windows_held_still(monkeypatch):
    # A rate limit counts in fixed windows (django-ratelimit): a test that makes 20 requests
    # and expects the 21st refused failed whenever a window ended in between. Within a test
    # the windows stand still; the cache, cleared between tests, starts each one afresh.
    started = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: started))


@pytest.fixture(autouse=True)
def _language_put_back():
    # A test client request in Romanian leaves Romanian active in the test's thread, so a
    # later test's messages read in Romanian: test_respond.py before test_services.py failed.
    with translation.override(translation.get_language()):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    # PBKDF2 costs about a second per log-in; these tiers test behaviour, not hash strength.
    # The full stack keeps the real hashers, as its worker processes do not see this override.
    if request.node.get_closest_marker("realstack") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_between_tests():
    # A request in Romanian leaves Romanian active in the thread (LocaleMiddleware does not
    # deactivate it): the next test would create its rows, like the default question, in it.
    yield
    translation.activate("en")


@pytest.fixture
def acme(db):
    return OrganisationFactory(name="Acme")


@pytest.fixture
def alice(acme):
    return member(acme, Role.ADMIN, email="alice@acme.example", display_name="Alice")


@pytest.fixture
def fiona(acme):
    return member(acme, Role.FACILITATOR, email="fiona@acme.example", display_name="Fiona")


@pytest.fixture
def paul(acme):
    return member(acme, Role.PARTICIPANT, email="paul@acme.example", display_name="Paul")


@pytest.fixture
def nina(acme):
    return member(acme, Role.PARTICIPANT, email="nina@acme.example", display_name="Nina")


@pytest.fixture
def workshop(acme, alice, fiona, paul):
    return workshop_for(acme, facilitators=[fiona], participants=[paul])


@pytest.fixture
def globex(db):
    return OrganisationFactory(name="Globex")


@pytest.fixture
def charlie(globex):
    return member(globex, Role.ADMIN, email="charlie@globex.example", display_name="Charlie")


@pytest.fixture
def client_for(client):
    """Log a persona in on the test client: `client_for(paul).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def exports_dir(settings, tmp_path, monkeypatch):
    """The export files in a directory of the test's own (settings.STORAGES["exports"]).
    The job's FileField reads its storage once, when the model is loaded: it is pointed
    at the same directory."""
    from django.core.files.storage import FileSystemStorage

    from documents.models import ExportJob

    location = tmp_path / "exports"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    monkeypatch.setattr(
        ExportJob._meta.get_field("file"), "storage", FileSystemStorage(location=str(location))
    )
    return location
