"""The period a report covers, read from ?start=&end= and checked.

A bad period is a message for the page (shown with a 400), never an exception
that escapes: the report is often prepared in a hurry before an appointment.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from journal.constants import EARLIEST_DATE

DEFAULT_WEEKS = 12
MAX_YEARS = 5
# Five calendar years, leap days included, so "2021-05-01 to 2026-04-30" passes.
MAX_DAYS = 5 * 365 + 2


class PeriodError(ValueError):
    """A period the report cannot cover; str() is the message for the person."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return _("%(start)s to %(end)s") % {"start": long_date(self.start), "end": long_date(self.end)}


def long_date(day: date) -> str:
    return date_format(day, "j F Y")


def default_period(today: date) -> Period:
    return Period(today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today)


def _parse(value: str, which: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PeriodError(
            _("The %(which)s date “%(value)s” is not a date: use the form YYYY-MM-DD, for example 2026-03-01.")
            % {"which": which, "value": value[:40]}
        ) from None


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """The period asked for: blank fields fall back to the default 12 weeks ending today."""
    start, end = (start or "").strip(), (end or "").strip()
    end_date = _parse(end, _("end")) if end else today
    start_date = _parse(start, _("start")) if start else end_date - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if end_date > today or start_date > today:
        raise PeriodError(
            _("The period cannot reach into the future: choose dates up to today (%(today)s).")
            % {"today": long_date(today)}
        )
    if end_date < start_date:
        raise PeriodError(_("The end date comes before the start date: swap them or pick new dates."))
    if start_date < EARLIEST_DATE:
        raise PeriodError(_("The journal starts in 2000: choose a start date from 1 January 2000 on."))
    if (end_date - start_date).days + 1 > MAX_DAYS:
        raise PeriodError(_("A report covers at most %(years)s years: choose a shorter period.") % {"years": MAX_YEARS})
    return Period(start_date, end_date)
