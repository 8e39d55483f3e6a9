"""What the experiment pages and home show: the list, a run with its result and series, home's line."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from accounts.types import User
from experiments.models import MAX_LENGTH_DAYS, MIN_USED_DAYS, Experiment
from experiments.queries import experiments_for, outcomes_by_date, series_runs, with_adherence
from experiments.results import (
    RunResult,
    adherence_of,
    caveats,
    chart_payload,
    chart_summary,
    one_line,
    pooled,
    result_words,
    run_result,
    table_rows,
)

RECENT_RESULT_DAYS = 7  # home says "your result is ready" for this long after a run ends


def _values_for(user: User, experiments: Sequence[Experiment]) -> dict[str, dict[date, float]]:
    """Each outcome's daily values across all the experiments' days, in three queries."""
    if not experiments:
        return {}
    first = min(e.baseline_start for e in experiments)
    last = max(e.last_day for e in experiments)
    return outcomes_by_date(user, {e.outcome for e in experiments}, first, last)


def index_context(user: User, today: date) -> dict[str, Any]:
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


def series_results(user: User, experiment: Experiment, today: date) -> tuple[list[Experiment], list[RunResult]]:
    """Every run of the experiment's series and the results of the finished ones (fixed queries)."""
    runs = series_runs(user, experiment, today)
    finished = [run for run in runs if run.is_finished(today)]
    values = _values_for(user, finished)
    return runs, [run_result(run, values[run.outcome], today) for run in finished]


def detail_context(user: User, experiment: Experiment, today: date) -> dict[str, Any]:
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


def home_summary(user: User, today: date) -> dict[str, Any] | None:
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
