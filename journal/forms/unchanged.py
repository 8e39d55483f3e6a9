"""Whether a part of a day page being saved came back exactly as the saved rows are.

Saving the day page sends the whole day, and most of it is usually what the page drew: the day's
fields, the check-ins and the meals with their foods, as they are stored. A part that comes back
that way needs neither its forms built and checked nor a write, so the save skips it (see
`DayPage.is_valid` and `DayPage.save`).

"The same" here is what the forms and `save_day` would conclude, field by field: every value sent
is one its field accepts and cleans to the stored value (the comparison `save_day` makes before it
writes), a row names the stored row it came from, and a blank spare row is blank as the formset
judges it (`has_changed`). Anything else (a value changed or malformed, a row added, removed or
marked for removal, an id that is not the day's, counters that are not plain numbers) answers
False, and the part goes through its forms as before, with their errors shown per field. These
checks read the form classes' own fields without copying them: cleaning a field does not change it.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from journal.forms.checkins import CheckInForm
from journal.forms.day import DayForm
from journal.forms.meals import FoodList, MealForm, MealItemForm
from journal.models import Food, JournalDay, Meal, MoodCheckIn
from journal.services import StoredItem

# More rows than the stored ones plus this many spare ones: not a page as drawn, so the forms judge it.
MOST_SPARE_ROWS = 20
RATINGS = ("mood", "anxiety", "energy")
CHECKIN_VALUES = ("time", "mood", "anxiety", "energy", "note")
MEAL_VALUES = ("meal_type", "time", "description")
_COUNTERS = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def _is_number(value: Any) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit()


def sent_counts(data: Any, prefix: str) -> tuple[int, int] | None:
    """A formset's TOTAL_FORMS and INITIAL_FORMS when its four counters are plain numbers (the two
    optional ones may be left out or empty, as the management form allows); None otherwise."""
    total, initial, low, high = (data.get(f"{prefix}-{name}") for name in _COUNTERS)
    if not (_is_number(total) and _is_number(initial)):
        return None
    if any(value not in (None, "") and not _is_number(value) for value in (low, high)):
        return None
    return int(total), int(initial)


def _cleaned(field: forms.Field, data: Any, key: str) -> Any:
    """The field's clean value of what was sent under `key`; ValidationError when it is refused."""
    return field.clean(field.widget.value_from_datadict(data, {}, key))


def _same(fields: dict[str, forms.Field], data: Any, prefix: str, stored: dict[str, Any]) -> bool:
    """Every named field sent as a value it accepts that cleans to the stored one."""
    try:
        return all(_cleaned(fields[name], data, f"{prefix}{name}") == value for name, value in stored.items())
    except ValidationError:
        return False


def _blank(fields: dict[str, forms.Field], names: tuple[str, ...], data: Any, prefix: str, initial: dict) -> bool:
    """A spare row as RowForm.has_changed judges it: no id, and none of its content fields changed."""
    if data.get(f"{prefix}id"):
        return False
    for name in names:
        field = fields[name]
        sent = field.widget.value_from_datadict(data, {}, prefix + name)
        if field.has_changed(initial.get(name, field.initial), sent):
            return False
    return True


def day_unchanged(data: Any, day: JournalDay) -> bool:
    """The day's own fields sent as stored (DayForm has no checks beyond its fields')."""
    fields = DayForm.base_fields
    stored = {name: getattr(day, name) for name in fields}
    return _same(fields, data, "", stored)


def _rows(data: Any, prefix: str, stored: list) -> tuple[int, dict[str, Any]] | None:
    """The number of rows sent, and the stored rows by id as a row names them; None when the
    counters do not describe the stored rows followed by a few spare ones."""
    counts = sent_counts(data, prefix)
    if counts is None:
        return None
    total, initial = counts
    if initial != len(stored) or not initial <= total <= initial + MOST_SPARE_ROWS:
        return None
    return total, {str(row.pk): row for row in stored}


def checkins_unchanged(data: Any, prefix: str, stored: list[MoodCheckIn], extra_initial: list[dict]) -> bool:
    """The check-ins sent as stored: each stored one once, unchanged and not removed, then blank spare rows."""
    if f"{prefix}-TOTAL_FORMS" not in data:
        return True  # not sent: they stay as they are
    found = _rows(data, prefix, stored)
    if found is None:
        return False
    total, by_id = found
    fields = CheckInForm.base_fields
    for index in range(total):
        row = f"{prefix}-{index}-"
        if index >= len(stored):
            offset = index - len(stored)
            initial = extra_initial[offset] if offset < len(extra_initial) else {}
            if not _blank(fields, CheckInForm.content_fields, data, row, initial):
                return False
            continue
        checkin = by_id.pop(data.get(f"{row}id"), None)  # popped: the same id twice is not a page as drawn
        if checkin is None or all(getattr(checkin, name) is None for name in RATINGS):
            return False  # (a check-in needs a rating: CheckInForm.clean; the database holds none without)
        stored_values = {name: getattr(checkin, name) for name in CHECKIN_VALUES}
        if not _same(fields, data, row, {**stored_values, "DELETE": False}):
            return False
    return True


