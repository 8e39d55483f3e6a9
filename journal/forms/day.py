"""The day's own fields: sleep, exercise, stress, water, gut symptoms, notes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    NOTES_MAX_LENGTH,
    RANGES,
    RED_FLAG_FIELDS,
    SLEEP_QUALITY_LABELS,
    STOOL_TYPES,
    STRESS_LABELS,
    SYMPTOM_LEVELS,
)
from journal.forms.base import StyledForm, TriStateField, ranged_number, scale, text_field


class DayForm(StyledForm):
    """The day-level columns of docs/formats.md, Daily columns,, named as there, plus the red flags."""

    stress = scale(_("Stress"), STRESS_LABELS)
    sleep_hours = ranged_number(RANGES["sleep_hours"], _("Sleep last night (h)"))
    sleep_quality = scale(_("Sleep quality"), SLEEP_QUALITY_LABELS)
    exercise_minutes = ranged_number(RANGES["exercise_minutes"], _("Exercise (min)"))
    mindfulness_minutes = ranged_number(
        RANGES["mindfulness_minutes"],
        _("Mindfulness (min)"),
        _("Meditation, yoga, breathing exercises."),
    )
    water_glasses = ranged_number(RANGES["water_glasses"], _("Water (glasses)"))
    bloating = scale(_("Bloating"), SYMPTOM_LEVELS)
    abdominal_pain = scale(_("Abdominal pain"), SYMPTOM_LEVELS)
    stool_type = scale(_("Stool type (Bristol scale)"), STOOL_TYPES)
    blood_in_stool = forms.BooleanField(label=_("Blood in stool"), required=False)
    black_stool = forms.BooleanField(label=_("Black, tarry stool"), required=False)
    unintended_weight_loss = forms.BooleanField(label=_("Unintended weight loss"), required=False)
    severe_pain = forms.BooleanField(label=_("Severe abdominal pain"), required=False)
    antibiotics = TriStateField(label=_("Antibiotics taken"))
    probiotic_supplement = TriStateField(label=_("Probiotic supplement taken"))
    fiber_g = ranged_number(
        RANGES["fiber_g"], _("Extra fiber (g)"), _("Only fiber not covered by the foods listed above.")
    )
    probiotic_servings = ranged_number(
        RANGES["probiotic_servings"],
        _("Extra probiotic servings"),
        _("Fermented foods not listed above (yogurt, kefir, sauerkraut…)."),
    )
    added_sugar_servings = ranged_number(
        RANGES["added_sugar_servings"], _("Extra added-sugar servings"), _("Not covered by the foods listed above.")
    )
    ultra_processed_servings = ranged_number(
        RANGES["ultra_processed_servings"],
        _("Extra ultra-processed servings"),
        _("Not covered by the foods listed above."),
    )
    notes = text_field(_("Notes"), NOTES_MAX_LENGTH, rows=3)

    red_flag_fields = RED_FLAG_FIELDS
    extra_amount_fields = ("fiber_g", "probiotic_servings", "added_sugar_servings", "ultra_processed_servings")

    def red_flags(self) -> list[forms.BoundField]:
        return [self[name] for name in self.red_flag_fields]

    def extra_amounts(self) -> list[forms.BoundField]:
        return [self[name] for name in self.extra_amount_fields]


# Day fields "Same as yesterday" copies from the previous logged day.
COPYABLE_DAY_FIELDS = (
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "mindfulness_minutes",
    "water_glasses",
    "stress",
)
