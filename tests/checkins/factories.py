"""Factories for check-ins: results with answers that add up to the score asked for."""

import datetime as dt

import factory

from checkins.models import CheckinPlan, Instrument, ScreenerResult
from checkins.scales import SCALES
from tests.factories import UserFactory


def answers_for(instrument: str, total: int, item9: int = 0) -> list[int]:
    """Answers summing to `total`, filled from the first item; PHQ-9 item 9 set to `item9` (part of the total)."""
    count = len(SCALES[instrument].items)
    answers = [0] * count
    remaining = total
    if instrument == Instrument.PHQ9:
        answers[8] = item9
        remaining -= item9
    for i in range(count):
        if i == 8 and instrument == Instrument.PHQ9:
            continue
        answers[i] = min(3, remaining)
        remaining -= answers[i]
    assert remaining == 0, f"{total} does not fit {instrument}"
    return answers


class ScreenerResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreenerResult

    user = factory.SubFactory(UserFactory)
    instrument = Instrument.PHQ9
    taken_on = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))
    score = 6
    answers = factory.LazyAttribute(lambda r: answers_for(r.instrument, r.score))
    safety_pending = False


class CheckinPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckinPlan

    user = factory.SubFactory(UserFactory)
    phq9 = True
    gad7 = True
    every_days = 7
    reminders = True


def form_data(instrument: str, answers: list[int]) -> dict[str, str]:
    return {f"item_{n}": str(value) for n, value in enumerate(answers, start=1)}
