"""Django's Redis cache, with one Redis client per connection pool instead of one per call,
and `incr` in one round trip; Django's database cache, with an `incr` that holds across
processes."""

from django.core.cache.backends import db as django_db
from django.core.cache.backends import redis as django_redis
from django.db import connections, router, transaction

# INCRBY only a key that exists (INCRBY alone would create it, starting from 0).
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return nil
"""


class ReusedClientRedisCacheClient(django_redis.RedisCacheClient):
    """Django makes a new `redis.Redis` for every cache call. With redis-py 8 that costs about
    0.4 ms (each client sets up some 170 response callbacks): more than the round trip to
    Redis, and on the hot paths (an answer, a poll) a third of a request's time. A client
    is safe to share between threads, since its pool hands each command a connection, and
    the pool itself starts afresh in a forked process, so one client per pool will do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        """Django asks Redis whether the key exists, then increments it: two round trips on
        every change announced to a workshop. One script does both, with the same meaning
        (a missing key raises ValueError, as Django's cache API says)."""
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(_INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class DatabaseCache(django_db.DatabaseCache):
    """The cache when there is no Redis: one table that every process shares.

    Django's `incr` reads the value, then writes value + delta: two processes counting a
    rate limit at once would both write the same number. Here the read and the write are
    one transaction that holds the row (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
    IMMEDIATE transactions, see DATABASES, take the write lock when they begin).
    """

    def incr(self, key, delta=1, version=None):
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        with transaction.atomic(using=alias):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT 1 FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - our table
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
