"""Scores over time beside the weekly mean of daily mood, for the chart and its table on /checkins/.

Weeks are ISO weeks (Monday first), as on /insights/; mood is insights' weekly mean of the
logged days (insights.queries.weekly_means_for, which loads the frame in three queries).
"""

from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.types import User
from checkins.models import Instrument, ScreenerResult
from checkins.scales import SCALES, band

MIN_WEEKS = 12


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, today: date) -> list[date]:
    start = min(_monday(first), _monday(today) - timedelta(weeks=MIN_WEEKS - 1))
    count = (_monday(today) - start).days // 7 + 1
    return [start + timedelta(weeks=w) for w in range(count)]


def _scores_by_week(results: list[ScreenerResult]) -> dict[str, dict[date, int]]:
    """Per questionnaire, the week's latest score (results come newest first)."""
    by_week: dict[str, dict[date, int]] = {i: {} for i in Instrument.values}
    for result in results:
        by_week[result.instrument].setdefault(_monday(result.taken_on), result.score)
    return by_week


def _mood_by_week(user: User, since: date) -> dict[date, float]:
    from insights.queries import weekly_means_for  # pandas and SciPy: only when a trend is drawn

    return {
        date.fromisoformat(week["week_start"]): week["mood"]
        for week in weekly_means_for(user)
        if week["mood"] is not None and date.fromisoformat(week["week_start"]) >= since
    }


def trend(user: User, results: list[ScreenerResult], today: date) -> dict[str, Any] | None:
    """Chart data (weeks, each score series, mood), table rows newest first and a summary; None without results."""
    if not results:
        return None
    weeks = _weeks(min(r.taken_on for r in results), today)
    scores = _scores_by_week(results)
    mood = _mood_by_week(user, weeks[0])
    series = {i: [scores[i].get(w) for w in weeks] for i in Instrument.values}
    mood_series = [mood.get(w) for w in weeks]
    rows = [
        {"week": w, **{i: series[i][k] for i in Instrument.values}, "mood": mood_series[k]}
        for k, w in reversed(list(enumerate(weeks)))
        if mood_series[k] is not None or any(series[i][k] is not None for i in Instrument.values)
    ]
    chart = {
        "weeks": [w.isoformat() for w in weeks],
        **series,
        "mood": mood_series,
        "labels": {i: SCALES[i].name for i in Instrument.values} | {"mood": _("Mood (weekly mean, 1–5)")},
        "score_axis": _("Score"),
        "mood_axis": _("Mood"),
    }
    return {"chart": chart, "rows": rows, "summary": summary(results)}


def summary(results: list[ScreenerResult]) -> str:
    """In words, for the chart's text alternative: each questionnaire's latest score and band, and the one before."""
    parts = []
    for instrument in Instrument.values:
        taken = [r for r in results if r.instrument == instrument]
        if not taken:
            continue
        latest = taken[0]
        words = {
            "name": SCALES[instrument].name,
            "score": latest.score,
            "band": band(instrument, latest.score).label.lower(),
            "date": date_format(latest.taken_on, "j M Y"),
        }
        text = _("%(name)s: %(score)s (%(band)s) on %(date)s") % words
        if len(taken) > 1:
            text += _(", after %(score)s before") % {"score": taken[1].score}
        parts.append(text + ".")
    count = len(results)
    parts.append(ngettext("%(count)s result in all.", "%(count)s results in all.", count) % {"count": count})
    return " ".join(parts)
