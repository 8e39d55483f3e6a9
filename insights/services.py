"""Insights for one user, cached until their journal or the guidance changes.

Two cache layers, both keyed on journal_version(user) and guidance_version(),
so a save, an import, a delete or an admin's edit shows on the next request
(a PHQ-9 or GAD-7 result too: checkins/signals.py bumps the journal version):

- insights_for(user): the analysis, the chosen guidance cards and the weekly
  series (the costly part), per language: the findings' sentences (worded by
  insights.wording) and the cards' reasons that quote them are in words;
- page_body(user, range_key): the rendered body of /insights/ for one range and
  language, so a warm visit costs three cache reads and the base template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.models import today_for
from insights import checkin_wording, wording
from insights.analysis import Finding, analyse
from insights.checkin_outcomes import (
    CHECKIN_FACTORS,
    INSTRUMENT_NAMES,
    MIN_CHECKINS,
    MIN_WINDOW_VALUES,
    CheckinFinding,
    analyse_checkins,
)
from insights.frame import load_checkins, load_frame
from insights.guidance import GuidanceCard, guidance_version, select_cards, to_contract
from insights.models import Guidance
from journal.services import journal_version

UNLOCK_DAYS = 21
CACHE_SECONDS = 60 * 60 * 24 * 7
RANGES: dict[str, int | None] = {"12": 12, "26": 26, "52": 52, "all": None}
DEFAULT_RANGE = "26"


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

COLUMN_LABELS = {
    "mood": _("mood"),
    "anxiety": _("anxiety"),
    "energy": _("energy"),
    "stress": _("stress"),
    "sleep_hours": _("sleep"),
    "sleep_quality": _("sleep quality"),
    "exercise_minutes": _("exercise"),
    "mindfulness_minutes": _("mindfulness"),
    "water_glasses": _("water"),
    "fiber_g": _("fiber"),
    "probiotic_servings": _("probiotic foods"),
    "added_sugar_servings": _("added sugar"),
    "ultra_processed_servings": _("ultra-processed food"),
    "bloating": _("bloating"),
    "abdominal_pain": _("abdominal pain"),
    "stool_type": _("stool type"),
    "antibiotics": _("antibiotics"),
}
UNITS = {
    "mood": _("1–5"),
    "anxiety": _("1–5"),
    "energy": _("1–5"),
    "stress": _("1–5"),
    "sleep_hours": _("hours"),
    "exercise_minutes": _("minutes"),
    "mindfulness_minutes": _("minutes"),
    "fiber_g": _("g"),
    "probiotic_servings": _("servings"),
    "bloating": _("0–3"),
    "abdominal_pain": _("0–3"),
}
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
LAG_WORDS = {0: _("on the same day"), 1: _("the day after"), 2: _("two days after")}


def _versions(user, today: date) -> str:
    """What the cached insights depend on: the journal, the guidance, and today (the red-flag window)."""
    return f"{user.pk}:{journal_version(user)}:{guidance_version()}:{today.isoformat()}"


def _language() -> str:
    return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)


def _insights_key(user_id: int, language: str) -> str:
    return f"insights:{user_id}:{language}"


def _page_key(user_id: int, range_key: str, language: str) -> str:
    return f"insights-page:{user_id}:{range_key}:{language}"


def _cached(key: str, versions: str, make: Callable[[], Any]) -> Any:
    """One entry per key, holding the versions it was made for: a stale entry is replaced, not left
    beside the new one, so a person's entries are a fixed list of keys that deletion can name."""
    entry = cache.get(key)
    if entry is not None and entry[0] == versions:
        return entry[1]
    value = make()
    cache.set(key, (versions, value), CACHE_SECONDS)
    return value


