"""Writes for insights: the cache versions that retire every cached result at once.

Nothing of insights is stored per person; what is kept is cached (insights.queries
caches the analysis, insights.pages the rendered page), keyed on the versions
below, so a save, an import, a delete (journal_version, bumped by journal.services;
a PHQ-9 or GAD-7 result too, through checkins/signals.py) or an admin's guidance
edit (guidance_changed, called by insights/signals.py) shows on the next request.
"""

import pickle
import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import reversion
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.types import User
from insights.models import EDITED_FIELDS, Guidance
from journal.services import (
    CATALOGUE_VERSION_KEY,
    JOURNAL_VERSION_KEY,
    OWN_FOODS_VERSION_KEY,
    food_version,
    journal_version,
)

if TYPE_CHECKING:
    from reversion.models import Version

CACHE_SECONDS = 60 * 60 * 24 * 7
# The ranges of the Insights page (weeks shown; None for all): the page is cached once per range.
RANGES: dict[str, int | None] = {"12": 12, "26": 26, "52": 52, "all": None}
GUIDANCE_VERSION_KEY = "guidance-version"
PUBLISHED_GUIDANCE_KEY = "guidance-published"  # the published cards, shared by everyone (insights.queries)


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
    """What cached insights depend on: the journal, the foods (a food's fiber or flags count on every day
    that logged it), the guidance, and today (the red-flag window)."""
    keys = [
        JOURNAL_VERSION_KEY.format(user_id=user.pk),
        CATALOGUE_VERSION_KEY,
        OWN_FOODS_VERSION_KEY.format(user_id=user.pk),
        GUIDANCE_VERSION_KEY,
    ]
    found = cache.get_many(keys)  # one cache read on a warm visit
    if len(found) == len(keys):
        journal, catalogue, own_foods, guidance = (found[key] for key in keys)
        return f"{user.pk}:{journal}:{catalogue}-{own_foods}:{guidance}:{today.isoformat()}"
    return f"{user.pk}:{journal_version(user)}:{food_version(user)}:{guidance_version()}:{today.isoformat()}"


def language() -> str:
    """The active language as the cache keys name it (a variant such as en-gb becomes en when only en is offered)."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(active)
    except LookupError:  # a language activated outside LANGUAGES (tests, a management command): key it as is
        return active


def insights_key(user_id: int, language: str) -> str:
    return f"insights:{user_id}:{language}"


def checkins_key(user_id: int) -> str:
    """The person's check-in report (numbers, no words), kept with the digest of what it was computed from."""
    return f"insights-checkins:{user_id}"


def frame_key(user_id: int) -> str:
    """The person's daily rows (insights.frame.cached_frame), kept across journal versions."""
    return f"insights-frame:{user_id}"


def page_key(user_id: int, range_key: str, language: str) -> str:
    return f"insights-page:{user_id}:{range_key}:{language}"


def cached(key: str, versions: str, make: Callable[[], Any]) -> Any:
    """One entry per key, holding the versions it was made for: a stale entry is replaced, not left
    beside the new one, so a person's entries are a fixed list of keys that deletion can name.

    The value is kept pickled inside the entry, so telling a stale entry costs reading its version,
    not rebuilding the old value (a thousand findings and more with trackers) only to throw it away."""
    entry = cache.get(key)
    if entry is not None and entry[0] == versions:
        return pickle.loads(entry[1])  # noqa: S301 (our own cache entry, written just below)
    value = make()
    cache.set(key, (versions, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)), CACHE_SECONDS)
    return value


def forget_user(user_id: int) -> None:
    """Deletes every cached entry of this person's insights (their account is being deleted)."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [insights_key(user_id, code) for code in languages]
    keys += [page_key(user_id, range_key, code) for range_key in (*RANGES, "pairs") for code in languages]
    keys.append(frame_key(user_id))
    keys.append(checkins_key(user_id))
    cache.delete_many(keys)
    forget_reach(user_id)


# Reach: on how many people's Insights each card shows now, counted without a list of people.
# Per guidance version and day a result was computed, one counter per card slug; per person one
# marker (the day and the slugs last counted for them) so a recomputed result moves their count
# instead of adding to it. A cached result lives CACHE_SECONDS at most, so the counters of the last
# REACH_DAYS days cover everyone whose result is still cached; people whose result expired drop out
# with their day. docs/admin.md lists the approximations.
REACH_DAYS = CACHE_SECONDS // (60 * 60 * 24)


def reach_key(version: str, day: date, slug: str) -> str:
    return f"guidance-reach:{version}:{day.isoformat()}:{slug}"


def _reach_marker_key(version: str, user_id: int) -> str:
    return f"guidance-reach-person:{version}:{user_id}"


def _uncount(version: str, user_id: int) -> str:
    """Takes the person's last counted result out of the counters; returns their marker's key."""
    marker_key = _reach_marker_key(version, user_id)
    previous = cache.get(marker_key)
    if previous is not None:
        day, old_slugs = previous
        for slug in old_slugs:
            _add(reach_key(version, day, slug), -1)
    return marker_key


def record_reach(user: AbstractBaseUser, slugs: Sequence[str]) -> None:
    """Counts `user` once for each card in `slugs` (their freshly computed result), uncounting their last result."""
    version = guidance_version()
    marker_key = _uncount(version, user.pk)
    today = timezone.now().date()
    for slug in slugs:
        _add(reach_key(version, today, slug), 1)
    cache.set(marker_key, (today, tuple(slugs)), CACHE_SECONDS)


def forget_reach(user_id: int) -> None:
    """The person leaves the counters and their marker goes (their account is being deleted)."""
    cache.delete(_uncount(guidance_version(), user_id))


def _add(key: str, delta: int) -> None:
    cache.add(key, 0, CACHE_SECONDS + 60 * 60 * 24)
    try:
        cache.incr(key, delta)
    except ValueError:  # evicted between add and incr: this count starts again
        cache.set(key, max(delta, 0), CACHE_SECONDS + 60 * 60 * 24)


def reach_days(today: date) -> list[date]:
    """The days whose counters still hold people with a cached result."""
    return [today - timedelta(days=n) for n in range(REACH_DAYS + 1)]


def revert_guidance(item: Guidance, version: "Version", *, user: AbstractBaseUser) -> str:
    """Puts back the text, rules and source `version` kept, as a new version; returns what was done, in words.

    Fields the old version does not know (added to the model since) keep their current value. A version
    that no longer passes today's checks (a rule tightened since) raises ValidationError and changes nothing."""
    saved_on = version.revision.date_created
    for name, value in version.field_dict.items():
        if name in EDITED_FIELDS:
            setattr(item, name, value)
    item.updated_by = user  # type: ignore[assignment]
    item.full_clean()
    message = _("Reverted to the version saved on %(date)s.") % {
        "date": date_format(timezone.localtime(saved_on), "DATETIME_FORMAT")
    }
    with transaction.atomic(), reversion.create_revision():
        item.save()
        reversion.set_user(user)
        reversion.set_comment(message)
    return message
