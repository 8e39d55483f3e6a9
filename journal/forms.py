"""Forms of the day page: the day's own fields, mood check-ins, meals with their foods, and a user's own food.

Plain forms rather than model formsets: the page renders from data read in a
fixed number of queries, and every id a browser sends back is checked against
the day's own rows here, so another user's id is a field error, never a write.
Ranges come from journal.constants, the same place the database constraints use.
"""

import copy
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    ANXIETY_LABELS,
    CHECKIN_NOTE_MAX_LENGTH,
    ENERGY_LABELS,
    MOOD_LABELS,
    NOTES_MAX_LENGTH,
    RANGES,
    RED_FLAG_FIELDS,
    SERVINGS_RANGE,
    SLEEP_QUALITY_LABELS,
    STOOL_TYPES,
    STRESS_LABELS,
    SYMPTOM_LEVELS,
    ColumnRange,
)
from journal.models import Food, Meal

NOT_RECORDED = ("", _("Not recorded"))
TRUE_WORDS = {"1", "true", "on", "yes", "y"}
FALSE_WORDS = {"0", "false", "off", "no", "n"}


def ranged_number(r: ColumnRange, label: Any, help_text: Any = "") -> forms.Field:
    """A number input bounded by a constants range (min/max also reach the browser)."""
    if r.is_whole:
        attrs = {"inputmode": "numeric", "step": "1"}
        return forms.IntegerField(
            label=label,
            required=False,
            min_value=int(r.low),
            max_value=int(r.high),
            help_text=help_text,
            widget=forms.NumberInput(attrs=attrs),
        )
    attrs = {"inputmode": "decimal", "step": str(Decimal(1).scaleb(-r.decimals))}
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=r.low,
        max_value=r.high,
        decimal_places=r.decimals,
        help_text=help_text,
        widget=forms.NumberInput(attrs=attrs),
    )


def scale(label: Any, labels: dict | list) -> forms.TypedChoiceField:
    """A labelled scale shown as segmented radio buttons; "not recorded" clears it."""
    choices = list(labels.items()) if isinstance(labels, dict) else list(labels)
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[NOT_RECORDED, *choices],
        widget=forms.RadioSelect,
    )


