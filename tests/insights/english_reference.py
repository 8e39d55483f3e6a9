"""The English sentences exactly as insights/analysis.py and insights/checkin_outcomes.py wrote them
before the statistics stopped writing words (issue 11): plain string joins, no gettext.

Kept as the oracle the English of insights.wording is held to (tests/insights/test_wording.py and
test_checkin_wording.py), so the JSON's "summary" and "reason" stay byte-identical. Do not "fix" a
sentence here without changing the product's wording on purpose.
"""

from insights.analysis import MIN_PAIRS, MIN_RARER_SIDE_DAYS, Finding
from insights.checkin_outcomes import (
    INSTRUMENT_NAMES,
    MIN_CHECKINS,
    MIN_RARER_SIDE_CHECKINS,
    MIN_WINDOW_VALUES,
    CheckinFinding,
)

LABELS: dict[str, str] = {
    "mood": "mood",
    "anxiety": "anxiety",
    "energy": "energy",
    "stress": "stress",
    "sleep_hours": "sleep",
    "sleep_quality": "sleep quality",
    "exercise_minutes": "exercise",
    "mindfulness_minutes": "mindfulness",
    "water_glasses": "water",
    "fiber_g": "fiber",
    "probiotic_servings": "probiotic foods",
    "added_sugar_servings": "added sugar",
    "ultra_processed_servings": "ultra-processed food",
    "bloating": "bloating",
    "abdominal_pain": "abdominal pain",
    "stool_type": "stool type",
    "antibiotics": "antibiotics",
}
MORE_OF: dict[str, str] = {
    "fiber_g": "More fiber",
    "probiotic_servings": "More probiotic food",
    "added_sugar_servings": "More added sugar",
    "ultra_processed_servings": "More ultra-processed food",
    "water_glasses": "More water",
    "sleep_hours": "Longer sleep",
    "sleep_quality": "Better sleep quality",
    "exercise_minutes": "More exercise",
    "mindfulness_minutes": "More mindfulness",
    "stress": "Higher stress",
    "antibiotics": "Taking antibiotics",
    "bloating": "More bloating",
    "abdominal_pain": "More abdominal pain",
}
SEVERITY = {1: "mild", 2: "moderate", 3: "severe"}
WHEN = {0: "the same day", 1: "the day after", 2: "two days after"}
LEAD = {0: "On days when you", 1: "On days after you", 2: "Two days after you"}


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


def split_label(factor: str, threshold: float) -> str:
    t = _number(threshold)
    plural = "" if threshold == 1 else "s"
    if factor in ("bloating", "abdominal_pain") and threshold in SEVERITY:
        return f"had {SEVERITY[int(threshold)]} {LABELS[factor]} or worse"
    phrases = {
        "fiber_g": f"ate {t} g of fiber or more",
        "probiotic_servings": f"had {t} serving{plural} of probiotic foods or more",
        "added_sugar_servings": f"had {t} serving{plural} of added sugar or more",
        "ultra_processed_servings": f"had {t} serving{plural} of ultra-processed food or more",
        "water_glasses": f"drank {t} glass{'' if threshold == 1 else 'es'} of water or more",
        "sleep_hours": f"slept {t} hour{plural} or more",
        "sleep_quality": f"rated your sleep quality {t} or higher",
        "exercise_minutes": f"exercised {t} minute{plural} or more",
        "mindfulness_minutes": f"did {t} minute{plural} of mindfulness or more",
        "stress": f"rated your stress {t} or higher",
        "antibiotics": "took antibiotics",
        "bloating": f"rated your bloating {t} or more (0-3)",
        "abdominal_pain": f"rated your abdominal pain {t} or more (0-3)",
    }
    return phrases[factor]


def summary(finding: Finding) -> str | None:
    if not finding.significant:
        return None
    direction = "higher" if (finding.rho or 0) > 0 else "lower"
    link = f"{MORE_OF[finding.factor]} is linked with {direction} {LABELS[finding.outcome]} {WHEN[finding.lag]}."
    if finding.high_mean is None or finding.low_mean is None or finding.threshold is None:
        return link
    split = (
        f"{LEAD[finding.lag]} {split_label(finding.factor, finding.threshold)}, your {LABELS[finding.outcome]} "
        f"averaged {finding.high_mean:.1f} ({_days(finding.high_n)}) against {finding.low_mean:.1f} "
        f"({_days(finding.low_n)})."
    )
    return f"{split} {link}"


def _days(count: int | None) -> str:
    return "1 day" if count == 1 else f"{count} days"


