"""Version tokens: cache entries that name the state of some of a person's data, put in the keys of what is
cached from it (the day page, the picker, insights). A write gives the token a new value."""

import uuid
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction


class _BumpOnCommit:
    """Gives the token one more new value when the write's transaction commits: a page drawn by another
    request between the write and its commit read the data as it was before, and may have been kept
    under the value given at the write."""

    def __init__(self, key: str, length: int) -> None:
        self.key, self.length = key, length

    def __call__(self) -> None:
        cache.set(self.key, uuid.uuid4().hex[: self.length], timeout=None)


def bump(key: str, length: int = 32) -> None:
    cache.set(key, uuid.uuid4().hex[:length], timeout=None)
    if connection.in_atomic_block and not _pending(key):
        transaction.on_commit(_BumpOnCommit(key, length))


def _pending(key: str) -> bool:
    """Whether this transaction already bumps the key on commit (an import may write thousands of rows)."""
    entries: list[Any] = connection.run_on_commit
    return any(isinstance(entry[1], _BumpOnCommit) and entry[1].key == key for entry in entries)
