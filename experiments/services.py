"""Experiment writes and reads, shared by views, the day page, home and the JSON backup."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from experiments.models import MAX_LENGTH_DAYS, MIN_USED_DAYS, AdherenceTick, Experiment, PhaseDates
from experiments.queries import experiments_for, logged_days, outcomes_by_date, series_runs, with_adherence
from experiments.results import (
    RunResult,
    adherence_of,
    baseline_shortfall,
    caveats,
    chart_payload,
    chart_summary,
    one_line,
    pooled,
    result_words,
    run_result,
    table_rows,
)
from journal.models import JournalDay
from journal.services import CheckInEntry, MealEntry, save_day

RECENT_RESULT_DAYS = 7  # home says "your result is ready" for this long after a run ends


@dataclass(frozen=True)
class Plan(PhaseDates):
    """The dates a start would use, before anything is written."""

    start: date
    length_days: int


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _overlaps(first: date, last: date, other_first: date, other_last: date) -> bool:
    return first <= other_last and other_first <= last


def start_problems(user, plan: Plan, outcome: str, series: Experiment | None = None) -> list[str]:
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


def create_experiment(user, fields: dict[str, Any], series: Experiment | None = None) -> Experiment:
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


def save_day_and_ticks(
    user,
    day_date: date,
    fields: dict[str, Any],
    checkins: Sequence[CheckInEntry],
    meals: Sequence[MealEntry],
    ticks: Sequence[tuple[Experiment, bool | None]],
) -> JournalDay | None:
    """The day page's one save: the day and its experiment ticks together, or neither."""
    with transaction.atomic():
        day = save_day(user, day_date, fields, checkins, meals)
        save_ticks(day_date, ticks)
    return day


def _values_for(user, experiments: Sequence[Experiment]) -> dict[str, dict[date, float]]:
    """Each outcome's daily values across all the experiments' days, in three queries."""
    if not experiments:
        return {}
    first = min(e.baseline_start for e in experiments)
    last = max(e.last_day for e in experiments)
    return outcomes_by_date(user, {e.outcome for e in experiments}, first, last)


def index_context(user, today: date) -> dict[str, Any]:
    """Running experiments first, then finished ones with their one-line result."""
    experiments = list(with_adherence(experiments_for(user), today).order_by("-start", "-pk"))
    running = [e for e in experiments if not e.is_finished(today)]
    finished = [e for e in experiments if e.is_finished(today)]
    values = _values_for(user, finished)
    rows = []
    for experiment in finished:
        result = run_result(experiment, values[experiment.outcome], today)
        rows.append({"experiment": experiment, "line": one_line(result), "adherence": result.adherence})
    return {
        "running": [
            {"experiment": e, "adherence": adherence_of(e, today), "day": e.day_number(today)} for e in running
        ],
        "finished": rows,
        "today": today,
    }


def series_results(user, experiment: Experiment, today: date) -> tuple[list[Experiment], list[RunResult]]:
    """Every run of the experiment's series and the results of the finished ones (fixed queries)."""
    runs = series_runs(user, experiment, today)
    finished = [run for run in runs if run.is_finished(today)]
    values = _values_for(user, finished)
    return runs, [run_result(run, values[run.outcome], today) for run in finished]


def detail_context(user, experiment: Experiment, today: date) -> dict[str, Any]:
    """The run, its result once finished (words, chart, table, caveats), and its series with the pooled result."""
    runs, results = series_results(user, experiment, today)
    this = next(run for run in runs if run.pk == experiment.pk)
    by_run = {r.experiment.pk: r for r in results}
    result = by_run.get(this.pk)
    combined = pooled(results)
    context: dict[str, Any] = {
        "experiment": this,
        "runs": [
            {"run": run, "number": n, "line": one_line(by_run[run.pk]) if run.pk in by_run else None}
            for n, run in enumerate(runs, 1)
        ],
        "result": result,
        "pooled": combined,
        "pooled_words": result_words(this, combined) if combined else None,
        "pooled_runs": sum(1 for r in results if r.comparison is not None),
        "adherence": adherence_of(this, today),
        "day": this.day_number(today),
        "finished": this.is_finished(today),
        "today": today,
        "can_repeat": all(run.is_finished(today) for run in runs),
        "min_used": MIN_USED_DAYS,
    }
    if result is not None:
        context.update(
            words=result_words(this, result.comparison) if result.comparison else None,
            caveats=caveats(result),
            chart=chart_payload(result),
            table=table_rows(result),
            chart_summary=chart_summary(result),
        )
    return context


def home_summary(user, today: date) -> dict[str, Any] | None:
    """What home shows about the person's experiments: progress while one runs, or "your result is
    ready" for a run that ended in the last week; None for nothing. One query."""
    recent = with_adherence(
        experiments_for(user).filter(start__lte=today, start__gt=today - timedelta(days=MAX_LENGTH_DAYS + 7)),
        today,
    ).filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=today - timedelta(days=RECENT_RESULT_DAYS)))
    experiments = list(recent.order_by("-start", "-pk"))
    for experiment in experiments:
        if not experiment.is_finished(today):
            return {
                "kind": "running",
                "experiment": experiment,
                "day": experiment.day_number(today),
                "adherence": adherence_of(experiment, today),
                "today": today,
            }
    for experiment in experiments:
        if today - timedelta(days=RECENT_RESULT_DAYS) <= experiment.last_day < today or experiment.stopped_on:
            return {"kind": "ready", "experiment": experiment, "today": today}
    return None