class TriStateField(forms.TypedChoiceField):
    """Yes / no / not recorded. Accepts the usual spellings (1, true, on, yes) as well."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            choices=[NOT_RECORDED, ("0", _("No")), ("1", _("Yes"))],
            widget=forms.RadioSelect,
            **kwargs,
        )

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Choose yes, no or not recorded."), code="invalid_choice")

    def validate(self, value: Any) -> None:
        """to_python has already checked the value."""

    def clean(self, value: Any) -> Any:
        value = self.to_python(value)
        self.run_validators(value)
        return value

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "1"
        if value is False:
            return "0"
        return value


def time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": _("Enter a time such as 08:30.")},
    )


def text_field(label: Any, max_length: int, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def id_field(allowed_ids: list[int], message: Any) -> forms.TypedChoiceField:
    """A row's id, accepted only if it is one of the day's own rows."""
    return forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", ""), *[(pk, pk) for pk in allowed_ids]],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": message},
    )


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes, set once here rather than in every template."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "btn-check")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class DayForm(StyledForm):
    """The day-level columns of PRODUCT.md 3.1, named as there, plus the red flags."""

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


class RowForm(StyledForm):
    """A check-in or meal: `id` names one of the day's rows (or none for a new one)."""

    DELETE = forms.BooleanField(label=_("Remove"), required=False)
    content_fields: tuple[str, ...] = ()
    foreign_id_message: Any = _("That entry does not belong to this day.")

    def __init__(self, *args: Any, allowed_ids: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"] = id_field(allowed_ids or [], self.foreign_id_message)

    def is_existing(self) -> bool:
        if self.is_bound:
            return bool(self.data.get(self.add_prefix("id")))
        return bool(self.initial.get("id"))

    def should_delete(self) -> bool:
        return bool(getattr(self, "cleaned_data", {}).get("DELETE"))

    def is_acceptable(self) -> bool:
        """Valid, or marked for removal with a good id (errors in a removed row do not matter)."""
        return self.is_valid() or (self.should_delete() and "id" not in self.errors)

    def has_changed(self) -> bool:
        """A blank new row is skipped, whatever defaults (the time) it was shown with."""
        if self.is_existing():
            return True
        return any(name in self.changed_data for name in self.content_fields)


class CheckInForm(RowForm):
    time = time_field(_("Time"))
    mood = scale(_("Mood"), MOOD_LABELS)
    anxiety = scale(_("Anxiety"), ANXIETY_LABELS)
    energy = scale(_("Energy"), ENERGY_LABELS)
    note = text_field(_("Note"), CHECKIN_NOTE_MAX_LENGTH, rows=2)

    content_fields = ("mood", "anxiety", "energy", "note")
    foreign_id_message = _("That check-in does not belong to this day.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("DELETE") or self.errors:
            return data
        if all(data.get(name) is None for name in ("mood", "anxiety", "energy")):
            self.add_error("mood", _("Give at least one rating (mood, anxiety or energy), or remove this check-in."))
        return data


class FoodList(dict):
    """The foods a user may pick (id -> Food), with their <option> list rendered once.

    A day page has a dozen food selects with a hundred or more options each;
    rendering those through a template per option would dominate the page's time.
    """

    @cached_property
    def options_html(self) -> str:
        blank = format_html('<option value="">{}</option>', _("Choose a food…"))
        return blank + "".join(format_html('<option value="{}">{}</option>', pk, f.name) for pk, f in self.items())


class FoodSelect(forms.Select):
    def __init__(self, foods: FoodList, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.foods = foods

    def __deepcopy__(self, memo: dict) -> "FoodSelect":
        """Shares the food list: copying it for every row would cost more than rendering."""
        copied = copy.copy(self)
        copied.attrs = self.attrs.copy()
        memo[id(self)] = copied
        return copied

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = self.foods.options_html
        if value not in (None, ""):
            chosen = format_html('<option value="{}">', value)
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # noqa: S308 (parts escaped above)


class FoodChoiceField(forms.Field):
    """A food from the given catalogue-plus-own list; anything else is a field error.

    The foods are read once for the whole page, so forty item rows cost no more queries than one.
    """

    default_error_messages = {"invalid_choice": _("Choose a food from the list.")}

    def __init__(self, foods: FoodList, **kwargs: Any) -> None:
        self.foods = foods
        super().__init__(required=False, widget=FoodSelect(foods), **kwargs)

    def clean(self, value: Any) -> Food | None:
        if value in (None, ""):
            return None
        try:
            return self.foods[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def prepare_value(self, value: Any) -> Any:
        return value.pk if isinstance(value, Food) else value


class MealItemForm(StyledForm):
    servings = forms.DecimalField(
        label=_("Servings"),
        required=False,
        min_value=SERVINGS_RANGE.low,
        max_value=SERVINGS_RANGE.high,
        decimal_places=SERVINGS_RANGE.decimals,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "placeholder": "1"}),
    )

    def __init__(self, *args: Any, foods: FoodList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["food"] = FoodChoiceField(foods, label=_("Food"))
        self.order_fields(["food", "servings"])
        style_widgets(self)

    def has_changed(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("food"))) or bool(self.initial.get("food"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("food") is not None and data.get("servings") is None and "servings" not in self.errors:
            data["servings"] = Decimal("1")
        return data


class LenientFormSet(forms.BaseFormSet):
    """A formset that was not sent at all is 'not submitted', not an error, so a
    POST of only the day's fields leaves check-ins and meals as they are."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        self.submitted = data is not None and f"{prefix}-TOTAL_FORMS" in data
        super().__init__(data if self.submitted else None, *args, **kwargs)

    def rows(self) -> list[forms.Form]:
        """Forms with something in them, once valid."""
        return [form for form in self.forms if form.has_changed()] if self.submitted else []

    def is_valid(self) -> bool:
        return True if not self.submitted else super().is_valid()

    def clean(self) -> None:
        ids = [form.cleaned_data.get("id") for form in self.forms if getattr(form, "cleaned_data", None)]
        ids = [pk for pk in ids if pk]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("The same entry was sent twice; reload the page and try again."))


ItemFormSet = forms.formset_factory(MealItemForm, formset=LenientFormSet, extra=0)
ITEM_ROWS_WITHOUT_JS = 2


class MealForm(RowForm):
    meal_type = forms.ChoiceField(label=_("Meal"), choices=Meal.MealType.choices)
    time = time_field(_("Time"))
    description = text_field(
        _("Anything else"), NOTES_MAX_LENGTH, rows=2, help_text=_("Free text, e.g. what was in the salad.")
    )

    content_fields = ("description",)
    foreign_id_message = _("That meal does not belong to this day.")

    def __init__(self, *args: Any, foods: FoodList, items: dict[int, list[dict]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initial_items = items.get(self.initial.get("id"), [])
        self.items = ItemFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("items"),
            initial=initial_items,
            form_kwargs={"foods": foods},
        )
        # The blank meal day.js copies gets its food rows from the picker instead.
        self.items.extra = 0 if "__prefix__" in self.prefix else ITEM_ROWS_WITHOUT_JS

    def has_changed(self) -> bool:
        return super().has_changed() or any(form.has_changed() for form in self.items.forms)

    def is_valid(self) -> bool:
        own = super().is_valid()
        return (self.items.is_valid() or self.should_delete()) and own

    def chosen_items(self) -> list[tuple[Food, Decimal]] | None:
        """The foods of this meal as sent, or None when no item rows were sent (leave them be)."""
        if not self.items.submitted:
            return None
        # A row whose food was cleared is no food at all: it leaves the meal.
        rows = [form.cleaned_data for form in self.items.rows()]
        return [(row["food"], row["servings"]) for row in rows if row["food"] is not None]


class RowFormSet(LenientFormSet):
    def __init__(self, *args: Any, allowed_ids: list[int], initial_extra: list[dict], **kwargs: Any) -> None:
        self.initial_extra = initial_extra
        kwargs.setdefault("form_kwargs", {})["allowed_ids"] = allowed_ids
        super().__init__(*args, **kwargs)
        self.extra = len(initial_extra)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            offset = index - self.initial_form_count()
            if offset < len(self.initial_extra):
                kwargs["initial"] = self.initial_extra[offset]
        return kwargs

    def is_valid(self) -> bool:
        if not self.submitted:
            return True
        # Every form is checked (no short cut), so each shows its own errors.
        results = [form.is_acceptable() for form in self.forms if form.has_changed()]
        return all(results) and not self.non_form_errors()


CheckInFormSet = forms.formset_factory(CheckInForm, formset=RowFormSet, extra=0, can_delete=False)
MealFormSet = forms.formset_factory(MealForm, formset=RowFormSet, extra=0, can_delete=False)


class FoodForm(forms.ModelForm):
    """A food of the user's own. The view sets the owner; the form never carries one."""

    class Meta:
        model = Food
        fields = ["name", "serving", "fiber_g", *Food.TAGS]
        widgets = {"fiber_g": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"})}

    def __init__(self, *args: Any, owner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        style_widgets(self)

    def clean_name(self) -> str:
        from journal.queries import foods_for

        name = " ".join(self.cleaned_data["name"].split())
        if foods_for(self.owner).filter(name__iexact=name).exists():
            raise ValidationError(_("A food called “%(name)s” is already on your list."), params={"name": name})
        return name

    def save(self, commit: bool = True) -> Food:
        self.instance.owner = self.owner
        return super().save(commit=commit)
