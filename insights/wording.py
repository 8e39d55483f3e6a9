"""Every word a person reads about their insights, in the active language: the one place for them.

The statistics (insights.analysis, insights.checkin_outcomes) return numbers and
codes; this module turns them into sentences through gettext. Every sentence is
one message with named placeholders (so a translator can move the parts around),
and numbers follow the active locale's decimal separator. The column words come
from journal.columns. In English the sentences are exactly those the statistics
used to write (tests/insights/english_reference.py holds them), so the JSON's
"summary" and "reason" strings did not change.

Sections: the daily findings, the check-in findings (PHQ-9, GAD-7), the contract
(filling the words of the JSON), and the words of the page around them.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy

from insights.analysis import MIN_PAIRS, MIN_RARER_SIDE_DAYS, TRACKER_KINDS, Finding
from insights.checkin_outcomes import (
    INSTRUMENT_NAMES,
    MIN_CHECKINS,
    MIN_RARER_SIDE_CHECKINS,
    MIN_WINDOW_VALUES,
    CheckinFinding,
)
from journal.columns import LABELS, LAG_TAGS, LAG_WORDS, MORE_OF, SYMPTOM_COLUMNS, UNITS

# --- column and lag words ------------------------------------------------------------


def label(column: str) -> str:
    """A column inside a sentence ("your sleep"); a tracker by its name ("tag:bad-sleep" -> "bad sleep");
    an unknown name reads as itself."""
    if column in LABELS:
        return gettext(LABELS[column])
    tracker = tracker_kind(column)
    if tracker is not None:
        return column.partition(":")[2].replace("-", " ")
    return column.replace("_", " ")


def tracker_kind(column: str) -> str | None:
    """ "tag", "rating" or "number" for a tracker's column ("tag:coffee"), else None."""
    kind, sep, _slug = column.partition(":")
    return kind if sep and kind in TRACKER_KINDS else None


TRACKER_UNITS = {
    "tag": gettext_noop("share of days"),
    "rating": gettext_noop("0–3"),
    "number": gettext_noop("amount"),
}


def unit(column: str) -> str:
    kind = tracker_kind(column)
    return gettext(TRACKER_UNITS[kind]) if kind is not None else gettext(UNITS[column])


def more_of(factor: str) -> str:
    """The start of a link sentence: "More fiber", "Logging coffee", "More nausea"."""
    kind = tracker_kind(factor)
    if kind == "tag":
        return gettext("Logging %(name)s") % {"name": label(factor)}
    if kind is not None:
        return gettext("More %(name)s") % {"name": label(factor)}
    return gettext(MORE_OF[factor])


def lag_words(lag: int) -> str:
    """A lag in a list of links: "on the same day", "the day after", "two days after"."""
    return gettext(LAG_WORDS[lag])


def lag_tag(lag: int) -> str:
    """A lag in the command's readable report, with its number: "the day after (lag 1)"."""
    return gettext(LAG_TAGS[lag])


# --- daily findings ---------------------------------------------------------------------

# The link sentence, one message per lag and direction.
LINKS: dict[tuple[int, bool], str] = {
    (0, True): gettext_noop("%(more)s is linked with higher %(outcome)s the same day."),
    (0, False): gettext_noop("%(more)s is linked with lower %(outcome)s the same day."),
    (1, True): gettext_noop("%(more)s is linked with higher %(outcome)s the day after."),
    (1, False): gettext_noop("%(more)s is linked with lower %(outcome)s the day after."),
    (2, True): gettext_noop("%(more)s is linked with higher %(outcome)s two days after."),
    (2, False): gettext_noop("%(more)s is linked with lower %(outcome)s two days after."),
}

# The split sentence, one message per lag; %(split)s is a split label below.
SPLITS: dict[int, str] = {
    0: gettext_noop(
        "On days when you %(split)s, your %(outcome)s averaged %(mean_high)s (%(days_high)s) "
        "against %(mean_low)s (%(days_low)s)."
    ),
    1: gettext_noop(
        "On days after you %(split)s, your %(outcome)s averaged %(mean_high)s (%(days_high)s) "
        "against %(mean_low)s (%(days_low)s)."
    ),
    2: gettext_noop(
        "Two days after you %(split)s, your %(outcome)s averaged %(mean_high)s (%(days_high)s) "
        "against %(mean_low)s (%(days_low)s)."
    ),
}

