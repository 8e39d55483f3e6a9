"""Experiment writes: starting, stopping, the washout, deleting, and the day page's ticks;
plus the checks a start must pass before anything is written."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.types import User
from experiments.models import MAX_LENGTH_DAYS, AdherenceTick, Experiment, PhaseDates
from experiments.queries import experiments_for, logged_days
from experiments.results import (
    baseline_shortfall,
)
from experiments.versions import experiments_changed


@dataclass(frozen=True)
class Plan(PhaseDates):
    """The dates a start would use, before anything is written."""

    start: date
    length_days: int


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _overlaps(first: date, last: date, other_first: date, other_last: date) -> bool:
    return first <= other_last and other_first <= last


def start_problems(user: User, plan: Plan, outcome: str, series: Experiment | None = None) -> list[str]:
    """Why this start cannot go ahead (empty when it can): too few logged baseline days, another
    experiment in its windows, or a repeat whose baseline would hold its series' earlier change."""
    problems = []
    head = (series.series_id or series.pk) if series is not None else None
    nearby = experiments_for(user).filter(
        start__gte=plan.baseline_start - timedelta(days=MAX_LENGTH_DAYS),
        start__lte=plan.end + timedelta(days=MAX_LENGTH_DAYS),
    )
    for other in nearby.order_by("start", "pk"):
        if head is not None and head in (other.pk, other.series_id):
            if other.last_day >= plan.baseline_start:
                problems.append(_series_problem(other, plan))
        elif _overlaps(plan.baseline_start, plan.end, other.start, other.last_day) or _overlaps(
            plan.start, plan.end, other.baseline_start, other.baseline_end
        ):
            problems.append(_overlap_problem(other, plan))
    if not problems:
        logged = logged_days(user, outcome, plan.baseline_start, plan.start - timedelta(days=1))
        shortfall = baseline_shortfall(outcome, logged, plan.baseline_length)
        if shortfall:
            problems.append(shortfall)
    return problems


def _series_problem(earlier: Experiment, plan: Plan) -> str:
    earliest = earlier.last_day + timedelta(days=plan.baseline_length + 1)
    return _(
        "A repeat compares against the %(days)s days before it, and those must not include the earlier run "
        "(it ran until %(last)s), or the days before would already carry the change. This repeat can start "
        "from %(earliest)s."
    ) % {"days": plan.baseline_length, "last": _day(earlier.last_day), "earliest": _day(earliest)}


def _overlap_problem(other: Experiment, plan: Plan) -> str:
    earliest = other.last_day + timedelta(days=plan.baseline_length + 1)
    return _(
        "Your experiment “%(other)s” (%(start)s to %(end)s) overlaps the days this one would compare "
        "(%(first)s to %(last)s). Try one change at a time, or the comparison mixes both changes. This one "
        "can start from %(earliest)s."
    ) % {
        "other": other.change,
        "start": _day(other.start),
        "end": _day(other.last_day),
        "first": _day(plan.baseline_start),
        "last": _day(plan.end),
        "earliest": _day(earliest),
    }


def create_experiment(user: User, fields: dict[str, Any], series: Experiment | None = None) -> Experiment:
    head = (series.series_id or series.pk) if series is not None else None
    return Experiment.objects.create(user=user, series_id=head, **fields)


def stop_experiment(experiment: Experiment, today: date) -> bool:
    """Stops a running experiment; today is its last day. False when it had already finished."""
    if experiment.is_finished(today):
        return False
    experiment.stopped_on = max(today, experiment.start)
    experiment.save(update_fields=["stopped_on"])
    return True


def set_washout(experiment: Experiment, days: int) -> None:
    experiment.washout_days = days
    experiment.save(update_fields=["washout_days"])


def delete_experiment(experiment: Experiment) -> None:
    """Deletes one run; when it heads a series, the next run takes over as the head so the
    repeats are not deleted with it (series cascades)."""
    with transaction.atomic():
        if experiment.series_id is None:
            repeats = list(experiment.repeats.order_by("start", "pk"))
            if repeats:
                new_head, *rest = repeats
                Experiment.objects.filter(pk=new_head.pk).update(series=None)
                Experiment.objects.filter(pk__in=[r.pk for r in rest]).update(series=new_head)
        experiment.delete()


def save_ticks(day: date, answers: Sequence[tuple[Experiment, bool | None]]) -> None:
    """The day page's answers to "did you do it today?"; None clears an answer."""
    for experiment, done in answers:
        if done is None:
            AdherenceTick.objects.filter(experiment=experiment, date=day).delete()
        else:
            AdherenceTick.objects.update_or_create(experiment=experiment, date=day, defaults={"done": done})
        experiments_changed(experiment.user_id)
