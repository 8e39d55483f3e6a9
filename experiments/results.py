"""An experiment's result in the person's words (docs/statistics.md, Self-experiments): the statistics come from
experiments.analysis; this module picks the days, counts adherence and words it all.

experiments.analysis (SciPy) is imported where a comparison is computed, so that start-up
(the day page's section registers from here) does not pay for SciPy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from experiments.models import LOW_ADHERENCE, MIN_BASELINE_DAYS, MIN_USED_DAYS, Experiment

if TYPE_CHECKING:
    from experiments.analysis import Comparison

RESULT_CACHE_SECONDS = 7 * 24 * 3600
# Fewer used days than this in a phase earns the "few days" caveat.
FEW_DAYS = 10
OUTCOME_SCALES = {"mood": (1, 5), "anxiety": (1, 5), "energy": (1, 5), "bloating": (0, 3)}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def cached_compare(runs: Sequence[tuple[list[float | None], list[float | None]]]) -> Comparison:
    """compare() for one run, pool() for several; keyed on the values themselves, so a cached
    answer is right by construction (any change in the journal changes the key)."""
    key = "experiment-comparison:" + hashlib.sha256(json.dumps(runs).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        from experiments.analysis import compare, pool

        found = compare(*runs[0]) if len(runs) == 1 else pool(runs)
        cache.set(key, found, RESULT_CACHE_SECONDS)
    return found


@dataclass
class Adherence:
    days: int
    done: int
    answered: int

    @property
    def not_done(self) -> int:
        return self.answered - self.done

    @property
    def unanswered(self) -> int:
        return max(self.days - self.answered, 0)

    @property
    def share(self) -> float:
        return self.done / self.days if self.days else 0.0

    @property
    def is_low(self) -> bool:
        return self.share < LOW_ADHERENCE

    def line(self) -> str:
        text = ngettext("done on %(done)s of %(days)s day", "done on %(done)s of %(days)s days", self.days) % {
            "done": self.done,
            "days": self.days,
        }
        if self.unanswered:
            text += ", " + ngettext("%(n)s not answered", "%(n)s not answered", self.unanswered) % {
                "n": self.unanswered
            }
        return text


def adherence_of(experiment: Experiment, today: date) -> Adherence:
    """Needs the ticks_done/ticks_answered annotations (queries.with_adherence)."""
    last = min(experiment.last_day, today)
    if not experiment.is_finished(today) and not experiment.today_answered:  # type: ignore[attr-defined]  # annotated
        last = today - timedelta(days=1)  # today is not over: it counts once answered or once it has passed
    days = max((last - experiment.start).days + 1, 0)
    return Adherence(days=days, done=experiment.ticks_done, answered=experiment.ticks_answered)  # type: ignore[attr-defined]


@dataclass
class RunResult:
    experiment: Experiment
    baseline: list[tuple[date, float | None]]
    washout: list[tuple[date, float | None]]
    used: list[tuple[date, float | None]]
    adherence: Adherence
    comparison: Comparison | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def baseline_values(self) -> list[float]:
        return [v for _d, v in self.baseline if v is not None]

    @property
    def used_values(self) -> list[float]:
        return [v for _d, v in self.used if v is not None]

    @property
    def phases(self) -> tuple[list[float | None], list[float | None]]:
        """Both phases one entry a calendar day (None when not logged): the interval needs to know the gaps."""
        return [v for _d, v in self.baseline], [v for _d, v in self.used]

    @property
    def washout_logged(self) -> int:
        return sum(1 for _d, v in self.washout if v is not None)


def run_result(experiment: Experiment, values: dict[date, float], today: date) -> RunResult:
    """The phases of one finished run and, with enough days in each, its comparison."""
    exp = experiment
    washout_last = min(exp.used_from - timedelta(days=1), exp.last_day)
    result = RunResult(
        experiment=exp,
        baseline=[(d, values.get(d)) for d in _days(exp.baseline_start, exp.baseline_end)],
        washout=[(d, values.get(d)) for d in _days(exp.start, washout_last)] if washout_last >= exp.start else [],
        used=[(d, values.get(d)) for d in _days(exp.used_from, exp.last_day)] if exp.used_from <= exp.last_day else [],
        adherence=adherence_of(exp, today),
    )
    result.missing = _missing(result)
    if not result.missing:
        result.comparison = cached_compare([result.phases])
    return result


def _missing(result: RunResult) -> list[str]:
    missing = []
    phases = ((_("before the change"), result.baseline_values), (_("after the washout"), result.used_values))
    for phase, found in phases:
        if len(found) < MIN_USED_DAYS:
            missing.append(
                ngettext(
                    "%(phase)s: %(found)s logged day, %(needed)s needed",
                    "%(phase)s: %(found)s logged days, %(needed)s needed",
                    len(found),
                )
                % {"phase": phase, "found": len(found), "needed": MIN_USED_DAYS}
            )
    return missing


def pooled(results: Sequence[RunResult]) -> Comparison | None:
    """The runs of a series pooled (ABAB), once at least two of them have a result."""
    runs = [r.phases for r in results if r.comparison is not None]
    return cached_compare(runs) if len(runs) >= 2 else None


def _number(value: float, places: int = 2) -> str:
    return number_format(Decimal(f"{value:.{places}f}"), decimal_pos=places)


def _signed(value: float) -> str:
    """A difference in words: "0.45 higher", "0.30 lower", "no different"."""
    if round(value, 2) == 0:
        return _("no different")
    if value > 0:
        return _("%(amount)s higher") % {"amount": _number(value)}
    return _("%(amount)s lower") % {"amount": _number(-value)}


def _signed_range(low: float, high: float) -> str:
    """An interval in words: "0.09 to 1.11 higher" when both ends agree, else "0.88 lower to 0.96 higher"."""
    if round(low, 2) > 0:
        return _("%(low)s to %(high)s higher") % {"low": _number(low), "high": _number(high)}
    if round(high, 2) < 0:
        return _("%(low)s to %(high)s lower") % {"low": _number(-high), "high": _number(-low)}
    return _("%(low)s to %(high)s") % {"low": _signed(low), "high": _signed(high)}


def outcome_label(outcome: str) -> str:
    return str(Experiment.Outcome(outcome).label).lower()


def is_better(outcome: str, difference: float) -> bool:
    return difference < 0 if outcome in ("anxiety", "bloating") else difference > 0


def result_words(experiment: Experiment, comparison: Comparison) -> dict[str, str]:
    """Headline, interval and verdict sentences, direction-aware (lower anxiety or bloating is better)."""
    outcome = outcome_label(experiment.outcome)
    low, high = OUTCOME_SCALES[experiment.outcome]
    figures = {
        "change": experiment.change,
        "outcome": outcome,
        "after": _number(comparison.intervention_mean),
        "before": _number(comparison.baseline_mean),
        "low": low,
        "high": high,
        "difference": _signed(comparison.difference),
        "runs": comparison.runs,
    }
    if comparison.runs > 1:
        headline = (
            _(
                "Across %(runs)s runs of “%(change)s”, your %(outcome)s averaged %(after)s during the change (on its "
                "%(low)s–%(high)s scale), against %(before)s in the days before: %(difference)s."
            )
            % figures
        )
    else:
        headline = (
            _(
                "While you tried “%(change)s”, your %(outcome)s averaged %(after)s (on its %(low)s–%(high)s scale), "
                "against %(before)s before: %(difference)s."
            )
            % figures
        )
    if comparison.ci_low is None or comparison.ci_high is None:
        interval = _too_short(comparison)
    else:
        interval = _(
            "Allowing for the ups and downs from day to day, the difference lies between %(low)s and %(high)s "
            "(95%% interval: in simulated experiments with no real change, such intervals held zero at least 9 "
            "times in 10)."
        ) % {"low": _signed(comparison.ci_low), "high": _signed(comparison.ci_high)}
    if experiment.lower_is_better:
        direction = _("For %(outcome)s, lower is better.") % {"outcome": outcome}
    else:
        direction = _("For %(outcome)s, higher is better.") % {"outcome": outcome}
    if comparison.too_short:
        verdict = _("Too short to tell: your diary cannot yet tell this apart from no change.")
        short = _("too short to tell")
    elif not comparison.clear:
        verdict = _("The interval includes zero, so your diary cannot tell this apart from no change.")
        short = _("no clear difference")
    elif is_better(experiment.outcome, comparison.difference):
        verdict = _(
            "The interval is all on one side of zero: your diary was clearly better during the change. "
            "It cannot show that the change itself did it."
        )
        short = _("clearly better")
    else:
        verdict = _(
            "The interval is all on one side of zero: your diary was clearly worse during the change. "
            "It cannot show that the change itself did it."
        )
        short = _("clearly worse")
    return {"headline": headline, "interval": interval, "direction": direction, "verdict": verdict, "short": short}


def _too_short(comparison: Comparison) -> str:
    """Why there is no interval, and what would give one (experiments.analysis: too short to tell)."""
    if comparison.more_days is None:
        return _(
            "Too short to tell: over these days your diary drifted so steadily that the days before and during "
            "the change cannot be compared fairly. Repeating the experiment later would help."
        )
    return ngettext(
        "Too short to tell: these days cannot pin down their own ups and downs, so no honest interval can be "
        "given. About %(more)s more logged day in each phase would give one.",
        "Too short to tell: these days cannot pin down their own ups and downs, so no honest interval can be "
        "given. About %(more)s more logged days in each phase would give one.",
        comparison.more_days,
    ) % {"more": comparison.more_days}


def one_line(result: RunResult) -> str:
    """The list page's summary of a finished run."""
    if result.comparison is None:
        return _("Not enough logged days for a result.")
    words = result_words(result.experiment, result.comparison)
    if result.comparison.too_short:
        return _("%(outcome)s %(difference)s: %(short)s.") % {
            "outcome": outcome_label(result.experiment.outcome).capitalize(),
            "difference": _signed(result.comparison.difference),
            "short": words["short"],
        }
    low, high = result.comparison.ci_low, result.comparison.ci_high
    assert low is not None and high is not None  # too short to tell returned above
    return _("%(outcome)s %(difference)s (95%% interval %(range)s): %(short)s.") % {
        "outcome": outcome_label(result.experiment.outcome).capitalize(),
        "difference": _signed(result.comparison.difference),
        "range": _signed_range(low, high),
        "short": words["short"],
    }