# "the same day" as the end of a not-enough-data sentence.
WHEN = {
    0: pgettext_lazy("after a factor", "the same day"),
    1: pgettext_lazy("after a factor", "the day after"),
    2: pgettext_lazy("after a factor", "two days after"),
}
SEVERITY_WORDS = {
    1: pgettext_lazy("symptom severity", "mild"),
    2: pgettext_lazy("symptom severity", "moderate"),
    3: pgettext_lazy("symptom severity", "severe"),
}


def number(value: float | int) -> str:
    """A threshold: one decimal at most, no trailing zero, in the locale's format."""
    return number_format(Decimal(f"{round(value, 1):g}"))


def mean(value: float) -> str:
    """A mean with one decimal; rounded here because number_format cuts digits off rather than rounding."""
    return number_format(Decimal(f"{value:.1f}"), decimal_pos=1)


def days(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": number_format(count)}


def _plural_count(threshold: float) -> int:
    """The count that picks a plural form: the threshold itself when whole, else a plural."""
    return int(threshold) if float(threshold).is_integer() else 2


def split_label(factor: str, threshold: float) -> str:
    """The high side of a split, as the end of "On days when you ..."."""
    kind = tracker_kind(factor)
    if kind is not None:
        return _tracker_split_label(factor, kind, threshold)
    if factor in SYMPTOM_COLUMNS and threshold in SEVERITY_WORDS:
        return _severity_label(factor, int(threshold))
    args = {"threshold": number(threshold)}
    count = _plural_count(threshold)
    if factor == "fiber_g":
        return gettext("ate %(threshold)s g of fiber or more") % args
    if factor == "antibiotics":
        return gettext("took antibiotics")
    if factor in _COUNTED:
        return _COUNTED[factor](count) % args
    return gettext(_RATED[factor]) % args


def _tracker_split_label(factor: str, kind: str, threshold: float) -> str:
    """ "logged coffee", "had moderate nausea or worse", "logged 5000 or more of steps"."""
    if kind == "tag":
        return gettext("logged %(name)s") % {"name": label(factor)}
    if kind == "rating" and threshold in SEVERITY_WORDS:
        return _severity_label(factor, int(threshold))
    return gettext("logged %(threshold)s or more of %(name)s") % {"threshold": number(threshold), "name": label(factor)}


def _severity_label(factor: str, severity: int) -> str:
    word = str(SEVERITY_WORDS[severity])
    return gettext("had %(severity)s %(symptom)s or worse") % {"severity": word, "symptom": label(factor)}


_COUNTED: dict[str, Callable[[int], str]] = {
    "probiotic_servings": lambda n: ngettext(
        "had %(threshold)s serving of probiotic foods or more",
        "had %(threshold)s servings of probiotic foods or more",
        n,
    ),
    "added_sugar_servings": lambda n: ngettext(
        "had %(threshold)s serving of added sugar or more", "had %(threshold)s servings of added sugar or more", n
    ),
    "ultra_processed_servings": lambda n: ngettext(
        "had %(threshold)s serving of ultra-processed food or more",
        "had %(threshold)s servings of ultra-processed food or more",
        n,
    ),
    "water_glasses": lambda n: ngettext(
        "drank %(threshold)s glass of water or more", "drank %(threshold)s glasses of water or more", n
    ),
    "sleep_hours": lambda n: ngettext("slept %(threshold)s hour or more", "slept %(threshold)s hours or more", n),
    "exercise_minutes": lambda n: ngettext(
        "exercised %(threshold)s minute or more", "exercised %(threshold)s minutes or more", n
    ),
    "mindfulness_minutes": lambda n: ngettext(
        "did %(threshold)s minute of mindfulness or more", "did %(threshold)s minutes of mindfulness or more", n
    ),
}
_RATED: dict[str, str] = {
    "sleep_quality": gettext_noop("rated your sleep quality %(threshold)s or higher"),
    "stress": gettext_noop("rated your stress %(threshold)s or higher"),
    "bloating": gettext_noop("rated your bloating %(threshold)s or more (0-3)"),
    "abdominal_pain": gettext_noop("rated your abdominal pain %(threshold)s or more (0-3)"),
}


def summary(finding: Finding) -> str | None:
    """The finding's sentence, or None when it has none (only clear links are worded)."""
    if not finding.significant:
        return None
    link = gettext(LINKS[(finding.lag, (finding.rho or 0) > 0)]) % {
        "more": more_of(finding.factor),
        "outcome": label(finding.outcome),
    }
    if finding.high_mean is None or finding.low_mean is None or finding.threshold is None:
        return link
    split = gettext(SPLITS[finding.lag]) % {
        "split": split_label(finding.factor, finding.threshold),
        "outcome": label(finding.outcome),
        "mean_high": mean(finding.high_mean),
        "days_high": days(finding.high_n or 0),
        "mean_low": mean(finding.low_mean),
        "days_low": days(finding.low_n or 0),
    }
    return f"{split} {link}"


def reason(finding: Finding) -> str | None:
    """Why the pair was not tested, or None when it was."""
    return reasons()(finding)


def reasons() -> Callable[[Finding], str | None]:
    """reason, with each count and column word formatted once for a whole list: a page or a JSON lists
    hundreds of pairs, and a locale-aware number costs more than the sentence around it."""
    numbers: dict[int, str] = {}
    labels: dict[str, str] = {}
    messages: dict[tuple[str, int], str] = {}  # per code and count: the (plural) message, translated once
    when = {lag: str(words) for lag, words in WHEN.items()}

    def message(code: str, n: int) -> str:
        text = messages.get((code, n))
        if text is None:
            text = messages[(code, n)] = _reason_message(code, n)
        return text

    def count(value: int) -> str:
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = number_format(value)
        return text

    def word(column: str) -> str:
        text = labels.get(column)
        if text is None:
            text = labels[column] = label(column)
        return text

    def worded(finding: Finding) -> str | None:
        code = finding.reason_code
        if code is None:
            return None
        if code == "too_few_pairs":
            return message(code, finding.n) % {
                "factor": word(finding.factor),
                "outcome": word(finding.outcome),
                "when": when[finding.lag],
                "count": count(finding.n),
                "needed": count(MIN_PAIRS),
            }
        if code == "rare_binary":
            return message(code, 0) % {
                "factor": word(finding.factor),
                "needed": count(MIN_RARER_SIDE_DAYS),
                "count": count(finding.rarer_side or 0),
            }
        column = finding.factor if code == "one_value" else finding.outcome
        return message("same_value", finding.n) % {"column": capfirst(word(column)), "count": count(finding.n)}

    return worded


def _reason_message(code: str, n: int) -> str:
    """The message of a reason code for a pair count of n, translated (placeholders left in)."""
    if code == "too_few_pairs" and n == 0:
        return gettext("No days pair %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.")
    if code == "too_few_pairs":
        return ngettext(
            "Only %(count)s day pairs %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.",
            "Only %(count)s days pair %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.",
            n,
        )
    if code == "rare_binary":
        return gettext("Days with and without %(factor)s need at least %(needed)s each; the rarer side has %(count)s.")
    return ngettext(
        "%(column)s stayed the same on the %(count)s day, so there is nothing to compare.",
        "%(column)s stayed the same on all %(count)s of these days, so there is nothing to compare.",
        n,
    )


# --- check-in findings (PHQ-9, GAD-7) ----------------------------------------------------

DAILY_RATINGS: dict[str, str] = {
    "mood": gettext_noop("daily mood"),
    "anxiety": gettext_noop("daily anxiety"),
    "energy": gettext_noop("daily energy"),
}
CHECKIN_MORE_OF: dict[str, str] = {
    **MORE_OF,
    "mood": gettext_noop("Higher daily mood"),
    "anxiety": gettext_noop("Higher daily anxiety"),
    "energy": gettext_noop("Higher daily energy"),
}
# Lower scores mean fewer symptoms: every link sentence says which way that goes.
CHECKIN_LINKS: dict[tuple[str, bool], str] = {
    ("phq9", True): gettext_noop("%(more)s is linked with higher PHQ-9 scores (more symptoms of low mood)."),
    ("phq9", False): gettext_noop("%(more)s is linked with lower PHQ-9 scores (fewer symptoms of low mood)."),
    ("gad7", True): gettext_noop("%(more)s is linked with higher GAD-7 scores (more symptoms of anxiety)."),
    ("gad7", False): gettext_noop("%(more)s is linked with lower GAD-7 scores (fewer symptoms of anxiety)."),
}
CHECKIN_SPLIT = gettext_noop(
    "When %(split)s over the two weeks before a check-in, your %(instrument)s score averaged %(mean_high)s "
    "(%(checkins_high)s) against %(mean_low)s (%(checkins_low)s)."
)

_CHECKIN_COUNTED: dict[str, Callable[[int], str]] = {
    "probiotic_servings": lambda n: ngettext(
        "your probiotic foods averaged %(threshold)s serving or more",
        "your probiotic foods averaged %(threshold)s servings or more",
        n,
    ),
    "added_sugar_servings": lambda n: ngettext(
        "your added sugar averaged %(threshold)s serving or more",
        "your added sugar averaged %(threshold)s servings or more",
        n,
    ),
    "ultra_processed_servings": lambda n: ngettext(
        "your ultra-processed food averaged %(threshold)s serving or more",
        "your ultra-processed food averaged %(threshold)s servings or more",
        n,
    ),
    "water_glasses": lambda n: ngettext(
        "your water averaged %(threshold)s glass or more", "your water averaged %(threshold)s glasses or more", n
    ),
    "sleep_hours": lambda n: ngettext(
        "your sleep averaged %(threshold)s hour or more", "your sleep averaged %(threshold)s hours or more", n
    ),
    "exercise_minutes": lambda n: ngettext(
        "your exercise averaged %(threshold)s minute or more", "your exercise averaged %(threshold)s minutes or more", n
    ),
    "mindfulness_minutes": lambda n: ngettext(
        "your mindfulness averaged %(threshold)s minute or more",
        "your mindfulness averaged %(threshold)s minutes or more",
        n,
    ),
}
_CHECKIN_RATED: dict[str, str] = {
    "fiber_g": gettext_noop("your fiber averaged %(threshold)s g or more"),
    "sleep_quality": gettext_noop("your sleep quality averaged %(threshold)s or higher"),
    "stress": gettext_noop("your stress averaged %(threshold)s or higher"),
    "bloating": gettext_noop("your bloating averaged %(threshold)s or more (0-3)"),
    "abdominal_pain": gettext_noop("your abdominal pain averaged %(threshold)s or more (0-3)"),
    "mood": gettext_noop("your daily mood averaged %(threshold)s or higher"),
    "anxiety": gettext_noop("your daily anxiety averaged %(threshold)s or higher"),
    "energy": gettext_noop("your daily energy averaged %(threshold)s or higher"),
}


def checkin_label(factor: str) -> str:
    """A check-in factor inside a sentence: the daily ratings read as daily."""
    return gettext(DAILY_RATINGS[factor]) if factor in DAILY_RATINGS else label(factor)


def checkins(count: int) -> str:
    return ngettext("%(count)s check-in", "%(count)s check-ins", count) % {"count": number_format(count)}


def checkin_split_label(factor: str, threshold: float) -> str:
    """The high side of a check-in split, as the middle of "When ... over the two weeks before a check-in"."""
    if factor == "antibiotics":
        return gettext("you took antibiotics on at least one day")
    args = {"threshold": number(threshold)}
    if factor in _CHECKIN_COUNTED:
        return _CHECKIN_COUNTED[factor](1 if threshold == 1 else 2) % args
    return gettext(_CHECKIN_RATED[factor]) % args


def checkin_summary(finding: CheckinFinding) -> str | None:
    """The check-in finding's sentence, or None when it has none (only clear links are worded)."""
    if not finding.significant:
        return None
    link = gettext(CHECKIN_LINKS[(finding.outcome, (finding.rho or 0) > 0)]) % {
        "more": gettext(CHECKIN_MORE_OF[finding.factor])
    }
    if finding.high_mean is None or finding.low_mean is None or finding.threshold is None:
        return link
    split = gettext(CHECKIN_SPLIT) % {
        "split": checkin_split_label(finding.factor, finding.threshold),
        "instrument": INSTRUMENT_NAMES[finding.outcome],
        "mean_high": mean(finding.high_mean),
        "checkins_high": checkins(finding.high_n or 0),
        "mean_low": mean(finding.low_mean),
        "checkins_low": checkins(finding.low_n or 0),
    }
    return f"{split} {link}"


def checkin_reason(finding: CheckinFinding) -> str | None:
    """Why the check-in pair was not tested, or None when it was."""
    code = finding.reason_code
    if code is None:
        return None
    args = {
        "instrument": INSTRUMENT_NAMES[finding.outcome],
        "factor": checkin_label(finding.factor),
        "count": number_format(finding.n),
        "days": number_format(MIN_WINDOW_VALUES),
        "needed": number_format(MIN_CHECKINS),
    }
    if code == "too_few_checkins":
        return _too_few_checkins(finding.n) % args
    if code == "one_value":
        return (
            ngettext(
                "Your %(factor)s averaged the same in the two weeks before the %(count)s check-in, "
                "so there is nothing to compare.",
                "Your %(factor)s averaged the same in the two weeks before all %(count)s check-ins, "
                "so there is nothing to compare.",
                finding.n,
            )
            % args
        )
    if code == "rare_binary":
        return gettext(
            "Check-ins with and without %(factor)s in the two weeks before need at least %(needed)s each; "
            "the rarer side has %(count)s."
        ) % {**args, "needed": number_format(MIN_RARER_SIDE_CHECKINS), "count": number_format(finding.rarer_side or 0)}
    return (
        ngettext(
            "Your %(instrument)s score was the same at the %(count)s check-in, so there is nothing to compare.",
            "Your %(instrument)s score was the same at all %(count)s of these check-ins, "
            "so there is nothing to compare.",
            finding.n,
        )
        % args
    )


def _too_few_checkins(n: int) -> str:
    if n == 0:
        return gettext(
            "No %(instrument)s check-in has at least %(days)s logged days of %(factor)s in the two weeks before it; "
            "at least %(needed)s are needed."
        )
    return ngettext(
        "Only %(count)s %(instrument)s check-in has at least %(days)s logged days of %(factor)s in the two weeks "
        "before it; at least %(needed)s are needed.",
        "Only %(count)s %(instrument)s check-ins have at least %(days)s logged days of %(factor)s in the two weeks "
        "before them; at least %(needed)s are needed.",
        n,
    )


# --- the contract: the words of the JSON --------------------------------------------------


def worded_findings(items: list[dict[str, Any]], findings: list[Finding]) -> list[dict[str, Any]]:
    """The contract's findings (Finding.to_dict) with "summary", "reason" and the split's "label" worded."""
    why = reasons()
    return [
        _worded(item, summary(f), why(f), split_label(f.factor, f.threshold) if f.threshold is not None else None)
        for item, f in zip(items, findings, strict=True)
    ]


def worded_checkin_findings(items: list[dict[str, Any]], findings: list[CheckinFinding]) -> list[dict[str, Any]]:
    """The same for the check-in findings (CheckinFinding.to_dict)."""
    return [
        _worded(
            item,
            checkin_summary(f),
            checkin_reason(f),
            checkin_split_label(f.factor, f.threshold) if f.threshold is not None else None,
        )
        for item, f in zip(items, findings, strict=True)
    ]


def _worded(item: dict[str, Any], sentence: str | None, why: str | None, high_side: str | None) -> dict[str, Any]:
    """A copy with the words in their places (the keys keep their order, so the JSON's bytes do not move)."""
    worded = {**item, "summary": sentence, "reason": why}
    if item["split"] is not None:
        worded["split"] = {**item["split"], "label": high_side}
    return worded


# --- the words of the page ----------------------------------------------------------------


def range_label(weeks: int | None) -> str:
    return gettext("All") if weeks is None else gettext("%(weeks)s weeks") % {"weeks": weeks}


def interval(rho: str, low: str, high: str) -> str:
    """A correlation and its 95% interval, each already formatted."""
    return intervals()(rho, low, high)


def intervals() -> Callable[[str, str, str], str]:
    """interval with its message translated once: a page lists hundreds of pairs."""
    message = gettext("%(rho)s (%(low)s to %(high)s)")

    def worded(rho: str, low: str, high: str) -> str:
        return message % {"rho": rho, "low": low, "high": high}

    return worded


def not_enough_data() -> str:
    return gettext("not enough data")


def pair_title(factor_label: str, outcome_label: str, lag_words: str | None = None) -> str:
    """A pair's name in lists: "Sleep and energy", never an arrow that reads as cause."""
    return pair_titles()(factor_label, outcome_label, lag_words)


def pair_titles() -> Callable[..., str]:
    """pair_title with its two messages translated once: a page lists hundreds of pairs."""
    plain, lagged = gettext("%(factor)s and %(outcome)s"), gettext("%(factor)s and %(outcome)s, %(lag)s")
    capitals: dict[str, str] = {}

    def title(factor_label: str, outcome_label: str, lag_words: str | None = None) -> str:
        factor = capitals.get(factor_label)
        if factor is None:
            factor = capitals[factor_label] = capfirst(factor_label)
        words = {"factor": factor, "outcome": outcome_label, "lag": lag_words}
        return (plain if lag_words is None else lagged) % words

    return title


def partial_week_days(days: int) -> str:
    """A partial week's "Days" cell in the weekly tables."""
    return gettext("%(days)d (partial week)") % {"days": days}


def partial_weeks_note(full_week_days: int) -> str:
    """The charts' key to a partial week, under the trends heading."""
    return gettext(
        "Hollow points on a dotted line are partial weeks, with fewer than %(days)d days logged: "
        "their averages rest on a few days and can swing."
    ) % {"days": full_week_days}


def weekly_means_summary(weeks: int, means: dict[str, float | None]) -> str:
    """One sentence for screen readers: each line's mean over the weeks shown (None: not logged)."""
    return weekly_means_summaries()(weeks, means)


def weekly_means_summaries(
    known: Mapping[str, tuple[str, str]] | None = None,
) -> Callable[[int, dict[str, float | None]], str]:
    """weekly_means_summary with its messages and each column's words translated once: a page words a
    sentence per chart and range. `known` gives columns' (label, unit) the caller has translated already."""
    sentence = gettext("Weekly means over the last %(weeks)d weeks: %(parts)s.")
    not_logged = gettext("%(label)s not logged")
    on_scale = gettext("%(label)s averaged %(mean).1f on the %(unit)s scale")
    amount = gettext("%(label)s averaged %(mean).1f %(unit)s")
    columns: dict[str, tuple[str, str, str]] = {}  # column -> (label, its capitalised form, unit)

    def words(column: str) -> tuple[str, str, str]:
        found = columns.get(column)
        if found is None:
            name, scale = known[column] if known and column in known else (label(column), unit(column))
            found = columns[column] = (name, name.capitalize(), scale)
        return found

    parts: dict[tuple[str, float | None], str] = {}  # mood's mean is worded on every chart: once per range

    def part(column: str, value: float | None) -> str:
        found = parts.get((column, value))
        if found is not None:
            return found
        name, capitalised, scale = words(column)
        if value is None:
            worded = not_logged % {"label": name}
        else:
            message = on_scale if "–" in scale else amount  # a rating scale, not an amount
            worded = message % {"label": capitalised, "mean": value, "unit": scale}
        parts[(column, value)] = worded
        return worded

    def summary(weeks: int, means: dict[str, float | None]) -> str:
        return sentence % {"weeks": weeks, "parts": "; ".join([part(column, value) for column, value in means.items()])}

    return summary