def sent_foods(data: Any, prefix: str, stored: list[StoredItem], foods: FoodList) -> list[tuple[Food, Decimal]] | None:
    """A meal's foods as MealForm.chosen_items would read them from its rows (`prefix`: the rows' formset),
    when the rows were sent and hold its stored foods, in order (blank rows anywhere); None otherwise."""
    counts = sent_counts(data, prefix)
    if counts is None or counts[0] > len(stored) + MOST_SPARE_ROWS:
        return None
    servings_field = MealItemForm.base_fields["servings"]
    chosen = []
    for index in range(counts[0]):
        row = f"{prefix}-{index}-"
        food_text = str(data.get(f"{row}food") or "").strip()
        if not food_text:
            if data.get(f"{row}servings"):
                return None  # a row's servings without its food: the item forms say whether that is an error
            continue
        food = foods.find(food_text)
        if food is None:
            return None
        try:
            servings = _cleaned(servings_field, data, f"{row}servings")
        except ValidationError:
            return None
        chosen.append((food, Decimal("1") if servings is None else servings))  # MealItemForm.clean's default
    same = [(food.pk, servings) for food, servings in chosen] == [(item.food_id, item.servings) for item in stored]
    return chosen if same else None


def _items_unchanged(data: Any, prefix: str, stored: list[StoredItem], foods: FoodList) -> bool:
    """A meal's food rows sent as its stored foods; a meal whose rows were not sent keeps its foods."""
    return f"{prefix}-TOTAL_FORMS" not in data or sent_foods(data, prefix, stored, foods) is not None


def kept_foods(
    data: Any, prefix: str, stored: list[Meal], items: dict[int, list[StoredItem]], foods: FoodList
) -> dict[str, list[tuple[Food, Decimal]]]:
    """The sent meals (by their forms' prefix, "meals-0") that name a stored meal and whose food rows hold
    its stored foods, with those foods: their rows need no forms (MealForm.kept_items)."""
    counts = sent_counts(data, prefix)
    if counts is None:
        return {}
    by_id = {str(meal.pk): meal for meal in stored}
    kept = {}
    for index in range(min(counts[0], len(stored) + MOST_SPARE_ROWS)):
        row = f"{prefix}-{index}"
        meal = by_id.get(data.get(f"{row}-id"))
        if meal is None or f"{row}-items-TOTAL_FORMS" not in data:
            continue
        chosen = sent_foods(data, f"{row}-items", items.get(meal.pk, []), foods)
        if chosen is not None:
            kept[row] = chosen
    return kept


def meals_unchanged(
    data: Any,
    prefix: str,
    stored: list[Meal],
    items: dict[int, list[StoredItem]],
    foods: FoodList,
    extra_initial: list[dict],
) -> bool:
    """The meals sent as stored, foods included: each stored one once, unchanged and not removed, then
    blank spare meals (no id, no description, no food)."""
    if f"{prefix}-TOTAL_FORMS" not in data:
        return True
    found = _rows(data, prefix, stored)
    if found is None:
        return False
    total, by_id = found
    fields = MealForm.base_fields
    for index in range(total):
        row = f"{prefix}-{index}-"
        if index >= len(stored):
            offset = index - len(stored)
            initial = extra_initial[offset] if offset < len(extra_initial) else {}
            if not _blank(fields, MealForm.content_fields, data, row, initial) or not _items_unchanged(
                data, f"{row}items", [], foods
            ):
                return False
            continue
        meal = by_id.pop(data.get(f"{row}id"), None)
        if meal is None:
            return False
        stored_values = {name: getattr(meal, name) for name in MEAL_VALUES}
        if not _same(fields, data, row, {**stored_values, "DELETE": False}):
            return False
        meal_items = items.get(meal.pk, [])
        if not meal_items and not meal.description.strip() and f"{row}items-TOTAL_FORMS" in data:
            return False  # sent without foods or words, save_day removes it
        if not _items_unchanged(data, f"{row}items", meal_items, foods):
            return False
    return True
