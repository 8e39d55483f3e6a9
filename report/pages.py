"""What the report shows (docs/report.md), gathered once for the page and the PDF.

Words are for a clinician with a few minutes: no app jargon, the findings in
plain sentences with the reminder that they are patterns, not proof.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Field
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import profile_for
from accounts.types import User
from checkins import scales
from checkins.models import ScreenerResult
from experiments.pages import index_context as experiments_context
from insights import wording
from insights.analysis import PAIRS, Q_THRESHOLD, Finding, analyse, daily_frame
from journal.constants import RED_FLAG_FIELDS, STOOL_TYPES
from journal.models import JournalDay
from report import queries
from report.charts import Chart, ChartSpec, Series, nice_ceiling
from report.period import Period, long_date

# Up to this many days the table has a row per week; longer periods get a row per calendar month.
WEEKLY_UP_TO_DAYS = 26 * 7
# Links shown, strongest evidence first: more would not fit the two pages a clinician reads.
MAX_LINKS = 8


@dataclass(frozen=True)
class Measure:
    column: str
    label: Any
    unit: Any
    decimals: int


MEASURES: tuple[Measure, ...] = (
    Measure("mood", gettext_lazy("Mood"), gettext_lazy("1–5, 5 best"), 1),
    Measure("anxiety", gettext_lazy("Anxiety"), gettext_lazy("1–5, 5 most anxious"), 1),
    Measure("energy", gettext_lazy("Energy"), gettext_lazy("1–5, 5 most energy"), 1),
    Measure("sleep_hours", gettext_lazy("Sleep"), gettext_lazy("hours a night"), 1),
    Measure("fiber_g", gettext_lazy("Fiber"), gettext_lazy("g a day"), 0),
    Measure("bloating", gettext_lazy("Bloating"), gettext_lazy("0 none – 3 severe"), 1),
    Measure("abdominal_pain", gettext_lazy("Abdominal pain"), gettext_lazy("0 none – 3 severe"), 1),
)
STYLES = ("a", "b", "c")
CHART_SPECS: tuple[ChartSpec, ...] = (
    ChartSpec("mood", gettext_lazy("Mood, anxiety and energy"), gettext_lazy("1–5"),
              ("mood", "anxiety", "energy"), 1, 5, ticks=(1, 2, 3, 4, 5)),
    ChartSpec("gut", gettext_lazy("Bloating and abdominal pain"), gettext_lazy("0 none – 3 severe"),
              ("bloating", "abdominal_pain"), 0, 3, ticks=(0, 1, 2, 3)),
    ChartSpec("sleep", gettext_lazy("Sleep"), gettext_lazy("hours a night"), ("sleep_hours",), 0, None, 10, 2),
    ChartSpec("fiber", gettext_lazy("Fiber"), gettext_lazy("g a day"), ("fiber_g",), 0, None, 30, 10),
)  # fmt: skip
RED_FLAG_LABELS = {field: cast(Field, JournalDay._meta.get_field(field)).verbose_name for field in RED_FLAG_FIELDS}
LEADS = {
    0: gettext_lazy("On days with %(side)s"),
    1: gettext_lazy("On the day after a day with %(side)s"),
    2: gettext_lazy("Two days after a day with %(side)s"),
}


@dataclass
class Bucket:
    start: date
    end: date
    label: str
    days_logged: int = 0
    means: dict[str, float | None] = field(default_factory=dict)


@dataclass
class ReportPage:
    name: str
    period: Period
    prepared_on: date
    include_notes: bool
    days_logged: int
    by_month: bool
    buckets: list[Bucket]
    overall: dict[str, float | None]
    charts: list[Chart]
    stool: list[dict[str, Any]]
    stool_days: int
    red_flags: list[dict[str, Any]]
    antibiotics: list[str]
    antibiotic_days: int
    screeners: list[dict[str, Any]]
    links: list[dict[str, str]]
    links_note: str
    links_left_out: str
    experiments: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    measures: tuple[Measure, ...] = MEASURES

    @property
    def period_line(self) -> str:
        return ngettext(
            "%(period)s (%(days)s day); %(logged)s logged",
            "%(period)s (%(days)s days); %(logged)s logged",
            self.period.days,
        ) % {
            "period": self.period.label,
            "days": number_format(self.period.days),
            "logged": ngettext("%(n)s day", "%(n)s days", self.days_logged) % {"n": number_format(self.days_logged)},
        }

    def table_rows(self) -> list[dict[str, Any]]:
        """Each row's cells as text, the whole period last."""
        rows = [
            {"label": b.label, "days": b.days_logged, "cells": _cells(b.means), "total": False} for b in self.buckets
        ]
        rows.append(
            {"label": _("Whole period"), "days": self.days_logged, "cells": _cells(self.overall), "total": True}
        )
        return rows


