"""Experiments and the journal days they compare, built in bulk."""

import datetime as dt
from collections.abc import Callable, Iterable

import factory

from experiments.models import AdherenceTick, Experiment
from journal.models import JournalDay, MoodCheckIn
from tests.factories import UserFactory


class ExperimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experiment

    user = factory.SubFactory(UserFactory)
    change = "one probiotic food a day"
    factor = "probiotic_servings"
    outcome = Experiment.Outcome.MOOD
    start = dt.date(2024, 3, 1)
    length_days = 14
    washout_days = 3


class AdherenceTickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdherenceTick

    experiment = factory.SubFactory(ExperimentFactory)
    date = factory.LazyAttribute(lambda tick: tick.experiment.start)
    done = True


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def log_days(
    user,
    dates: Iterable[dt.date],
    mood: Callable[[dt.date], int | None] | int | None = 3,
    bloating: Callable[[dt.date], int | None] | int | None = None,
    anxiety: int = 2,
) -> None:
    """A day per date with a stress rating; a check-in when mood is given; bloating when given."""

    def value(source, day):
        return source(day) if callable(source) else source

    dates = list(dates)
    JournalDay.objects.bulk_create(
        JournalDay(user=user, date=day, stress=2, bloating=value(bloating, day)) for day in dates
    )
    days = {d.date: d for d in JournalDay.objects.filter(user=user, date__in=dates)}
    checkins = [
        MoodCheckIn(day=days[day], time=dt.time(9), mood=value(mood, day), anxiety=anxiety, energy=3)
        for day in dates
        if value(mood, day) is not None
    ]
    MoodCheckIn.objects.bulk_create(checkins)
