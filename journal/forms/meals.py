"""Meals on the day page and the foods in them."""

import copy
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    NOTES_MAX_LENGTH,
    SERVINGS_RANGE,
)
from journal.forms.base import (
    LenientFormSet,
    RowForm,
    RowFormSet,
    StyledForm,
    style_widgets,
    text_field,
    time_field,
)
from journal.models import Food, Meal


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

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
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
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("food") is not None and data.get("servings") is None and "servings" not in self.errors:
            data["servings"] = Decimal("1")
        return data


# django-stubs types formset_factory's class as a BaseFormSet; it is a subclass of the `formset` given.
ItemFormSet = cast(type[LenientFormSet], forms.formset_factory(MealItemForm, formset=LenientFormSet, extra=0))
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
        initial_items = items.get(self.initial["id"], []) if "id" in self.initial else []
        self.items = ItemFormSet(
            self.data if self.is_bound else None,
            prefix=self.add_prefix("items"),
            initial=initial_items,
            form_kwargs={"foods": foods},
        )
        # The blank meal day.js copies gets its food rows from the picker instead.
        self.items.extra = 0 if "__prefix__" in (self.prefix or "") else ITEM_ROWS_WITHOUT_JS

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


MealFormSet = cast(type[RowFormSet], forms.formset_factory(MealForm, formset=RowFormSet, extra=0, can_delete=False))
