"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation.

Django's RedisCacheClient builds a new `redis.Redis` around its pool for every get and set, and that
constructor fills a table of about 170 response callbacks each time: on a signed-in request (the
session and the time zone, two reads) it cost more than the round trips to Redis. A client is safe to
share (the pool hands out the connections), so one per pool is kept and reused.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    # _get_connection_pool and _client are Django's own (not in django-stubs).

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        clients: dict[int, Any] = self.__dict__.setdefault("_clients_by_pool", {})
        client = clients.get(id(pool))  # the pools are kept for the cache's life, so their ids stay theirs
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ClientPerPool