def build_report(user: User, period: Period, *, include_notes: bool, today: date) -> ReportPage:
    """Everything the page and the PDF show. Queries: 3 for the days, 1 for questionnaires, 1–4 for experiments."""
    rows = queries.day_rows(user, period)
    buckets, by_month = _buckets(period)
    _fill(buckets, rows)
    overall = _means(rows)
    return ReportPage(
        name=str(profile_for(user)),
        period=period,
        prepared_on=today,
        include_notes=include_notes,
        days_logged=len(rows),
        by_month=by_month,
        buckets=buckets,
        overall=overall,
        charts=[_chart(spec, buckets) for spec in CHART_SPECS],
        stool=_stool_counts(rows),
        stool_days=sum(1 for r in rows if r["stool_type"] is not None),
        red_flags=_red_flags(rows),
        antibiotics=_date_ranges([r["date"] for r in rows if r["antibiotics"] == 1]),
        antibiotic_days=sum(1 for r in rows if r["antibiotics"] == 1),
        screeners=[_screener(r) for r in queries.screener_results(user, period)],
        **_links(rows),
        experiments=_experiments(user, period, today),
        notes=[{"date": r["date"], "text": r["notes"]} for r in rows if r["notes"]] if include_notes else [],
    )


# --- weekly (or monthly) means ---------------------------------------------------------