def forget_user(user_id: int) -> None:
    """Deletes every cached entry of this person's insights (their account is being deleted)."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [_insights_key(user_id, language) for language in languages]
    keys += [_page_key(user_id, range_key, language) for range_key in RANGES for language in languages]
    cache.delete_many(keys)


def insights_for(user, today: date | None = None) -> dict[str, Any]:
    """The PRODUCT 3.5 object ("contract"), the guidance cards and the weekly series.

    `today` is the user's local date; views pass timezone.localdate() (the
    middleware has activated the user's zone), which saves the profile query.
    """
    day = today or today_for(user)
    return _cached(_insights_key(user.pk, _language()), _versions(user, day), lambda: compute_insights(user, day))


def compute_insights(user, today: date) -> dict[str, Any]:
    frame, red_flag_dates = load_frame(user)
    analysis = analyse(frame)
    report = analysis.to_dict()
    items = list(Guidance.objects.filter(published=True))
    report["findings"] = worded_findings(report["findings"], analysis.findings)
    cards = select_cards(items, frame, report["findings"], red_flag_dates, today=today)
    checkin_report = analyse_checkins(frame, load_checkins(user))
    checkins = checkin_report.to_dict()
    checkins["checkin_findings"] = worded_checkin_findings(checkins["checkin_findings"], checkin_report.findings)
    return {
        "contract": {**report, "guidance": to_contract(cards), **checkins},
        "cards": cards,
        "weekly": _weekly_series(report["weekly"]),
    }


def worded_findings(items: list[dict[str, Any]], findings: list[Finding]) -> list[dict[str, Any]]:
    """The contract's findings with `summary` and `reason` worded in the active language."""
    return [
        {**item, "summary": wording.summary(finding), "reason": wording.reason(finding)}
        for item, finding in zip(items, findings, strict=True)
    ]


def worded_checkin_findings(items: list[dict[str, Any]], findings: list[CheckinFinding]) -> list[dict[str, Any]]:
    return [
        {**item, "summary": checkin_wording.summary(finding), "reason": checkin_wording.reason(finding)}
        for item, finding in zip(items, findings, strict=True)
    ]


def _weekly_series(weekly: list[dict[str, Any]]) -> dict[str, list]:
    """Column-wise weekly means (rounded for display), the shape Chart.js wants."""
    series: dict[str, list] = {"weeks": [str(w["week_start"]) for w in weekly]}
    series["days_logged"] = [w["days_logged"] for w in weekly]
    for column in CHART_COLUMNS:
        series[column] = [_round(w.get(column)) for w in weekly]
    return series


def _round(value: Any) -> float | None:
    if value is None or value != value:  # NaN is not equal to itself
        return None
    return round(float(value), 2)


def parse_range(value: str | None) -> str:
    return value if value in RANGES else DEFAULT_RANGE


def page_body(user, range_key: str | None, today: date | None = None) -> str:
    """The rendered body of /insights/ (everything below the navigation), cached."""
    shown = parse_range(range_key)
    day = today or today_for(user)
    return _cached(
        _page_key(user.pk, shown, _language()),
        _versions(user, day),
        lambda: render_to_string("insights/body.html", page_context(insights_for(user, day), shown)),
    )


def page_context(insights: dict[str, Any], range_key: str) -> dict[str, Any]:
    contract = insights["contract"]
    days_logged = contract["days_logged"]
    cards: list[GuidanceCard] = insights["cards"]
    words = _finding_words()
    summaries = _summaries(insights["weekly"])
    findings = [_finding_view(f, words) for f in contract["findings"]]
    not_clear = [f for f in findings if not f["significant"]]
    return {
        "contract": contract,
        "first_date": _date(contract["first_date"]),
        "last_date": _date(contract["last_date"]),
        "unlocked": days_logged >= UNLOCK_DAYS,
        "days_to_go": max(UNLOCK_DAYS - days_logged, 0),
        "unlock_days": UNLOCK_DAYS,
        "range_key": range_key,
        "ranges": [(key, _range_label(key)) for key in RANGES],
        "doctor_cards": [c for c in cards if c.is_doctor],
        "groups": _group_views(insights["weekly"], cards, range_key, summaries),
        "other_cards": _cards_outside_groups(cards),
        "significant": sorted((f for f in findings if f["significant"]), key=lambda f: (-abs(f["rho"]), f["q"])),
        "not_clear": not_clear,
        "not_clear_rows": _not_clear_rows_html(not_clear),
        "more_days_needed": contract.get("more_days_needed"),
        "chart_data": _chart_payload(insights["weekly"], range_key, summaries),
        "weekly_table": None if days_logged >= UNLOCK_DAYS else _weekly_table(contract["weekly"]),
        "checkins": _checkins_view(contract),
    }


