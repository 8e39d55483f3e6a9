"""Reads for the report, each scoped to the person and to the period.

A fixed number of queries however long the journal is: the period's days come
as 3.1 rows in three queries (journal.queries.daily_values_for), the
questionnaire results in one.
"""

from typing import Any

from accounts.types import User
from checkins.models import ScreenerResult
from checkins.queries import results_for
from journal.queries import daily_values_for
from report.period import Period


def day_rows(user: User, period: Period) -> list[dict[str, Any]]:
    """The period's logged days as 3.1 rows (oldest first), each with its JournalDay under "day"."""
    return daily_values_for(user, period.start, period.end)


def screener_results(user: User, period: Period) -> list[ScreenerResult]:
    """Every PHQ-9 and GAD-7 result taken in the period, oldest first."""
    results = results_for(user).filter(taken_on__gte=period.start, taken_on__lte=period.end)
    return list(results.order_by("taken_on", "instrument"))
