"""Meals on the day page and the foods in them."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    NOTES_MAX_LENGTH,
    SERVINGS_RANGE,
)
from journal.forms.base import (
    FixedChoiceField,
    LenientFormSet,
    RowForm,
    RowFormSet,
    StyledForm,
    text_field,
    time_field,
)
from journal.models import Food, Meal


def fold(name: str) -> str:
    """A food name as the lookup compares it: spaces collapsed, case ignored."""
    return " ".join(name.split()).lower()


class FoodList(dict):
    """The foods a page needs (id -> Food): those its rows show, or those a POST names.

    Never the whole catalogue: the browser gets that once, from the cacheable foods.json (with
    JavaScript) or from the page's one <datalist> of names (without), so a row is a text input.
    """

    @cached_property
    def by_name(self) -> dict[str, Food]:
        # A person's own food wins over a catalogue food of the same name.
        foods = sorted(self.values(), key=lambda food: food.owner_id is not None)
        return {fold(food.name): food for food in foods}

    def find(self, value: Any) -> Food | None:
        """A food by id (what the tests and older pages send) or by name (what a person types)."""
        text = str(value).strip()
        if text.isascii() and text.isdigit() and int(text) in self:
            return self[int(text)]
        return self.by_name.get(fold(text))


class FoodInput(forms.TextInput):
    """A food row: the food's name, typed or picked from the page's shared list of names. Each row's copy
    (a shallow one, as every widget's) shares the page's food list."""

    def __init__(self, foods: FoodList) -> None:
        super().__init__(attrs={"list": "food-names", "placeholder": _("Type a food…")})
        self.foods = foods

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Food):
            return value.name
        food = self.foods.find(value) if value not in (None, "") else None
        return food.name if food is not None else super().format_value(value)


class FoodChoiceField(forms.Field):
    """A food of the person's (the catalogue or their own), named or by id; anything else is a field error.

    The foods are read once for the whole page, so forty item rows cost no more queries than one.
    """

    default_error_messages = {"invalid_choice": _("Choose a food from the list, or add your own.")}

    def __init__(self, foods: FoodList, **kwargs: Any) -> None:
        self.foods = foods
        super().__init__(required=False, widget=FoodInput(foods), **kwargs)

    def clean(self, value: Any) -> Food | None:
        if value in (None, "") or not str(value).strip():
            return None
        food = self.foods.find(value)
        if food is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return food

    def prepare_value(self, value: Any) -> Any:
        return value


class MealItemForm(StyledForm):
    food = FoodChoiceField(FoodList(), label=_("Food"))
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
        # The page's food list, shared by every row (the field and its input are this form's copies).
        field = self.fields["food"]
        field.foods = field.widget.foods = foods  # type: ignore[attr-defined]

    def has_changed(self) -> bool:
        if self.is_bound:
            return bool(str(self.data.get(self.add_prefix("food")) or "").strip())
        return bool(self.initial.get("food"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("food") is not None and data.get("servings") is None and "servings" not in self.errors:
            data["servings"] = Decimal("1")
        return data


# django-stubs types formset_factory's class as a BaseFormSet; it is a subclass of the `formset` given.
ItemFormSet = cast(type[LenientFormSet], forms.formset_factory(MealItemForm, formset=LenientFormSet, extra=0))
ITEM_ROWS_WITHOUT_JS = 2


class MealForm(RowForm):
    meal_type = FixedChoiceField(label=_("Meal"), choices=Meal.MealType.choices, coerce=str)
    time = time_field(_("Time"))
    description = text_field(
        _("Anything else"), NOTES_MAX_LENGTH, rows=2, help_text=_("Free text, e.g. what was in the salad.")
    )

    content_fields = ("description",)
    foreign_id_message = _("That meal does not belong to this day.")
    # The foods of the person's previous meal of this type, in words ("Same as last time"); the page sets it.
    last_names = ""

    def __init__(
        self,
        *args: Any,
        foods: FoodList,
        items: dict[int, list[dict]],
        kept_items: dict[str, list[tuple[Food, Decimal]]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.foods = foods
        self.initial_items = items.get(self.initial["id"], []) if "id" in self.initial else []
        # A stored meal whose food rows came back exactly as stored (worked out by the page being saved, see
        # journal.forms.unchanged): its foods, found without the rows' forms, which are built only to be shown.
        self.kept_items = (kept_items or {}).get(self.prefix or "") if self.is_bound else None

    @cached_property
    def items(self) -> LenientFormSet:
        """The meal's food rows (built when first asked for)."""
        formset = ItemFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("items"),
            initial=self.initial_items,
            form_kwargs={"foods": self.foods},
        )
        # The blank meal day.js copies gets its food rows from the picker instead; a meal with its
        # foods already needs fewer spare rows without JavaScript (one more appears with each save).
        if "__prefix__" in (self.prefix or ""):
            formset.extra = 0
        else:
            formset.extra = 1 if self.initial_items else ITEM_ROWS_WITHOUT_JS
        return formset

    def has_changed(self) -> bool:
        return super().has_changed() or self.has_foods

    @property
    def has_foods(self) -> bool:
        if self.kept_items is not None:
            return bool(self.kept_items)
        return any(form.has_changed() for form in self.items.forms)

    def is_valid(self) -> bool:
        own = super().is_valid()
        return (self.kept_items is not None or self.items.is_valid() or self.should_delete()) and own

    def chosen_items(self) -> list[tuple[Food, Decimal]] | None:
        """The foods of this meal as sent, or None when no item rows were sent (leave them be)."""
        if self.kept_items is not None:
            return list(self.kept_items)
        if not self.items.submitted:
            return None
        # A row whose food was cleared is no food at all: it leaves the meal.
        rows = [form.cleaned_data for form in self.items.rows()]
        return [(row["food"], row["servings"]) for row in rows if row["food"] is not None]


MealFormSet = cast(type[RowFormSet], forms.formset_factory(MealForm, formset=RowFormSet, extra=0, can_delete=False))