def _buckets(period: Period) -> tuple[list[Bucket], bool]:
    if period.days <= WEEKLY_UP_TO_DAYS:
        starts = [period.start + timedelta(weeks=w) for w in range((period.days + 6) // 7)]
        buckets = [Bucket(s, min(s + timedelta(days=6), period.end), _short(s)) for s in starts]
        return buckets, False
    buckets = []
    first = period.start.replace(day=1)
    while first <= period.end:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        buckets.append(Bucket(max(first, period.start), min(last, period.end), date_format(first, "M Y")))
        first = last + timedelta(days=1)
    return buckets, True


def _short(day: date) -> str:
    return date_format(day, "j M")


def _fill(buckets: list[Bucket], rows: list[dict[str, Any]]) -> None:
    i = 0
    grouped: list[list[dict[str, Any]]] = [[] for _ in buckets]
    for row in rows:
        while row["date"] > buckets[i].end:
            i += 1
        grouped[i].append(row)
    for bucket, members in zip(buckets, grouped, strict=True):
        bucket.days_logged = len(members)
        bucket.means = _means(members)


def _means(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    means: dict[str, float | None] = {}
    for measure in MEASURES:
        values = [float(r[measure.column]) for r in rows if r[measure.column] is not None]
        means[measure.column] = sum(values) / len(values) if values else None
    return means


def _cells(means: dict[str, float | None]) -> list[str]:
    return [_number(means[m.column], m.decimals) for m in MEASURES]


def _number(value: float | None, decimals: int) -> str:
    if value is None:
        return "–"
    return number_format(round(value, decimals), decimal_pos=decimals)


def _chart(spec: ChartSpec, buckets: list[Bucket]) -> Chart:
    labels = {m.column: str(m.label) for m in MEASURES}
    series = tuple(
        Series(column, labels[column], STYLES[i], tuple(b.means[column] for b in buckets))
        for i, column in enumerate(spec.columns)
    )
    high = spec.high
    ticks = spec.ticks
    if high is None:
        top = max((v for s in series for v in s.values if v is not None), default=0.0)
        high = nice_ceiling(top, spec.minimum, spec.step)
        ticks = tuple(spec.low + spec.step * k for k in range(int((high - spec.low) / spec.step) + 1))
    return Chart(
        slug=spec.slug,
        title=str(spec.title),
        unit=str(spec.unit),
        low=spec.low,
        high=high,
        ticks=ticks,
        x_labels=tuple(b.label for b in buckets),
        series=series,
        summary=_chart_summary(series, [b.label for b in buckets]),
    )


def _chart_summary(series: tuple[Series, ...], labels: list[str]) -> str:
    """The chart in one sentence for screen readers: first and last known value of each line."""
    parts = []
    for s in series:
        known = [(labels[i], v) for i, v in enumerate(s.values) if v is not None]
        if not known:
            parts.append(_("%(measure)s: not recorded") % {"measure": s.label})
            continue
        (first_label, first), (last_label, last) = known[0], known[-1]
        parts.append(
            _("%(measure)s from %(first)s (%(first_label)s) to %(last)s (%(last_label)s)")
            % {
                "measure": s.label,
                "first": _number(first, 1),
                "first_label": first_label,
                "last": _number(last, 1),
                "last_label": last_label,
            }
        )
    return "; ".join(parts) + "."


# --- stool, red flags, antibiotics -----------------------------------------------------


def _stool_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = {value: 0 for value, _label in STOOL_TYPES}
    for row in rows:
        if row["stool_type"] is not None:
            counts[row["stool_type"]] += 1
    return [{"type": value, "label": str(label), "count": counts[value]} for value, label in STOOL_TYPES]


def _red_flags(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flagged = []
    for row in rows:
        if not row["has_red_flag"]:
            continue
        day = row["day"]
        symptoms = [str(RED_FLAG_LABELS[f]) for f in RED_FLAG_FIELDS if getattr(day, f)]
        flagged.append({"date": row["date"], "label": long_date(row["date"]), "symptoms": ", ".join(symptoms)})
    return flagged


def _date_ranges(days: list[date]) -> list[str]:
    """Consecutive dates as one range: "3 March 2026 to 9 March 2026 (7 days)"."""
    ranges: list[list[date]] = []
    for day in days:
        if ranges and day - ranges[-1][-1] == timedelta(days=1):
            ranges[-1].append(day)
        else:
            ranges.append([day])
    texts = []
    for run in ranges:
        if len(run) == 1:
            texts.append(long_date(run[0]))
        else:
            texts.append(
                _("%(first)s to %(last)s (%(days)s days)")
                % {"first": long_date(run[0]), "last": long_date(run[-1]), "days": len(run)}
            )
    return texts


# --- questionnaires ----------------------------------------------------------------------


def _screener(result: ScreenerResult) -> dict[str, Any]:
    scale = scales.scale_for(result.instrument)
    item9 = ""
    if scales.needs_safety_message(result.instrument, result.answers):
        answer = dict(scales.ANSWER_CHOICES)[result.answers[scales.SAFETY_ITEM - 1]]
        item9 = _("Question 9 (thoughts of death or self-harm): “%(answer)s”") % {"answer": answer}
    return {
        "date": result.taken_on,
        "label": long_date(result.taken_on),
        "name": scale.name,
        "instrument": result.instrument,
        "score": result.score,
        "max": scale.max_score,
        "band": str(scales.band(result.instrument, result.score).label),
        "item9": item9,
    }


# --- clear links -------------------------------------------------------------------------


def _links(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The period's clear links from the insights engine, in words for a clinician."""
    analysis = analyse(daily_frame(rows))
    clear = analysis.clear_findings()  # strongest evidence first
    shown = clear[:MAX_LINKS]
    left_out = ""
    if len(clear) > MAX_LINKS:
        left_out = ngettext(
            "%(n)s further link, with weaker evidence, is left out to keep this summary short.",
            "%(n)s further links, with weaker evidence, are left out to keep this summary short.",
            len(clear) - MAX_LINKS,
        ) % {"n": len(clear) - MAX_LINKS}
    note = _(
        "Each pair of measures (for example fiber and next-day mood) was compared over the logged days of "
        "this period: %(pairs)s comparisons in all. Only links that stand out from all those comparisons are "
        "listed; the method keeps the share of chance findings among them to about 1 in %(one_in)s."
    ) % {"pairs": number_format(len(PAIRS)), "one_in": round(1 / Q_THRESHOLD)}
    return {"links": [_link(f) for f in shown], "links_note": note, "links_left_out": left_out}


def _link(finding: Finding) -> dict[str, str]:
    more = _(wording.MORE_OF[finding.factor])
    sentence = _(wording.LINKS[(finding.lag, (finding.rho or 0) > 0)]) % {
        "more": more,
        "outcome": wording.label(finding.outcome),
    }
    detail = ""
    if finding.threshold is not None and finding.high_mean is not None and finding.low_mean is not None:
        lead = LEADS[finding.lag] % {"side": _high_side(finding.factor, finding.threshold)}
        detail = _(
            "%(lead)s, %(outcome)s averaged %(high)s (%(days_high)s), against %(low)s (%(days_low)s) otherwise."
        ) % {
            "lead": lead,
            "outcome": wording.label(finding.outcome),
            "high": wording.mean(finding.high_mean),
            "days_high": wording.days(finding.high_n or 0),
            "low": wording.mean(finding.low_mean),
            "days_low": wording.days(finding.low_n or 0),
        }
    strength = _("(Rank correlation %(rho)s, 95%% interval %(low)s to %(high)s; %(days)s.)") % {
        "rho": number_format(round(finding.rho or 0, 2), decimal_pos=2),
        "low": number_format(round(finding.ci_low or 0, 2), decimal_pos=2),
        "high": number_format(round(finding.ci_high or 0, 2), decimal_pos=2),
        "days": wording.days(finding.n),
    }
    return {"sentence": sentence, "detail": detail, "strength": strength}


_HIGH_SIDES: dict[str, tuple[str, str]] = {
    "fiber_g": ("%(t)s g of fiber or more", "%(t)s g of fiber or more"),
    "probiotic_servings": (
        "%(t)s serving of probiotic foods or more", "%(t)s servings of probiotic foods or more"),
    "added_sugar_servings": ("%(t)s serving of added sugar or more", "%(t)s servings of added sugar or more"),
    "ultra_processed_servings": (
        "%(t)s serving of ultra-processed food or more", "%(t)s servings of ultra-processed food or more"),
    "water_glasses": ("%(t)s glass of water or more", "%(t)s glasses of water or more"),
    "sleep_hours": ("%(t)s hour of sleep or more", "%(t)s hours of sleep or more"),
    "exercise_minutes": ("%(t)s minute of exercise or more", "%(t)s minutes of exercise or more"),
    "mindfulness_minutes": ("%(t)s minute of mindfulness or more", "%(t)s minutes of mindfulness or more"),
    "sleep_quality": ("sleep quality rated %(t)s or higher (1–5)", "sleep quality rated %(t)s or higher (1–5)"),
    "stress": ("stress rated %(t)s or higher (1–5)", "stress rated %(t)s or higher (1–5)"),
    "bloating": ("bloating rated %(t)s or more (0–3)", "bloating rated %(t)s or more (0–3)"),
    "abdominal_pain": ("abdominal pain rated %(t)s or more (0–3)", "abdominal pain rated %(t)s or more (0–3)"),
}  # fmt: skip


def _high_side(factor: str, threshold: float) -> str:
    """The high side of a split in third-person words: "25 g of fiber or more", "mild bloating or worse"."""
    if factor == "antibiotics":
        return _("antibiotics taken")
    if factor in ("bloating", "abdominal_pain") and threshold in wording.SEVERITY_WORDS:
        return _("%(severity)s %(symptom)s or worse") % {
            "severity": wording.SEVERITY_WORDS[int(threshold)],
            "symptom": wording.label(factor),
        }
    singular, plural = _HIGH_SIDES[factor]
    count = int(threshold) if float(threshold).is_integer() else 2
    return ngettext(singular, plural, count) % {"t": wording.number(threshold)}


# --- experiments ---------------------------------------------------------------------------


def _experiments(user: User, period: Period, today: date) -> list[dict[str, Any]]:
    """Self-experiments whose last day falls in the period, with their result in one line."""
    finished = experiments_context(user, today)["finished"]
    rows = []
    for row in finished:
        experiment = row["experiment"]
        if not period.contains(experiment.last_day):
            continue
        rows.append(
            {
                "change": experiment.change,
                "dates": _("%(first)s to %(last)s") % {
                    "first": long_date(experiment.start), "last": long_date(experiment.last_day)},
                "outcome": experiment.get_outcome_display(),
                "result": row["line"],
                "adherence": row["adherence"].line(),
            }
        )  # fmt: skip
    rows.reverse()  # oldest first, like the rest of the report
    return rows
