"""A user's journal -> the daily frame of INSIGHTS.md 1, in a fixed number of queries.

The database does the aggregation (journal.queries.daily_values_for: three
queries whatever the journal's length); analysis.daily_frame turns the rows
into one float row per calendar day.
"""

from datetime import date

import pandas as pd

from insights.analysis import daily_frame
from journal.queries import daily_values_for


def load_frame(user) -> tuple[pd.DataFrame, list[date]]:
    """The user's daily frame and the dates on which a red-flag symptom was logged."""
    rows = daily_values_for(user)
    red_flag_dates = [row["date"] for row in rows if row["has_red_flag"]]
    return daily_frame(rows), red_flag_dates