def _checkins_view(contract: dict[str, Any]) -> dict[str, Any]:
    """The "Your check-in scores" section: per questionnaire its clear links, or how many more check-ins are needed."""
    counts = contract["checkins"]
    labels = {factor: checkin_wording.label(factor) for factor in CHECKIN_FACTORS}
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
    separator = get_format("DECIMAL_SEPARATOR")
    rows = [
        (f"{f['factor_label'].capitalize()} → {f['outcome_label']}", _statistic_text(f, separator), f["n"])
        for f in not_clear
    ]
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


def _weekly_table(weekly: list[dict[str, Any]]) -> dict[str, list]:
    rows = [(w["week_start"], w["days_logged"], *(_round(w.get(c)) for c in SO_FAR_COLUMNS)) for w in reversed(weekly)]
    return {"columns": [(c, _label(c), UNITS[c]) for c in SO_FAR_COLUMNS], "rows_html": _rows_html(rows)}


def _range_label(key: str) -> str:
    return _t("All") if RANGES[key] is None else _t("%(weeks)s weeks") % {"weeks": key}


def _label(column: str) -> str:
    return str(COLUMN_LABELS.get(column, column.replace("_", " ")))


def _summaries(weekly: dict[str, list]) -> dict[str, dict[str, str]]:
    """Per range and chart, the sentence screen readers get (the script swaps them on a range change)."""
    return {key: {g.id: _group_summary(weekly, g, _visible_weeks(weekly, key)) for g in CHART_GROUPS} for key in RANGES}


def _chart_payload(weekly: dict[str, list], range_key: str, summaries: dict) -> dict[str, Any]:
    return {
        **weekly,
        "range": range_key,
        "ranges": dict(RANGES),
        "labels": {c: _label(c) for c in CHART_COLUMNS},
        "units": {c: str(UNITS[c]) for c in CHART_COLUMNS},
        "bounds": SCALE_BOUNDS,
        "groups": {g.id: list(g.factors) for g in CHART_GROUPS},
        "summaries": summaries,
    }


def _visible_weeks(weekly: dict[str, list], range_key: str) -> range:
    total = len(weekly["weeks"])
    weeks = RANGES[range_key]
    start = 0 if weeks is None else max(total - weeks, 0)
    return range(total - 1, start - 1, -1)  # newest first in tables


def _group_views(weekly: dict[str, list], cards: list[GuidanceCard], range_key: str, summaries: dict) -> list[dict]:
    visible = _visible_weeks(weekly, range_key)
    views = []
    for group in CHART_GROUPS:
        columns = ("mood", *group.factors)
        rows = [(weekly["weeks"][i], weekly["days_logged"][i], *(weekly[c][i] for c in columns)) for i in visible]
        views.append(
            {
                "id": group.id,
                "title": group.title,
                "columns": [(c, _label(c), UNITS[c]) for c in columns],
                "rows_html": _rows_html(rows),
                "summary": summaries[range_key][group.id],
                "cards": [c for c in cards if group.shows(c)],
            }
        )
    return views


