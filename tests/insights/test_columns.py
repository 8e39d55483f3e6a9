"""analysis.py reads its columns from journal.columns (Django-free); they must stay the daily CSV's numeric columns."""

from insights import analysis
from journal.constants import DAILY_COLUMNS


def test_the_analysis_columns_are_the_numeric_daily_columns_in_order():
    assert tuple(analysis.COLUMNS) == tuple(c for c in DAILY_COLUMNS if c not in ("date", "notes"))


def test_every_outcome_and_factor_is_an_analysis_column():
    assert set(analysis.OUTCOMES) <= set(analysis.COLUMNS)
    assert set(analysis.FACTORS) <= set(analysis.COLUMNS)
