"""The sentences of a finding in the active language.

insights.analysis stays free of Django, so it words its findings in English by
joining strings. The web layer words them again here, from the finding's
structured fields, through gettext: every sentence is one message with named
placeholders (so a translator can move the parts around), and numbers follow
the active locale's decimal separator. In English the sentences come out
exactly as analysis.py writes them (tests/insights/test_wording.py checks it).
"""

from collections.abc import Callable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy

from insights.analysis import MIN_PAIRS, MIN_RARER_SIDE_DAYS, SEVERITY, Finding

LABELS: dict[str, str] = {
    "mood": gettext_noop("mood"),
    "anxiety": gettext_noop("anxiety"),
    "energy": gettext_noop("energy"),
    "stress": gettext_noop("stress"),
    "sleep_hours": gettext_noop("sleep"),
    "sleep_quality": gettext_noop("sleep quality"),
    "exercise_minutes": gettext_noop("exercise"),
    "mindfulness_minutes": gettext_noop("mindfulness"),
    "water_glasses": gettext_noop("water"),
    "fiber_g": gettext_noop("fiber"),
    "probiotic_servings": gettext_noop("probiotic foods"),
    "added_sugar_servings": gettext_noop("added sugar"),
    "ultra_processed_servings": gettext_noop("ultra-processed food"),
    "bloating": gettext_noop("bloating"),
    "abdominal_pain": gettext_noop("abdominal pain"),
    "stool_type": gettext_noop("stool type"),
    "antibiotics": gettext_noop("antibiotics"),
}

# "More of the factor" at the start of a sentence.
MORE_OF: dict[str, str] = {
    "fiber_g": gettext_noop("More fiber"),
    "probiotic_servings": gettext_noop("More probiotic food"),
    "added_sugar_servings": gettext_noop("More added sugar"),
    "ultra_processed_servings": gettext_noop("More ultra-processed food"),
    "water_glasses": gettext_noop("More water"),
    "sleep_hours": gettext_noop("Longer sleep"),
    "sleep_quality": gettext_noop("Better sleep quality"),
    "exercise_minutes": gettext_noop("More exercise"),
    "mindfulness_minutes": gettext_noop("More mindfulness"),
    "stress": gettext_noop("Higher stress"),
    "antibiotics": gettext_noop("Taking antibiotics"),
    "bloating": gettext_noop("More bloating"),
    "abdominal_pain": gettext_noop("More abdominal pain"),
}

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


def label(column: str) -> str:
    return gettext(LABELS[column]) if column in LABELS else column.replace("_", " ")


def number(value: float | int) -> str:
    """A threshold as analysis.py writes it (one decimal at most, no trailing zero), in the locale's format."""
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
    if factor in ("bloating", "abdominal_pain") and threshold in SEVERITY:
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
    """The finding's sentence, or None when it has none (analysis.py words significant findings only)."""
    if finding.summary is None:
        return None
    link = gettext(LINKS[(finding.lag, (finding.rho or 0) > 0)]) % {
        "more": gettext(MORE_OF[finding.factor]),
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
    code = finding.reason_code
    if code is None:
        return None
    if code == "too_few_pairs":
        return _too_few_pairs(finding)
    if code == "rare_binary":
        return gettext(
            "Days with and without %(factor)s need at least %(needed)s each; the rarer side has %(count)s."
        ) % {
            "factor": label(finding.factor),
            "needed": number_format(MIN_RARER_SIDE_DAYS),
            "count": number_format(finding.rarer_side or 0),
        }
    column = finding.factor if code == "one_value" else finding.outcome
    return ngettext(
        "%(column)s stayed the same on the %(count)s day, so there is nothing to compare.",
        "%(column)s stayed the same on all %(count)s of these days, so there is nothing to compare.",
        finding.n,
    ) % {"column": capfirst(label(column)), "count": number_format(finding.n)}


def _too_few_pairs(finding: Finding) -> str:
    args = {
        "factor": label(finding.factor),
        "outcome": label(finding.outcome),
        "when": str(WHEN[finding.lag]),
        "count": number_format(finding.n),
        "needed": number_format(MIN_PAIRS),
    }
    if finding.n == 0:
        return gettext("No days pair %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.") % args
    return (
        ngettext(
            "Only %(count)s day pairs %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.",
            "Only %(count)s days pair %(factor)s with %(outcome)s %(when)s; at least %(needed)s are needed.",
            finding.n,
        )
        % args
    )