def caveats(result: RunResult) -> list[str]:
    items = [
        _(
            "No blinding: you knew what you were trying, and hoping for an effect (or doubting it) can move how "
            "you rate your days. This is the expectation effect, and nothing here can rule it out."
        ),
        _(
            "Trends over time: mood, energy and the gut drift with seasons, work and life. The days before always "
            "came first, so a drift looks like an effect. Repeating the experiment helps tell them apart."
        ),
        _(
            "Other changes: anything else that changed at the same time (a new medicine, travel, an illness, a "
            "stressful week) may be the real cause."
        ),
    ]
    adherence = result.adherence
    if adherence.days and not adherence.answered:
        items.append(
            _(
                "Adherence unknown: no day has an answer to “did you do it today?”, so this cannot say how often "
                "you did the change."
            )
        )
    elif adherence.is_low:
        items.append(
            _(
                "Low adherence: %(line)s. The result shows what happened while you tried, not what doing it every "
                "day would do."
            )
            % {"line": adherence.line()}
        )
    fewest = min(len(result.baseline_values), len(result.used_values))
    if fewest < FEW_DAYS:
        items.append(
            ngettext(
                "Few days: one phase has only %(days)s logged day, so one unusual day moves the result a lot.",
                "Few days: one phase has only %(days)s logged days, so one unusual day moves the result a lot.",
                fewest,
            )
            % {"days": fewest}
        )
    return items


