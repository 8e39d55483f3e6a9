"""The Redis cache backend (config/cache.py), on a real Redis when REDIS_URL is set (CI's PostgreSQL run)."""

import pytest
from django.core.cache import cache, caches

from config.cache import ReusingRedisCache

pytestmark = pytest.mark.skipif(
    not isinstance(caches["default"], ReusingRedisCache), reason="the cache is not Redis here"
)


def test_it_keeps_one_client_per_pool_and_still_reads_and_writes():
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads and writes share its pool

    cache.set("redis-cache-test", {"a": [1, 2.5]}, 30)
    assert cache.get("redis-cache-test") == {"a": [1, 2.5]}
    assert cache.get_many(["redis-cache-test", "missing"]) == {"redis-cache-test": {"a": [1, 2.5]}}
    assert cache.add("redis-cache-count", 1)
    assert cache.incr("redis-cache-count") == 2
    cache.delete("redis-cache-test")
    assert cache.get("redis-cache-test") is None
