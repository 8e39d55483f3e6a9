"""Which guidance cards a person sees, and why (docs/statistics.md, Guidance rules).

Framework-light: it reads Guidance instances it is handed and the daily frame
of insights.analysis, and runs no query itself, so the page's query count does
not grow with the number of cards.

Choices made where the rules (docs/statistics.md, Guidance rules) leave room:
- "The last N logged days" are the N most recent rows with logged=True; the
  mean uses the values present among them (a blank is not a zero). No value
  in the window: the card is not shown.
- The mean is rounded to the figure the card quotes before it is compared, so
  a card never says "25.0 g" while claiming it is below 25. Below and above
  are strict: a mean equal to the threshold shows nothing.
- The doctor rule: moderate or worse bloating or abdominal pain (2 or more on
  the 0–3 scale) on at least 10 of the last 14 logged days, and the mean mood
  over those same 14 logged days at or below 2.5; or, at once, a red-flag
  symptom logged within the last 30 days up to `today`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insights.analysis import COLUMNS, DailyArrays
from insights.models import GUT_SYMPTOM_COLUMNS, Guidance

RED_FLAG_DAYS = 30
DOCTOR_WINDOW = 14
DOCTOR_SYMPTOM_DAYS = 10
DOCTOR_SYMPTOM_LEVEL = 2
DOCTOR_MOOD_AT_MOST = 2.5


@dataclass(frozen=True)
class GuidanceCard:
    slug: str
    title: str
    factor: str
    rule: str
    reason: str
    body_html: str
    source_citation: str
    source_url: str
    is_doctor: bool
    lead_html: str = ""  # body_html split at its first paragraph, for a folded card
    more_html: str = ""
    evidence_summary: str = ""  # "Based on a review of 10 trials.", in the editor's plain words


def select_cards(
    items: Sequence[Guidance],
    frame: pd.DataFrame | DailyArrays,
    findings: Sequence[Mapping],
    red_flag_dates: Sequence[date],
    *,
    today: date | None = None,
    columns: Sequence[str] = COLUMNS,
) -> list[GuidanceCard]:
    """The published items whose rule fires, doctor cards first, otherwise in the given order.

    `frame` is the daily frame, or the same days as arrays (daily_arrays) holding `columns` in order.
    `today` anchors the 30-day red-flag window; pass the person's local today.
    Without it the latest date in the frame or among the red flags is used.
    """
    logged = _LoggedDays.of_arrays(frame, columns) if isinstance(frame, DailyArrays) else _LoggedDays.of_frame(frame)
    anchor = today or _latest_date(logged.last_date, red_flag_dates)
    doctor_reason = _doctor_reason(logged, red_flag_dates, anchor)
    cards = []
    for item in items:
        if not item.published:
            continue
        reason = _reason(item, logged, findings, doctor_reason)
        if reason is not None:
            cards.append(_card(item, reason))
    return sorted(cards, key=lambda card: not card.is_doctor)


def to_contract(cards: Sequence[GuidanceCard]) -> list[dict[str, str]]:
    """The "guidance" entries of the insights JSON (docs/formats.md, Insights JSON)."""
    return [{"slug": c.slug, "title": str(c.title), "factor": c.factor, "reason": str(c.reason)} for c in cards]


def example_card(item: Guidance) -> GuidanceCard:
    """The card as the admin preview shows it, with the threshold standing in for a person's figure."""
    if item.is_mean_rule and item.threshold is not None:
        figure = float(item.threshold) if item.figure == Guidance.Figure.MEAN else 1
        reason = _("Example: %(sentence)s") % {"sentence": _figure_sentence(item, item.window, item.window, figure)}
    elif item.rule == Guidance.Rule.FINDING:
        reason = _("A pattern in your own data: (the finding's sentence appears here).")
    elif item.rule == Guidance.Rule.DOCTOR:
        reason = _("(Shown first when its rule fires, with the reason it fired.)")
    else:
        reason = ""
    return _card(item, reason)


class _LoggedDays:
    """The logged days as one NumPy matrix (rows: logged days, oldest first), read a column at a time:
    a pandas lookup costs about a millisecond, and a page asks for a dozen of them."""

    def __init__(self, rows: np.ndarray, columns: Sequence[str], last_date: date | None) -> None:
        self._rows = rows
        self._at = {column: i for i, column in enumerate(columns)}
        self.last_date = last_date

    @classmethod
    def of_frame(cls, frame: pd.DataFrame | None) -> "_LoggedDays":
        """The logged rows of a daily frame (insights.analysis.daily_frame); no "logged" column: no days."""
        if frame is None or "logged" not in frame:
            return cls(np.empty((0, 0)), (), None)
        mask = frame["logged"].fillna(False).to_numpy(dtype=bool)
        columns = [c for c in frame.columns if c != "logged"]
        rows = frame[columns].to_numpy(dtype=float, na_value=np.nan)[mask]
        last = pd.Timestamp(frame.index.max()).date() if len(frame.index) else None
        return cls(rows, columns, last)

    @classmethod
    def of_arrays(cls, journal: DailyArrays, columns: Sequence[str]) -> "_LoggedDays":
        """The same from the days as arrays: the logged rows of `journal.values`, whose columns are `columns`."""
        last = None
        if journal.start is not None and len(journal.logged):
            last = journal.start + timedelta(days=len(journal.logged) - 1)
        return cls(journal.values[journal.logged], columns, last)

    def last(self, column: str, days: int) -> np.ndarray | None:
        """The column over the last `days` logged days, blanks as NaN; None when the frame lacks the column."""
        at = self._at.get(column)
        if at is None:
            return None
        return self._rows[max(len(self._rows) - days, 0) :, at]