def _cell(value: Any, decimal_separator: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return str(value).replace(".", decimal_separator)
    return str(value)


def _rows_html(rows: list[tuple]) -> SafeString:
    """Table rows built here rather than in a template loop: a three-year journal's tables
    hold hundreds of cells, and the template engine (or number_format per cell) would be
    most of the cold page's cost. Weekly means are already rounded to two places."""
    separator = get_format("DECIMAL_SEPARATOR")
    html = "\n".join(
        f'<tr><th scope="row">{escape(str(first))}</th>'
        + "".join(f"<td>{escape(_cell(v, separator))}</td>" for v in rest)
        + "</tr>"
        for first, *rest in rows
    )
    return mark_safe(html)  # noqa: S308 (every value is escaped just above)


def _not_clear_rows_html(findings: list[dict[str, Any]]) -> SafeString:
    separator = get_format("DECIMAL_SEPARATOR")
    return _rows_html([(_pair_label(f), _statistic_text(f, separator), f["n"]) for f in findings])


def _pair_label(finding: dict[str, Any]) -> str:
    return f"{finding['factor_label'].capitalize()} → {finding['outcome_label']}, {finding['lag_words']}"


def _statistic_text(finding: dict[str, Any], separator: str) -> str:
    if not finding["tested"]:
        return finding.get("reason") or _t("not enough data")
    rho, low, high = (f"{finding[k]:.2f}".replace(".", separator) for k in ("rho", "ci_low", "ci_high"))
    return _t("%(rho)s (%(low)s to %(high)s)") % {"rho": rho, "low": low, "high": high}


def _group_summary(weekly: dict[str, list], group: ChartGroup, visible: range) -> str:
    """One sentence for screen readers: each line's mean over the weeks shown."""
    parts = []
    for column in ("mood", *group.factors):
        values = [weekly[column][i] for i in visible if weekly[column][i] is not None]
        if values:
            mean = sum(values) / len(values)
            parts.append(_summary_part(column, mean))
        else:
            parts.append(_t("%(label)s not logged") % {"label": _label(column)})
    weeks = len(visible)
    return _t("Weekly means over the last %(weeks)d weeks: %(parts)s.") % {"weeks": weeks, "parts": "; ".join(parts)}


def _summary_part(column: str, mean: float) -> str:
    unit = str(UNITS[column])
    args = {"label": _label(column).capitalize(), "mean": mean, "unit": unit}
    if "–" in unit:  # a rating scale, not an amount
        return _t("%(label)s averaged %(mean).1f on the %(unit)s scale") % args
    return _t("%(label)s averaged %(mean).1f %(unit)s") % args


def _cards_outside_groups(cards: list[GuidanceCard]) -> list[GuidanceCard]:
    return [c for c in cards if not c.is_doctor and not any(g.shows(c) for g in CHART_GROUPS)]


def _bar_x(value: float) -> float:
    """Position of a correlation on the -1..1 interval bar (a 200-unit wide SVG)."""
    return round((max(min(value, 1.0), -1.0) + 1) * 100, 1)


def _finding_words() -> dict[Any, str]:
    """Column labels and lag words translated once per page, not once per finding."""
    return {**{c: _label(c) for c in COLUMN_LABELS}, **{lag: str(words) for lag, words in LAG_WORDS.items()}}


def _finding_view(finding: dict[str, Any], words: dict[Any, str]) -> dict[str, Any]:
    view = {
        **finding,
        "outcome_label": words.get(finding["outcome"], finding["outcome"]),
        "factor_label": words.get(finding["factor"], finding["factor"]),
        "lag_words": words.get(finding["lag"], str(finding["lag"])),
        "tested": finding.get("rho") is not None,
    }
    if view["tested"]:
        view["bar"] = _bar(finding)
    return view


def _bar(finding: dict[str, Any]) -> dict[str, float]:
    low, high = _bar_x(finding["ci_low"]), _bar_x(finding["ci_high"])
    return {"low": low, "width": round(max(high - low, 1.0), 1), "rho": _bar_x(finding["rho"])}
