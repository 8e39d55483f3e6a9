"""Writes to the journal, shared by views, imports and commands.

Every write that changes a user's journal ends with `journal_changed(user)`,
which retires the cached insights of that user.
"""

import uuid

from django.core.cache import cache

JOURNAL_VERSION_KEY = "journal-version:{user_id}"


def _user_id(user_or_id) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.pk


def journal_version(user) -> str:
    """A token that changes whenever the user's journal changes (cache keys include it)."""
    key = JOURNAL_VERSION_KEY.format(user_id=_user_id(user))
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout=None)
    return version


def journal_changed(user) -> None:
    """Takes a user or a user id (signal handlers have only the id at hand)."""
    cache.set(JOURNAL_VERSION_KEY.format(user_id=_user_id(user)), uuid.uuid4().hex, timeout=None)
