"""What a guidance card suggests trying, per factor (a column of docs/formats.md, Daily columns).

Only factors listed here get a "Try it for yourself" link on their guidance cards.
"""

from django.utils.translation import gettext_lazy as _

from experiments.models import Experiment
from journal.columns import TITLES

SUGGESTED_CHANGES = {
    "fiber_g": _("25 g of fiber a day"),
    "probiotic_servings": _("one probiotic food a day"),
    "sleep_hours": _("in bed by 23:00"),
    "exercise_minutes": _("30 minutes of exercise a day"),
    "mindfulness_minutes": _("10 minutes of mindfulness a day"),
    "water_glasses": _("8 glasses of water a day"),
    "added_sugar_servings": _("no added sugar"),
    "ultra_processed_servings": _("no ultra-processed food"),
}

FACTOR_LABELS = {factor: _(TITLES[factor]) for factor in SUGGESTED_CHANGES}

# Guidance cards about the gut itself: an experiment started from one watches bloating.
GUT_CARD_FACTORS = ("gut_symptoms", "bloating", "abdominal_pain", "stool_type")


def has_suggestion(factor: str) -> bool:
    return factor in SUGGESTED_CHANGES


def default_outcome(card_factor: str) -> str:
    return Experiment.Outcome.BLOATING if card_factor in GUT_CARD_FACTORS else Experiment.Outcome.MOOD
