"""Screener results for the insights tests: bulk-created, optionally tracking the window's mean sleep."""

import datetime as dt

from checkins.models import ScreenerResult
from insights.checkin_outcomes import WINDOW_DAYS
from journal.models import JournalDay
from journal.services import journal_changed

ITEMS = {"phq9": 9, "gad7": 7}


def answers_for(instrument: str, score: int) -> list[int]:
    """Item answers (0-3 each) that add up to the score."""
    answers = []
    for _ in range(ITEMS[instrument]):
        answers.append(min(3, score - sum(answers)))
    return answers


def screener(user, instrument: str, taken_on: dt.date, score: int) -> ScreenerResult:
    return ScreenerResult(
        user=user, instrument=instrument, taken_on=taken_on, score=score, answers=answers_for(instrument, score)
    )


def add_screeners(user, instrument: str, count: int, start: dt.date, every: int = 14, planted: bool = True) -> None:
    """`count` check-ins every `every` days from the first full window after `start`; planted: the PHQ-9-like
    score falls as the window's mean sleep rises, else it cycles 3, 8, 13, 5, 10."""
    sleep = dict(JournalDay.objects.filter(user=user).values_list("date", "sleep_hours"))
    rows = []
    for k in range(count):
        taken_on = start + dt.timedelta(days=WINDOW_DAYS - 1 + every * k)
        window = [float(sleep[d]) for i in range(WINDOW_DAYS) if (d := taken_on - dt.timedelta(days=i)) in sleep]
        mean = sum(window) / len(window) if window else 7.0
        score = round(10 - 8 * (mean - 7)) if planted else (3, 8, 13, 5, 10)[k % 5]
        rows.append(screener(user, instrument, taken_on, max(0, min(score, 21))))
    ScreenerResult.objects.bulk_create(rows)
    journal_changed(user)  # bulk_create sends no signal
