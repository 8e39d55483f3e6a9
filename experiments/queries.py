"""Reads of experiments, always starting from the user."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.types import User
from experiments.models import MAX_LENGTH_DAYS, AdherenceTick, Experiment
from experiments.versions import experiments_version
from journal.queries import daily_values_for


def experiments_for(user: User) -> QuerySet[Experiment]:
    return Experiment.objects.filter(user=user)


def get_experiment_for_user(user: User, experiment_id: int) -> Experiment:
    """One of the user's experiments, or 404: another user's id never resolves."""
    return get_object_or_404(experiments_for(user), pk=experiment_id)


def with_adherence(experiments: QuerySet[Experiment], today: date) -> QuerySet[Experiment]:
    """Adds ticks_done, ticks_answered and today_answered (0 or 1), counted in the same query."""
    return experiments.annotate(
        ticks_done=Count("ticks", filter=Q(ticks__done=True)),
        ticks_answered=Count("ticks"),
        today_answered=Count("ticks", filter=Q(ticks__date=today)),
    )


def series_runs(user: User, experiment: Experiment, today: date) -> list[Experiment]:
    """Every run of the experiment's series, first run first, with adherence counts (one query)."""
    head = experiment.series_id or experiment.pk
    runs = experiments_for(user).filter(Q(pk=head) | Q(series_id=head)).select_related("guidance")
    return list(with_adherence(runs, today).order_by("start", "pk"))


def running_on(user: User, day: date) -> list[Experiment]:
    """The user's experiments whose change covers `day`, each with `tick_done` (True, False or None).

    One query: the tick of that day comes as a subquery."""
    tick = AdherenceTick.objects.filter(experiment=OuterRef("pk"), date=day).values("done")[:1]
    candidates = (
        experiments_for(user)
        .filter(start__lte=day, start__gt=day - timedelta(days=MAX_LENGTH_DAYS))
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=day))
        .annotate(tick_done=Subquery(tick))
        .order_by("start", "pk")
    )
    return [experiment for experiment in candidates if experiment.covers(day)]


def running_on_kept(user: User, day: date) -> list[Experiment]:
    """running_on, kept in the cache under the person's experiments version (every write to their
    experiments or ticks changes it): the day page and its save usually read none of it."""
    key = f"running-on:{user.pk}:{day.isoformat()}:{experiments_version(user)}"
    running = cache.get(key)
    if running is None:
        running = running_on(user, day)
        cache.set(key, running, 24 * 3600)
    return running


def outcomes_by_date(user: User, outcomes: Iterable[str], first: date, last: date) -> dict[str, dict[date, float]]:
    """Each outcome's daily value on each logged day from `first` to `last` (days without it left out).

    mood, anxiety and energy are the day's mean of check-ins, bloating the day's 0–3 rating, exactly
    as in the daily columns: three queries however many days and outcomes."""
    rows = daily_values_for(user, first, last)
    return {
        outcome: {row["date"]: float(row[outcome]) for row in rows if row[outcome] is not None} for outcome in outcomes
    }


def logged_days(user: User, outcome: str, first: date, last: date) -> int:
    return len(outcomes_by_date(user, [outcome], first, last)[outcome])
