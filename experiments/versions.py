"""A token per person that changes with any write to their experiments or ticks: the day page's
"did you do it today?" section names it as its version, so the cached page retires with it."""

import uuid

from django.core.cache import cache

from accounts.versions import bump

EXPERIMENTS_VERSION_KEY = "experiments-version:{user_id}"


def experiments_version(user_or_id: object) -> str:
    user_id = user_or_id if isinstance(user_or_id, int) else user_or_id.pk  # type: ignore[attr-defined]
    key = EXPERIMENTS_VERSION_KEY.format(user_id=user_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout=None)
    return version


def experiments_changed(user_id: int) -> None:
    bump(EXPERIMENTS_VERSION_KEY.format(user_id=user_id))
