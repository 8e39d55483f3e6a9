"""The person's trackers on the day page and in History, added through the journal's registries
(journal.day_sections, journal.history_parts) so the journal never imports trackers."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.cache import cache

from journal.day_sections import DaySection
from journal.day_sections import register as register_section
from journal.history_parts import HistoryPart
from journal.history_parts import register as register_history
from journal.services import day_page_version, has_own_content, journal_version
from trackers import services
from trackers.forms import DayTrackersForm
from trackers.kinds import TAG
from trackers.models import Tracker
from trackers.queries import has_values_on, trackers_for, values_by_day, values_on


def person_trackers(user: Any) -> list[Tracker]:
    """All the person's trackers, archived too, kept in the cache under the journal's version: every
    tracker write changes that version, so the list is read once after a change (no query on most visits)."""
    key = f"day-trackers:{user.pk}:{day_page_version(user)}"
    trackers = cache.get(key)
    if trackers is None:
        trackers = list(trackers_for(user).order_by("pk"))
        cache.set(key, trackers, 24 * 3600)
    return trackers


def day_forms(user: Any, day_date: date, data: Any) -> list[forms.Form]:
    """The section's one form: the active trackers, plus archived ones holding a value that day. One query
    for the day's values, none for a person without trackers."""
    everything = person_trackers(user)
    if not everything:
        return []
    values = values_on(user, day_date)
    trackers = [t for t in everything if not t.archived or t.pk in values]
    if not trackers:
        return []
    return [DayTrackersForm(trackers, values, data)]


def save_values(user: Any, day_date: date, section_forms: Sequence[forms.Form]) -> None:
    """Runs after the day's own save, in its transaction. An unticked tag counts as "not done" (0) on a
    stored day, from the date the tag was made (days before it stay blank unless it is ticked)."""
    for form in section_forms:
        if not isinstance(form, DayTrackersForm) or not form.is_bound:
            continue
        entered = form.entered()
        stored = any(v is not None for v in entered.values()) or has_own_content(user, day_date)
        for tracker, value in entered.items():
            if tracker.kind == TAG and value is None and stored and _counts_from(tracker, day_date, form):
                entered[tracker] = Decimal(0)
        services.save_day_values(user, day_date, entered)


def _counts_from(tracker: Tracker, day_date: date, form: DayTrackersForm) -> bool:
    return tracker.pk in form.stored or tracker.created_at.date() <= day_date


def history_values(user: Any, days: Sequence[Any]) -> dict[int, list[tuple[Tracker, Decimal]]]:
    """Per day id, its tracker values in tracker order (two queries for the whole page)."""
    values = values_by_day([day.pk for day in days])
    if not values:
        return {}
    trackers = list(trackers_for(user).order_by("pk"))
    return {
        day_id: [(t, found[t.pk]) for t in trackers if t.pk in found and not (t.kind == TAG and found[t.pk] == 0)]
        for day_id, found in values.items()
    }


SECTION = DaySection(
    name="trackers",
    template="trackers/_day_section.html",
    build_forms=day_forms,
    save=save_values,
    keeps_day=has_values_on,
    # Every tracker write (a tracker made, renamed, archived or deleted, a day's values) calls journal_changed.
    version=journal_version,
)
HISTORY = HistoryPart(name="trackers", template="trackers/_history_values.html", values_for=history_values)


def register_parts() -> None:
    register_section(SECTION)
    register_history(HISTORY)