def chart_payload(result: RunResult) -> dict[str, Any]:
    """Everything experiments.js draws: one point per day, its phase, and the two phase means."""
    phases = [("baseline", result.baseline), ("washout", result.washout), ("change", result.used)]
    points = [(d, v, phase) for phase, days in phases for d, v in days]
    comparison = result.comparison
    low, high = OUTCOME_SCALES[result.experiment.outcome]
    return {
        "dates": [d.isoformat() for d, _v, _p in points],
        "values": [v for _d, v, _p in points],
        "phases": [p for _d, _v, p in points],
        "baseline_mean": comparison.baseline_mean if comparison else None,
        "change_mean": comparison.intervention_mean if comparison else None,
        "min": low,
        "max": high,
        "labels": {
            "outcome": str(Experiment.Outcome(result.experiment.outcome).label),
            "baseline": _("Before"),
            "washout": _("Washout (not counted)"),
            "change": _("During the change"),
            "baseline_mean": _("Mean before"),
            "change_mean": _("Mean during"),
        },
    }


def table_rows(result: RunResult) -> list[dict[str, Any]]:
    names = {"baseline": _("Before"), "washout": _("Washout (not counted)"), "change": _("During the change")}
    phases = [("baseline", result.baseline), ("washout", result.washout), ("change", result.used)]
    return [{"date": d, "value": v, "phase": names[p]} for p, days in phases for d, v in days]


def chart_summary(result: RunResult) -> str:
    outcome = outcome_label(result.experiment.outcome)
    base, used = result.baseline_values, result.used_values
    parts = [
        ngettext(
            "Before: %(outcome)s logged on %(n)s of %(days)s day",
            "Before: %(outcome)s logged on %(n)s of %(days)s days",
            len(result.baseline),
        )
        % {"outcome": outcome, "n": len(base), "days": len(result.baseline)},
        ngettext(
            "washout: %(n)s day shown, not counted",
            "washout: %(n)s days shown, not counted",
            len(result.washout),
        )
        % {"n": len(result.washout)},
        ngettext(
            "during the change: logged on %(n)s of %(days)s day",
            "during the change: logged on %(n)s of %(days)s days",
            len(result.used),
        )
        % {"n": len(used), "days": len(result.used)},
    ]
    text = "; ".join(parts) + "."
    if result.comparison is not None:
        text += " " + _("Mean before %(before)s, mean during %(during)s.") % {
            "before": _number(result.comparison.baseline_mean),
            "during": _number(result.comparison.intervention_mean),
        }
    return text


def baseline_shortfall(outcome: str, logged: int, window: int) -> str | None:
    """The refusal when the baseline has too few logged days; None when there are enough."""
    if logged >= MIN_BASELINE_DAYS:
        return None
    return ngettext(
        "Days before the start with %(outcome)s logged: %(logged)s of %(window)s. A fair comparison needs at "
        "least %(needed)s, so %(more)s more logged day is needed. Fill in past days in your journal, or start "
        "later.",
        "Days before the start with %(outcome)s logged: %(logged)s of %(window)s. A fair comparison needs at "
        "least %(needed)s, so %(more)s more logged days are needed. Fill in past days in your journal, or start "
        "later.",
        MIN_BASELINE_DAYS - logged,
    ) % {
        "outcome": outcome_label(outcome),
        "logged": logged,
        "window": window,
        "needed": MIN_BASELINE_DAYS,
        "more": MIN_BASELINE_DAYS - logged,
    }
