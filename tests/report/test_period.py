import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from report.period import PeriodError, parse_period

TODAY = dt.date(2026, 5, 20)


def test_blank_dates_mean_the_last_twelve_weeks_ending_today():
    period = parse_period(None, "", TODAY)
    assert (period.start, period.end, period.days) == (dt.date(2026, 2, 26), TODAY, 84)


def test_a_start_alone_runs_to_today():
    assert parse_period("2026-05-01", None, TODAY).end == TODAY


def test_an_end_alone_gets_the_twelve_weeks_before_it():
    assert parse_period("", "2026-03-31", TODAY).start == dt.date(2026, 1, 7)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-05-10", "2026-05-01", "end date comes before the start"),
        ("2021-01-01", "2026-05-01", "at most 5 years"),
        ("2026-05-01", "2026-05-21", "future"),
        ("2026-05-21", "", "future"),
        ("2026-13-01", "", "not a date"),
        ("01/05/2026", "", "not a date"),
        ("1999-12-31", "2000-01-05", "starts in 2000"),
    ],
)
def test_it_refuses_a_period_it_cannot_cover_with_a_reason(start, end, words):
    with pytest.raises(PeriodError, match=words):
        parse_period(start, end, TODAY)


def test_five_whole_years_are_allowed():
    period = parse_period("2021-05-21", "2026-05-20", TODAY)
    assert period.days == 1826


@given(st.text(max_size=30), st.text(max_size=30))
def test_any_text_gives_a_period_or_a_period_error(start, end):
    try:
        period = parse_period(start, end, TODAY)
    except PeriodError as error:
        assert str(error)
    else:
        assert period.start <= period.end <= TODAY