def reason(finding: Finding) -> str | None:
    factor, outcome, n = finding.factor, finding.outcome, finding.n
    code = finding.reason_code
    if code == "too_few_pairs":
        count = "No days pair" if n == 0 else ("Only 1 day pairs" if n == 1 else f"Only {n} days pair")
        return f"{count} {LABELS[factor]} with {LABELS[outcome]} {WHEN[finding.lag]}; at least {MIN_PAIRS} are needed."
    if code == "one_value":
        return (
            f"{LABELS[factor].capitalize()} stayed the same on all {n} of these days, so there is nothing to compare."
        )
    if code == "rare_binary":
        return (
            f"Days with and without {LABELS[factor]} need at least {MIN_RARER_SIDE_DAYS} each; "
            f"the rarer side has {finding.rarer_side}."
        )
    if code == "constant_outcome":
        return (
            f"{LABELS[outcome].capitalize()} stayed the same on all {n} of these days, so there is nothing to compare."
        )
    return None


# --- check-in findings -------------------------------------------------------------

SYMPTOMS: dict[str, str] = {"phq9": "low mood", "gad7": "anxiety"}
CHECKIN_LABELS: dict[str, str] = {**LABELS, "mood": "daily mood", "anxiety": "daily anxiety", "energy": "daily energy"}
CHECKIN_MORE_OF: dict[str, str] = {
    **MORE_OF,
    "mood": "Higher daily mood",
    "anxiety": "Higher daily anxiety",
    "energy": "Higher daily energy",
}


def checkin_split_label(factor: str, threshold: float) -> str:
    t = _number(threshold)
    plural = "" if threshold == 1 else "s"
    phrases = {
        "fiber_g": f"your fiber averaged {t} g or more",
        "probiotic_servings": f"your probiotic foods averaged {t} serving{plural} or more",
        "added_sugar_servings": f"your added sugar averaged {t} serving{plural} or more",
        "ultra_processed_servings": f"your ultra-processed food averaged {t} serving{plural} or more",
        "water_glasses": f"your water averaged {t} glass{'' if threshold == 1 else 'es'} or more",
        "sleep_hours": f"your sleep averaged {t} hour{plural} or more",
        "exercise_minutes": f"your exercise averaged {t} minute{plural} or more",
        "mindfulness_minutes": f"your mindfulness averaged {t} minute{plural} or more",
        "antibiotics": "you took antibiotics on at least one day",
        "bloating": f"your bloating averaged {t} or more (0-3)",
        "abdominal_pain": f"your abdominal pain averaged {t} or more (0-3)",
    }
    return phrases.get(factor, f"your {CHECKIN_LABELS[factor]} averaged {t} or higher")


def checkin_summary(finding: CheckinFinding) -> str | None:
    if not finding.significant:
        return None
    name = INSTRUMENT_NAMES[finding.outcome]
    higher = (finding.rho or 0) > 0
    link = (
        f"{CHECKIN_MORE_OF[finding.factor]} is linked with {'higher' if higher else 'lower'} {name} scores "
        f"({'more' if higher else 'fewer'} symptoms of {SYMPTOMS[finding.outcome]})."
    )
    if finding.high_mean is None or finding.low_mean is None or finding.threshold is None:
        return link
    split = (
        f"When {checkin_split_label(finding.factor, finding.threshold)} over the two weeks before a check-in, "
        f"your {name} score averaged {finding.high_mean:.1f} ({_checkins(finding.high_n)}) against "
        f"{finding.low_mean:.1f} ({_checkins(finding.low_n)})."
    )
    return f"{split} {link}"


def _checkins(count: int | None) -> str:
    return "1 check-in" if count == 1 else f"{count} check-ins"


def checkin_reason(finding: CheckinFinding) -> str | None:
    name, factor, n = INSTRUMENT_NAMES[finding.outcome], CHECKIN_LABELS[finding.factor], finding.n
    code = finding.reason_code
    if code == "too_few_checkins":
        window = f"at least {MIN_WINDOW_VALUES} logged days of {factor} in the two weeks before"
        if n == 0:
            return f"No {name} check-in has {window} it; at least {MIN_CHECKINS} are needed."
        verb, it = ("has", "it") if n == 1 else ("have", "them")
        return (
            f"Only {n} {name} check-in{'' if n == 1 else 's'} {verb} {window} {it}; at least {MIN_CHECKINS} are needed."
        )
    if code == "one_value":
        return (
            f"Your {factor} averaged the same in the two weeks before all {n} check-ins, "
            "so there is nothing to compare."
        )
    if code == "rare_binary":
        return (
            f"Check-ins with and without {factor} in the two weeks before need at least "
            f"{MIN_RARER_SIDE_CHECKINS} each; the rarer side has {finding.rarer_side}."
        )
    if code == "constant_outcome":
        return f"Your {name} score was the same at all {n} of these check-ins, so there is nothing to compare."
    return None
