"""Parts of the History list that other apps add, so the journal never imports them.

An app on top of the journal (trackers) registers a `HistoryPart` in its
`AppConfig.ready()`. History asks each part once per page for the values of the
page's days (one query however many days), and renders the part's template in
each day's card with `part_value` set to that day's value (None: nothing to show).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HistoryPart:
    name: str
    template: str
    # (user, the page's JournalDays) -> {day id: what the template shows}
    values_for: Callable[[Any, Sequence[Any]], dict[int, Any]]


_PARTS: dict[str, HistoryPart] = {}


def register(part: HistoryPart) -> None:
    """Adds (or replaces, by name) a part; called once per app at start-up."""
    _PARTS[part.name] = part


def registered() -> tuple[HistoryPart, ...]:
    return tuple(_PARTS.values())


def add_parts(user: Any, rows: list[dict[str, Any]]) -> None:
    """Sets row["parts"] to [(template, value), ...] for each History row (a daily_values row)."""
    days = [row["day"] for row in rows]
    found = [(part, part.values_for(user, days)) for part in registered()] if days else []
    for row in rows:
        row["parts"] = [(part.template, values.get(row["day"].pk)) for part, values in found]
