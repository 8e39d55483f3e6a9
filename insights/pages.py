"""What the Insights page shows: the body of /insights/ for one range, rendered and cached.

page_body(user, range_key) caches the rendered body per person, range and language, with the version
it was made for (insights.services.cached), so a warm visit costs three
cache reads and the base template. page_context turns insights_for's reports
and cards into what the templates show: chart payloads, group views, tables.
The words come from insights.wording.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

import numpy as np
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import today_for
from accounts.types import User
from insights import wording
from insights.analysis import BUILT_IN, FULL_WEEK_DAYS, Finding, Report
from insights.checkin_outcomes import CHECKIN_FACTORS, INSTRUMENT_NAMES, MIN_CHECKINS, MIN_WINDOW_VALUES
from insights.guidance import GuidanceCard
from insights.queries import Insights, insights_for
from insights.services import RANGES, cache_version, cached, language, page_key
from journal.columns import LABELS, LAGS

UNLOCK_DAYS = 21
DEFAULT_RANGE = "26"
# Pairs without a clear link listed on /insights/ itself: as many as the built-in columns make, so a
# person without trackers sees them all there; the rest (a thousand and more with trackers) are on
# /insights/pairs/, and the page stays light on a phone however many trackers there are.
NOT_CLEAR_SHOWN = len(BUILT_IN.pairs)
PAIRS_PAGE = "pairs"  # the cache's "range" of /insights/pairs/


@dataclass(frozen=True)
class ChartGroup:
    id: str
    title: Any
    factors: tuple[str, ...]
    card_factors: tuple[str, ...] = ()  # guidance factors shown beside this chart besides its own columns

    def shows(self, card: GuidanceCard) -> bool:
        return not card.is_doctor and (card.factor in self.factors or card.factor in self.card_factors)


CHART_GROUPS: tuple[ChartGroup, ...] = (
    ChartGroup("fiber", _("Fiber and probiotic foods"), ("fiber_g", "probiotic_servings")),
    ChartGroup("sleep", _("Sleep"), ("sleep_hours",)),
    ChartGroup("movement", _("Exercise and mindfulness"), ("exercise_minutes", "mindfulness_minutes")),
    ChartGroup("stress", _("Stress"), ("stress",)),
    ChartGroup("gut", _("Bloating and abdominal pain"), ("bloating", "abdominal_pain"), ("gut_symptoms",)),
)
CHART_COLUMNS: tuple[str, ...] = ("mood", *(f for group in CHART_GROUPS for f in group.factors))

# Rating scales get their whole range as the axis, so a calm month does not look dramatic.
SCALE_BOUNDS: dict[str, tuple[int, int]] = {"stress": (1, 5), "bloating": (0, 3), "abdominal_pain": (0, 3)}

# The table a new user sees before insights unlock.
SO_FAR_COLUMNS: tuple[str, ...] = (
    "mood",
    "anxiety",
    "energy",
    "stress",
    "sleep_hours",
    "exercise_minutes",
    "fiber_g",
    "probiotic_servings",
    "bloating",
)


def weekly_series(weekly: list[dict[str, Any]]) -> dict[str, list]:
    """Column-wise weekly means (the report's, rounded to two places), the shape Chart.js wants; the
    person's trackers too."""
    series: dict[str, list] = {"weeks": [str(w["week_start"]) for w in weekly]}
    series["days_logged"] = [w["days_logged"] for w in weekly]
    series["partial"] = [w["days_logged"] < FULL_WEEK_DAYS for w in weekly]
    for column in (*CHART_COLUMNS, *_tracker_columns(weekly)):
        series[column] = [w.get(column) for w in weekly]  # already rounded to two places, blank as None
    return series


def weekly_series_of(report: Report) -> dict[str, list]:
    """weekly_series(report.weekly), read from the report's weekly table without a dict per week."""
    table = report.weekly_table
    if table is None:
        return weekly_series(report.weekly)
    trackers = [c for c in table.columns if wording.tracker_kind(c) is not None] if len(table) else []
    columns = (*CHART_COLUMNS, *trackers)
    series: dict[str, list] = {
        "weeks": table.week_starts(),
        "days_logged": table.days_logged.tolist(),
        "partial": table.partial().tolist(),
    }
    series.update(zip(columns, table.column_values(columns), strict=True))
    return series


def _tracker_columns(weekly: list[dict[str, Any]]) -> list[str]:
    return [c for c in (weekly[0] if weekly else {}) if wording.tracker_kind(c) is not None]


def chart_groups(weekly: dict[str, list]) -> tuple[ChartGroup, ...]:
    """The built-in charts, then the person's trackers: their tags together (the share of days logged),
    their ratings together (0–3), and each number on its own chart (amounts do not share an axis)."""
    trackers = [c for c in weekly if wording.tracker_kind(c) is not None]
    groups = list(CHART_GROUPS)
    tags = tuple(c for c in trackers if wording.tracker_kind(c) == "tag")
    ratings = tuple(c for c in trackers if wording.tracker_kind(c) == "rating")
    if tags:
        groups.append(ChartGroup("tracker-tags", _("Your tags"), tags))
    if ratings:
        groups.append(ChartGroup("tracker-ratings", _("Your ratings"), ratings))
    for i, column in enumerate(c for c in trackers if wording.tracker_kind(c) == "number"):
        groups.append(ChartGroup(f"tracker-number-{i}", wording.label(column), (column,)))
    return tuple(groups)


def _bounds(groups: tuple[ChartGroup, ...]) -> dict[str, tuple[int, int]]:
    bounds = dict(SCALE_BOUNDS)
    for column in (c for g in groups for c in g.factors):
        kind = wording.tracker_kind(column)
        if kind == "tag":
            bounds[column] = (0, 1)
        elif kind == "rating":
            bounds[column] = (0, 3)
    return bounds


def _round(value: Any) -> float | None:
    if value is None or value != value:  # NaN is not equal to itself
        return None
    return round(float(value), 2)


def parse_range(value: str | None) -> str:
    """The range asked for, or the default: a bad query string never fails the page."""
    return value if value in RANGES else DEFAULT_RANGE


def page_body(user: User, range_key: str | None, today: date | None = None) -> str:
    """The rendered body of /insights/ (everything below the navigation), cached."""
    shown = parse_range(range_key)
    day = today or today_for(user)
    return cached(
        page_key(user.pk, shown, language()),
        cache_version(user, day),
        lambda: render_to_string("insights/_body.html", page_context(insights_for(user, day), shown)),
    )


def pairs_body(user: User, today: date | None = None) -> str:
    """The rendered body of /insights/pairs/ (every pair without a clear link), cached as page_body."""
    day = today or today_for(user)
    return cached(
        page_key(user.pk, PAIRS_PAGE, language()),
        cache_version(user, day),
        lambda: render_to_string("insights/_pairs.html", pairs_context(insights_for(user, day))),
    )


def pairs_context(insights: Insights) -> dict[str, Any]:
    """Every pair without a clear link, nearest to clear first (the report's order)."""
    report = insights.report
    not_clear = report.not_clear_findings()
    return {
        "days_logged": report.days_logged,
        "unlocked": report.days_logged >= UNLOCK_DAYS,
        "significant_count": report.significant_count,
        "not_clear_count": len(not_clear),
        "not_clear_rows": _not_clear_rows_html(not_clear, _finding_words()),
        "more_days_needed": report.more_days_needed,
    }


def page_context(insights: Insights, range_key: str) -> dict[str, Any]:
    """Everything insights/_body.html shows, from insights_for's reports and cards."""
    report = insights.report
    weekly = weekly_series_of(report)
    days_logged = report.days_logged
    cards: list[GuidanceCard] = insights.cards
    words = _finding_words()
    groups = chart_groups(weekly)
    # Each charted column's label and unit, translated once for the charts, their tables and their sentences.
    units: dict[str, str] = {}
    column_words = {
        c: (words.get(c) or wording.label(c), _unit(c, units)) for g in groups for c in ("mood", *g.factors)
    }
    summaries = _summaries(weekly, groups, column_words)
    clear = report.clear_findings()
    significant = [_finding_view(f, words) for f in wording.worded_findings([f.to_dict() for f in clear], clear)]
    not_clear_count = report.pairs_count - report.significant_count
    return {
        "days_logged": days_logged,
        "first_date": _date(report.first_date),
        "last_date": _date(report.last_date),
        "unlocked": days_logged >= UNLOCK_DAYS,
        "days_to_go": max(UNLOCK_DAYS - days_logged, 0),
        "unlock_days": UNLOCK_DAYS,
        "range_key": range_key,
        "ranges": [(key, wording.range_label(weeks)) for key, weeks in RANGES.items()],
        "doctor_cards": [c for c in cards if c.is_doctor],
        "groups": _group_views(weekly, cards, range_key, summaries, groups, column_words),
        "tests_count": report.tests_count,
        "other_cards": _cards_outside_groups(cards),
        "significant": sorted(significant, key=lambda f: (-abs(f["rho"]), f["q"])),
        "not_clear_count": not_clear_count,
        "not_clear_rows": _not_clear_rows_html(report.not_clear_findings(NOT_CLEAR_SHOWN), words),
        "not_clear_more": max(not_clear_count - NOT_CLEAR_SHOWN, 0),
        "more_days_needed": report.more_days_needed,
        "chart_data": _chart_payload(weekly, range_key, summaries, groups, column_words),
        "weekly_table": None if days_logged >= UNLOCK_DAYS else _weekly_table(report.weekly),
        "partial_note": wording.partial_weeks_note(FULL_WEEK_DAYS) if any(weekly["partial"]) else None,
        "checkins": _checkins_view(insights.checkin_contract()),
    }


def _checkins_view(contract: dict[str, Any]) -> dict[str, Any]:
    """The "Your check-in scores" section: per questionnaire its clear links, or how many more check-ins are needed."""
    counts = contract["checkins"]
    labels = {factor: wording.checkin_label(factor) for factor in CHECKIN_FACTORS}
    instruments, not_clear = [], []
    for instrument, name in INSTRUMENT_NAMES.items():
        own = [_checkin_finding_view(f, labels) for f in contract["checkin_findings"] if f["outcome"] == instrument]
        tested = any(f["tested"] for f in own)
        if tested:
            not_clear += [f for f in own if not f["significant"]]
        enough = [f for f in own if f["n"] >= MIN_CHECKINS]
        instruments.append(
            {
                "name": name,
                "count": counts[instrument],
                "tested": tested,
                # Enough check-ins but nothing to test (a score that never changed): why, in the finding's words.
                "untested_reason": enough[0]["reason"] if enough and not tested else None,
                "needed": contract["checkins_needed"][instrument],
                "significant": sorted((f for f in own if f["significant"]), key=lambda f: (-abs(f["rho"]), f["q"])),
            }
        )
    title, statistic = wording.pair_titles(), _statistic_texts(get_format("DECIMAL_SEPARATOR"))
    rows = [(title(f["factor_label"], f["outcome_label"]), statistic(f), f["n"]) for f in not_clear]
    return {
        "total": sum(counts.values()),
        "instruments": instruments,
        "not_clear_count": len(not_clear),
        "not_clear_rows": _rows_html(rows),
        "min_checkins": MIN_CHECKINS,
        "window_values": MIN_WINDOW_VALUES,
    }


def _checkin_finding_view(finding: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    view = {
        **finding,
        "outcome_label": INSTRUMENT_NAMES[finding["outcome"]],
        "factor_label": labels[finding["factor"]],
        "tested": finding["rho"] is not None,
    }
    if view["tested"]:
        view["bar"] = _bar(finding)
    return view


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _days_cell(days: int) -> str:
    """The "Days" cell of a weekly table: a partial week says so beside its count."""
    return wording.partial_week_days(days) if days < FULL_WEEK_DAYS else str(days)


def _weekly_table(weekly: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [
        (w["week_start"], _days_cell(w["days_logged"]), *(_round(w.get(c)) for c in SO_FAR_COLUMNS))
        for w in reversed(weekly)
    ]
    return {"columns": [(c, wording.label(c), wording.unit(c)) for c in SO_FAR_COLUMNS], "rows_html": _rows_html(rows)}


def _summaries(
    weekly: dict[str, list], groups: tuple[ChartGroup, ...], column_words: dict[str, tuple[str, str]]
) -> dict[str, dict[str, str]]:
    """Per range and chart, the sentence screen readers get (the script swaps them on a range change).
    Each column's mean per range is taken once (mood is on every chart) and the words translated once."""
    summary = wording.weekly_means_summaries(column_words)
    columns = list(dict.fromkeys(c for g in groups for c in ("mood", *g.factors)))
    result: dict[str, dict[str, str]] = {}
    by_first_week: dict[int, dict[str, str]] = {}  # ranges longer than the journal show the same weeks
    for key in RANGES:
        visible = _visible_weeks(weekly, key)
        first = visible.stop + 1
        if first not in by_first_week:
            means = {column: _mean_over(weekly[column], first) for column in columns}
            by_first_week[first] = {
                g.id: summary(len(visible), {c: means[c] for c in ("mood", *g.factors)}) for g in groups
            }
        result[key] = by_first_week[first]
    return result


def _mean_over(values: list[float | None], first: int) -> float | None:
    """The mean of the weeks from `first` on, added newest first (as the tables list them)."""
    shown = [value for value in values[first:] if value is not None]
    return sum(reversed(shown)) / len(shown) if shown else None


def _chart_payload(
    weekly: dict[str, list],
    range_key: str,
    summaries: dict,
    groups: tuple[ChartGroup, ...],
    column_words: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    columns = ("mood", *(c for g in groups for c in g.factors))
    return {
        **weekly,
        **_in_hundredths(weekly, columns),
        "scale": CHART_SCALE,
        "range": range_key,
        "ranges": dict(RANGES),
        "labels": {c: column_words[c][0] for c in columns},
        "units": {c: column_words[c][1] for c in columns},
        "bounds": _bounds(groups),
        "groups": {g.id: list(g.factors) for g in groups},
        "summaries": summaries,
        "partial_days": {str(d): wording.partial_week_days(d) for d in range(FULL_WEEK_DAYS)},
    }


# The charts' weekly means travel as whole hundredths (the means are rounded to two places, so nothing is
# lost; the script divides them again): writing a long journal's thousands of decimals was most of the
# cold page's JSON time, and integers cost a fraction of it.
CHART_SCALE = 100


def _in_hundredths(weekly: dict[str, list], columns: tuple[str, ...]) -> dict[str, list[int | None]]:
    """Each column's weekly means times CHART_SCALE, as integers; a blank week stays None."""
    if not columns or not weekly["weeks"]:
        return {column: [] for column in columns}
    means = np.array([weekly[column] for column in columns], dtype=float)  # None becomes NaN
    blank = np.isnan(means)
    scaled = np.rint(np.where(blank, 0.0, means) * CHART_SCALE).astype(np.int64).astype(object)
    scaled[blank] = None
    return dict(zip(columns, scaled.tolist(), strict=True))


def _visible_weeks(weekly: dict[str, list], range_key: str) -> range:
    total = len(weekly["weeks"])
    weeks = RANGES[range_key]
    start = 0 if weeks is None else max(total - weeks, 0)
    return range(total - 1, start - 1, -1)  # newest first in tables


def _group_views(
    weekly: dict[str, list],
    cards: list[GuidanceCard],
    range_key: str,
    summaries: dict,
    groups: tuple[ChartGroup, ...],
    column_words: dict[str, tuple[str, str]],
) -> list[dict]:
    visible = _visible_weeks(weekly, range_key)
    # Mood is on every chart and a week's heading on every table: each cell is formatted once per page,
    # and a group's rows are joined from them (the same HTML _rows_html gives).
    separator = get_format("DECIMAL_SEPARATOR")
    starts = [
        f'<tr><th scope="row">{escape(weekly["weeks"][i])}</th><td>{escape(_days_cell(weekly["days_logged"][i]))}</td>'
        for i in visible
    ]
    # A chart's heading and its table's caption name the group: the messages are translated once per page.
    heading, caption = gettext("Mood and %(title)s"), gettext("Weekly means of mood and %(title)s, newest week first")
    cells: dict[str, list[str]] = {}
    written: dict[float | None, str] = {None: "<td>–</td>"}  # weekly means repeat (a tag's share of 7 days)
    views = []
    for group in groups:
        columns = ("mood", *group.factors)
        for c in columns:
            if c not in cells:
                shown = weekly[c][visible.stop + 1 :][::-1]  # the visible weeks, newest first
                cells[c] = [written[v] if v in written else _mean_cell(v, separator, written) for v in shown]
        rows = zip(starts, *(cells[c] for c in columns), strict=True)
        views.append(
            {
                "id": group.id,
                "title": group.title,
                "heading": mark_safe(heading % {"title": escape(str(group.title).lower())}),  # noqa: S308 (escaped)
                "caption": mark_safe(caption % {"title": escape(str(group.title).lower())}),  # noqa: S308 (escaped)
                "header_html": _header_html(columns, column_words),
                "rows_html": mark_safe("\n".join("".join(row) + "</tr>" for row in rows)),  # noqa: S308 (as _rows_html)
                "summary": summaries[range_key][group.id],
                "cards": [c for c in cards if group.shows(c)],
            }
        )
    return views


def _unit(column: str, units: dict[str, str]) -> str:
    """wording.unit, a tracker's translated once per kind (30 trackers have 3 units)."""
    kind = wording.tracker_kind(column)
    if kind is None:
        return wording.unit(column)
    return units.get(kind) or units.setdefault(kind, wording.unit(column))


def _header_html(columns: tuple[str, ...], column_words: dict[str, tuple[str, str]]) -> SafeString:
    """A weekly table's column headings, as `{{ label|capfirst }} <span class="unit">({{ unit }})</span>` per
    column would write them: with trackers, seventeen tables' headings were a third of the charts' template."""
    return mark_safe(  # noqa: S308 (label and unit escaped)
        "".join(
            f'<th scope="col">{escape(capfirst(label))} <span class="unit">({escape(unit)})</span></th>'
            for label, unit in (column_words[c] for c in columns)
        )
    )


def _mean_cell(value: float | None, decimal_separator: str, written: dict[float | None, str]) -> str:
    """A weekly mean's cell as _rows_html writes it, each distinct value written once per page."""
    cell = written.get(value)
    if cell is None:
        cell = written[value] = f"<td>{_cell(value, decimal_separator)}</td>"
    return cell


def _cell(value: Any, decimal_separator: str) -> str:
    """A table cell's HTML: a blank as a dash, a number as it reads in the locale, text escaped."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return str(value).replace(".", decimal_separator)
    if isinstance(value, int):
        return str(value)  # digits and a sign: nothing to escape
    return escape(str(value))


def _rows_html(rows: list[tuple]) -> SafeString:
    """Table rows built here rather than in a template loop: a three-year journal's tables
    hold hundreds of cells, and the template engine (or number_format per cell) would be
    most of the cold page's cost. Weekly means are already rounded to two places."""
    separator = get_format("DECIMAL_SEPARATOR")
    html = "\n".join(
        f'<tr><th scope="row">{escape(str(first))}</th>'
        + "".join(f"<td>{_cell(v, separator)}</td>" for v in rest)
        + "</tr>"
        for first, *rest in rows
    )
    return mark_safe(html)  # noqa: S308 (_cell escapes every text; numbers are digits, a sign and a separator)


def _not_clear_rows_html(findings: list[Finding], words: dict[Any, str]) -> SafeString:
    """A row per pair with no clear link, straight from the findings: a long journal with trackers has a
    thousand or more, so each message and label is translated once for the list and no pair gets a dict
    of its own. Rows of (wording.pair_title, the interval or wording.reason, n), written as _rows_html
    writes them; the numbers are the JSON's (rounded to 3 places), shown to 2."""
    title = wording.pair_titles()
    interval, not_enough, reason = wording.intervals(), wording.not_enough_data(), wording.reasons()
    separator = get_format("DECIMAL_SEPARATOR")
    labels: dict[str, str] = {}
    rows = []
    for f in findings:
        factor = labels.get(f.factor) or labels.setdefault(f.factor, words.get(f.factor) or wording.label(f.factor))
        outcome = labels.get(f.outcome) or labels.setdefault(
            f.outcome, words.get(f.outcome) or wording.label(f.outcome)
        )
        if f.rho is None or f.ci_low is None or f.ci_high is None:
            statistic = reason(f) or not_enough
        else:
            rho, low, high = (f"{round(v, 3):.2f}" for v in (f.rho, f.ci_low, f.ci_high))
            if separator != ".":
                rho, low, high = (v.replace(".", separator) for v in (rho, low, high))
            statistic = interval(rho, low, high)
        pair = title(factor, outcome, words.get(f.lag, str(f.lag)))
        rows.append(f'<tr><th scope="row">{escape(pair)}</th><td>{escape(statistic)}</td><td>{int(f.n)}</td></tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 (both texts escaped; the count is an integer)


def _statistic_texts(separator: str) -> Callable[[dict[str, Any]], str]:
    """A finding's correlation and interval, or why it was not tested."""
    interval, not_enough = wording.intervals(), wording.not_enough_data()

    def text(finding: dict[str, Any]) -> str:
        if not finding["tested"]:
            return finding.get("reason") or not_enough
        rho, low, high = (f"{finding[k]:.2f}".replace(".", separator) for k in ("rho", "ci_low", "ci_high"))
        return interval(rho, low, high)

    return text


def _cards_outside_groups(cards: list[GuidanceCard]) -> list[GuidanceCard]:
    return [c for c in cards if not c.is_doctor and not any(g.shows(c) for g in CHART_GROUPS)]


def _bar_x(value: float) -> float:
    """Position of a correlation on the -1..1 interval bar (a 200-unit wide SVG)."""
    return round((max(min(value, 1.0), -1.0) + 1) * 100, 1)


def _finding_words() -> dict[Any, str]:
    """Column labels and lag words translated once per page, not once per finding."""
    return {**{c: wording.label(c) for c in LABELS}, **{lag: wording.lag_words(lag) for lag in LAGS}}


def _finding_view(finding: dict[str, Any], words: dict[Any, str]) -> dict[str, Any]:
    view = {
        **finding,
        "outcome_label": words.get(finding["outcome"]) or wording.label(finding["outcome"]),
        "factor_label": words.get(finding["factor"]) or wording.label(finding["factor"]),
        "lag_words": words.get(finding["lag"], str(finding["lag"])),
        "tested": finding.get("rho") is not None,
    }
    if view["tested"]:
        view["bar"] = _bar(finding)
    return view


def _bar(finding: dict[str, Any]) -> dict[str, float]:
    low, high = _bar_x(finding["ci_low"]), _bar_x(finding["ci_high"])
    return {"low": low, "width": round(max(high - low, 1.0), 1), "rho": _bar_x(finding["rho"])}
