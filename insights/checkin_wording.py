"""The sentences of a check-in finding in the active language: insights.wording's twin for PHQ-9 and GAD-7.

insights.checkin_outcomes words its findings in English without Django; here
each sentence is one gettext message with named placeholders, worded from the
finding's fields. In English both come out the same
(tests/insights/test_checkin_wording.py checks it). "PHQ-9" and "GAD-7" are the
questionnaires' names and stay as they are in every language.
"""

from collections.abc import Callable

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, ngettext

from insights import wording
from insights.checkin_outcomes import (
    INSTRUMENT_NAMES,
    MIN_CHECKINS,
    MIN_RARER_SIDE_CHECKINS,
    MIN_WINDOW_VALUES,
    CheckinFinding,
)

DAILY_RATINGS: dict[str, str] = {
    "mood": gettext_noop("daily mood"),
    "anxiety": gettext_noop("daily anxiety"),
    "energy": gettext_noop("daily energy"),
}
MORE_OF: dict[str, str] = {
    **wording.MORE_OF,
    "mood": gettext_noop("Higher daily mood"),
    "anxiety": gettext_noop("Higher daily anxiety"),
    "energy": gettext_noop("Higher daily energy"),
}
# Lower scores mean fewer symptoms: every link sentence says which way that goes.
LINKS: dict[tuple[str, bool], str] = {
    ("phq9", True): gettext_noop("%(more)s is linked with higher PHQ-9 scores (more symptoms of low mood)."),
    ("phq9", False): gettext_noop("%(more)s is linked with lower PHQ-9 scores (fewer symptoms of low mood)."),
    ("gad7", True): gettext_noop("%(more)s is linked with higher GAD-7 scores (more symptoms of anxiety)."),
    ("gad7", False): gettext_noop("%(more)s is linked with lower GAD-7 scores (fewer symptoms of anxiety)."),
}
SPLIT = gettext_noop(
    "When %(split)s over the two weeks before a check-in, your %(instrument)s score averaged %(mean_high)s "
    "(%(checkins_high)s) against %(mean_low)s (%(checkins_low)s)."
)

_COUNTED: dict[str, Callable[[int], str]] = {
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
_RATED: dict[str, str] = {
    "fiber_g": gettext_noop("your fiber averaged %(threshold)s g or more"),
    "sleep_quality": gettext_noop("your sleep quality averaged %(threshold)s or higher"),
    "stress": gettext_noop("your stress averaged %(threshold)s or higher"),
    "bloating": gettext_noop("your bloating averaged %(threshold)s or more (0-3)"),
    "abdominal_pain": gettext_noop("your abdominal pain averaged %(threshold)s or more (0-3)"),
    "mood": gettext_noop("your daily mood averaged %(threshold)s or higher"),
    "anxiety": gettext_noop("your daily anxiety averaged %(threshold)s or higher"),
    "energy": gettext_noop("your daily energy averaged %(threshold)s or higher"),
}


def label(factor: str) -> str:
    return gettext(DAILY_RATINGS[factor]) if factor in DAILY_RATINGS else wording.label(factor)


def checkins(count: int) -> str:
    return ngettext("%(count)s check-in", "%(count)s check-ins", count) % {"count": number_format(count)}


def split_label(factor: str, threshold: float) -> str:
    """The high side of a split, as the middle of "When ... over the two weeks before a check-in"."""
    if factor == "antibiotics":
        return gettext("you took antibiotics on at least one day")
    args = {"threshold": wording.number(threshold)}
    if factor in _COUNTED:
        return _COUNTED[factor](1 if threshold == 1 else 2) % args
    return gettext(_RATED[factor]) % args


def summary(finding: CheckinFinding) -> str | None:
    """The finding's sentence, or None when it has none (only significant findings are worded)."""
    if finding.summary is None:
        return None
    link = gettext(LINKS[(finding.outcome, (finding.rho or 0) > 0)]) % {"more": gettext(MORE_OF[finding.factor])}
    if finding.high_mean is None or finding.low_mean is None or finding.threshold is None:
        return link
    split = gettext(SPLIT) % {
        "split": split_label(finding.factor, finding.threshold),
        "instrument": INSTRUMENT_NAMES[finding.outcome],
        "mean_high": wording.mean(finding.high_mean),
        "checkins_high": checkins(finding.high_n or 0),
        "mean_low": wording.mean(finding.low_mean),
        "checkins_low": checkins(finding.low_n or 0),
    }
    return f"{split} {link}"


def reason(finding: CheckinFinding) -> str | None:
    """Why the pair was not tested, or None when it was."""
    code = finding.reason_code
    if code is None:
        return None
    args = {
        "instrument": INSTRUMENT_NAMES[finding.outcome],
        "factor": label(finding.factor),
        "count": number_format(finding.n),
        "days": number_format(MIN_WINDOW_VALUES),
        "needed": number_format(MIN_CHECKINS),
    }
    if code == "too_few_checkins":
        return _too_few(finding.n) % args
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


def _too_few(n: int) -> str:
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
