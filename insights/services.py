"""Writes for insights: the cache versions that retire every cached result at once.

Nothing of insights is stored per person; what is kept is cached (insights.queries
caches the analysis, insights.pages the rendered page), keyed on the versions
below, so a save, an import, a delete (journal_version, bumped by journal.services;
a PHQ-9 or GAD-7 result too, through checkins/signals.py) or an admin's guidance
edit (guidance_changed, called by insights/signals.py) shows on the next request.
"""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from accounts.types import User
from journal.services import journal_version

CACHE_SECONDS = 60 * 60 * 24 * 7
# The ranges of the Insights page (weeks shown; None for all): the page is cached once per range.
RANGES: dict[str, int | None] = {"12": 12, "26": 26, "52": 52, "all": None}
GUIDANCE_VERSION_KEY = "guidance-version"


def guidance_version() -> str:
    """A token that changes whenever any guidance item changes (cache keys of pages include it)."""
    version = cache.get(GUIDANCE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(GUIDANCE_VERSION_KEY, version, timeout=None)
    return version


def guidance_changed() -> None:
    """Retires every cached insights result and page: the cards shown may differ for anyone."""
    cache.set(GUIDANCE_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cache_version(user: User, today: date) -> str:
    """What cached insights depend on: the journal, the guidance, and today (the red-flag window)."""
    return f"{user.pk}:{journal_version(user)}:{guidance_version()}:{today.isoformat()}"


def language() -> str:
    return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)


def insights_key(user_id: int, language: str) -> str:
    return f"insights:{user_id}:{language}"


def page_key(user_id: int, range_key: str, language: str) -> str:
    return f"insights-page:{user_id}:{range_key}:{language}"


def cached(key: str, versions: str, make: Callable[[], Any]) -> Any:
    """One entry per key, holding the versions it was made for: a stale entry is replaced, not left
    beside the new one, so a person's entries are a fixed list of keys that deletion can name."""
    entry = cache.get(key)
    if entry is not None and entry[0] == versions:
        return entry[1]
    value = make()
    cache.set(key, (versions, value), CACHE_SECONDS)
    return value


def forget_user(user_id: int) -> None:
    """Deletes every cached entry of this person's insights (their account is being deleted)."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [insights_key(user_id, code) for code in languages]
    keys += [page_key(user_id, range_key, code) for range_key in RANGES for code in languages]
    cache.delete_many(keys)