def _card(item: Guidance, reason: str) -> GuidanceCard:
    lead_html, more_html = item.body_parts()
    return GuidanceCard(
        slug=item.slug,
        title=item.title,
        factor=item.factor,
        rule=item.rule,
        reason=reason,
        body_html=item.body_html(),
        source_citation=item.source_citation,
        source_url=item.source_url,
        is_doctor=item.rule == Guidance.Rule.DOCTOR,
        lead_html=lead_html,
        more_html=more_html,
        evidence_summary=item.evidence_summary,
    )


def _reason(item: Guidance, logged: _LoggedDays, findings: Sequence[Mapping], doctor: str | None) -> str | None:
    """The sentence that explains the card, "" for a card with nothing to quote, None when it stays hidden."""
    rule = item.rule
    if rule == Guidance.Rule.DOCTOR:
        return doctor
    if rule == Guidance.Rule.FINDING:
        return _finding_reason(item, findings)
    if rule == Guidance.Rule.ALWAYS:
        return _mean_reason(item, logged) or ""
    return _mean_reason(item, logged, compare=True)


def _latest_date(last_day: date | None, red_flag_dates: Sequence[date]) -> date | None:
    candidates = list(red_flag_dates)
    if last_day is not None:
        candidates.append(last_day)
    return max(candidates, default=None)


def _mean_reason(item: Guidance, logged: _LoggedDays, compare: bool = False) -> str | None:
    recent = logged.last(item.factor, item.window)
    if recent is None:
        return None
    values = recent[~np.isnan(recent)]
    if not len(values):
        return None
    mean = float(values.mean())
    if item.figure == Guidance.Figure.DAYS:
        figure: float = int((values > 0).sum())
    else:
        mean = figure = round(mean, item.decimals)
    if compare and not _passes(item, mean):
        return None
    return _figure_sentence(item, len(recent), len(values), figure)


def _passes(item: Guidance, mean: float) -> bool:
    if item.threshold is None:
        return False
    threshold = float(item.threshold)
    return mean < threshold if item.rule == Guidance.Rule.MEAN_BELOW else mean > threshold


def _figure_sentence(item: Guidance, days: int, recorded: int, figure: float) -> str:
    label = item.figure_label or _("Your %(factor)s") % {"factor": str(item.get_factor_display()).lower()}
    if item.figure == Guidance.Figure.DAYS:
        value = ngettext("on %(count)d day", "on %(count)d days", int(figure)) % {"count": int(figure)}
    else:
        value = f"{figure:.{item.decimals}f} {item.unit}".strip()
    span = ngettext("over your last logged day", "over the last %(days)d logged days", days) % {"days": days}
    if recorded < days:
        span += " " + _("(recorded on %(recorded)d)") % {"recorded": recorded}
    sentence = f"{label} {span}: {value}"
    return f"{sentence}; {item.reference}" if item.reference else f"{sentence}."


def _finding_reason(item: Guidance, findings: Sequence[Mapping]) -> str | None:
    columns = GUT_SYMPTOM_COLUMNS if item.factor == Guidance.Factor.GUT_SYMPTOMS else (item.factor,)
    matching = [
        f for f in findings if f.get("significant") and (f.get("factor") in columns or f.get("outcome") in columns)
    ]
    if not matching:
        return None
    best = min(matching, key=lambda f: (f.get("q") is None, f.get("q") or 0.0))
    summary = best.get("summary") or _("%(factor)s and %(outcome)s move together.") % {
        "factor": best.get("factor"),
        "outcome": best.get("outcome"),
    }
    return _("A pattern in your own data: %(summary)s") % {"summary": summary}


def _doctor_reason(logged: _LoggedDays, red_flag_dates: Sequence[date], today: date | None) -> str | None:
    reasons = [r for r in (_red_flag_reason(red_flag_dates, today), _symptom_reason(logged)) if r]
    return " ".join(reasons) or None


def _red_flag_reason(red_flag_dates: Sequence[date], today: date | None) -> str | None:
    if today is None:
        return None
    since = today - timedelta(days=RED_FLAG_DAYS)
    recent = [d for d in red_flag_dates if since < d <= today]
    if not recent:
        return None
    return _("You logged a symptom that should be checked by a doctor soon, most recently on %(date)s.") % {
        "date": date_format(max(recent), "DATE_FORMAT")
    }


def _symptom_reason(logged: _LoggedDays) -> str | None:
    bloating = logged.last("bloating", DOCTOR_WINDOW)
    pain = logged.last("abdominal_pain", DOCTOR_WINDOW)
    mood = logged.last("mood", DOCTOR_WINDOW)
    if bloating is None or pain is None or mood is None or np.isnan(mood).all():
        return None
    with np.errstate(invalid="ignore"):
        symptom_days = int((np.fmax(bloating, pain) >= DOCTOR_SYMPTOM_LEVEL).sum())
    mean_mood = float(np.nanmean(mood))
    if symptom_days < DOCTOR_SYMPTOM_DAYS or mean_mood > DOCTOR_MOOD_AT_MOST:
        return None
    return _(
        "Moderate or worse bloating or abdominal pain on %(count)d of your last %(days)d logged days, "
        "with your mood averaging %(mood).1f out of 5."
    ) % {"count": symptom_days, "days": len(mood), "mood": mean_mood}
