"""Parts of the day page that other apps add, so the journal never imports them.

An app on top of the journal (experiments' "did you do it today?") registers a
`DaySection` in its `AppConfig.ready()`. The day page builds each section's forms
with the rest of the page, validates them with the rest, renders the section's
template inside the day's form, and saves them in the same transaction as the
day: a refused day saves no section, and a section's failure saves no day.

A section whose rows hang on the day (trackers' values) says so with `keeps_day`:
a day holding only such rows is not empty, so a save of its other fields keeps it.

The whole day page is kept in the cache (journal.page_cache) only while every section
names its `version`: a token that changes with anything the section shows that person.
A section without one is drawn on every request, and so is the page around it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms


@dataclass(frozen=True)
class DaySection:
    name: str
    # Rendered inside the day form with `section_forms` (the forms below) and the day page's context.
    template: str
    # The section's forms for (user, day, POST data or None); an empty list hides the section.
    build_forms: Callable[[Any, date, Any], Sequence[forms.Form]]
    # Saves valid forms for (user, day); runs inside the day's transaction.
    save: Callable[[Any, date, Sequence[forms.Form]], None]
    # Whether the section has rows on this JournalDay (so the day is not empty); None: it never has.
    keeps_day: Callable[[Any], bool] | None = None
    # A token for (user) that changes whenever anything the section shows them changes; None: never cached.
    version: Callable[[Any], str] | None = None


_SECTIONS: dict[str, DaySection] = {}


def register(section: DaySection) -> None:
    """Adds (or replaces, by name) a section; called once per app at start-up."""
    _SECTIONS[section.name] = section


def registered() -> tuple[DaySection, ...]:
    return tuple(_SECTIONS.values())


def sections_version(user: Any) -> str | None:
    """The registered sections' versions for this person, or None when one of them cannot say."""
    versions = []
    for section in registered():
        if section.version is None:
            return None
        versions.append(f"{section.name}={section.version(user)}")
    return ",".join(versions)


def kept_by_a_section(day: Any) -> bool:
    """True when a registered section holds something on this day (one query per such section)."""
    return any(section.keeps_day(day) for section in registered() if section.keeps_day is not None)


@dataclass
class BoundSection:
    section: DaySection
    forms: Sequence[forms.Form]

    @property
    def template(self) -> str:
        return self.section.template

    def is_valid(self) -> bool:
        # A list, not a generator: every form is checked so each shows its own errors.
        return all([form.is_valid() for form in self.forms])  # noqa: C419

    def save(self, user: Any, day_date: date) -> None:
        self.section.save(user, day_date, self.forms)


def bind_sections(user: Any, day_date: date, data: Any = None) -> list[BoundSection]:
    return [BoundSection(section, list(section.build_forms(user, day_date, data))) for section in registered()]
