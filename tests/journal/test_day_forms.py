"""The day page's forms: every range edge from journal.constants, clear per-field messages."""

from decimal import Decimal

import pytest
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.constants import RANGES, SERVINGS_RANGE
from journal.forms import CheckInForm, DayForm, FoodList, MealItemForm
from tests.factories import FoodFactory

DAY_NUMBERS = [
    "sleep_hours",
    "exercise_minutes",
    "mindfulness_minutes",
    "water_glasses",
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
]
DAY_SCALES = ["stress", "sleep_quality", "bloating", "abdominal_pain", "stool_type"]


def _day(**data) -> DayForm:
    return DayForm(data=data)


def _step(column: str) -> Decimal:
    return Decimal(1).scaleb(-RANGES[column].decimals)


@pytest.mark.parametrize("column", DAY_NUMBERS + DAY_SCALES)
def test_each_range_edge_is_accepted(column):
    r = RANGES[column]
    for value in (r.low, r.high):
        form = _day(**{column: str(value)})
        assert form.is_valid(), (column, value, form.errors)
        assert form.cleaned_data[column] == value


@pytest.mark.parametrize("column", DAY_NUMBERS + DAY_SCALES)
def test_just_outside_each_range_is_a_field_error(column):
    r = RANGES[column]
    for value in (r.low - _step(column), r.high + _step(column)):
        form = _day(**{column: str(value)})
        assert not form.is_valid()
        assert list(form.errors) == [column]


@pytest.mark.parametrize("column", DAY_NUMBERS)
def test_range_messages_name_the_bound(column):
    r = RANGES[column]
    form = _day(**{column: str(r.high + 1)})
    form.is_valid()
    bound = str(int(r.high)) if r.is_whole else str(r.high)
    assert bound in form.errors[column][0]


@pytest.mark.parametrize("column", ["sleep_hours", "fiber_g", "probiotic_servings"])
def test_two_decimals_are_refused_where_one_is_allowed(column):
    form = _day(**{column: "1.25"})
    assert not form.is_valid()
    assert "decimal place" in form.errors[column][0]


@pytest.mark.parametrize("column", ["exercise_minutes", "water_glasses"])
def test_whole_number_columns_refuse_fractions(column):
    assert not _day(**{column: "1.5"}).is_valid()


def test_every_field_is_optional():
    form = _day()
    assert form.is_valid()
    assert all(value in (None, "", False) for value in form.cleaned_data.values())


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("true", True), ("on", True), ("0", False), ("no", False), ("", None)]
)
def test_antibiotics_is_yes_no_or_not_recorded(value, expected):
    form = _day(antibiotics=value)
    assert form.is_valid()
    assert form.cleaned_data["antibiotics"] is expected


def test_notes_are_limited_to_two_thousand_characters():
    assert _day(notes="x" * 2000).is_valid()
    form = _day(notes="x" * 2001)
    assert not form.is_valid()
    assert "at most 2000 characters" in form.errors["notes"][0]


def test_red_flags_are_checkboxes():
    form = _day(blood_in_stool="on")
    assert form.is_valid()
    assert form.cleaned_data["blood_in_stool"] is True
    assert form.cleaned_data["black_stool"] is False


@given(
    column=st.sampled_from(DAY_NUMBERS + DAY_SCALES + ["antibiotics", "probiotic_supplement"]),
    value=st.text(max_size=30),
)
@settings(max_examples=200, deadline=None)
def test_any_text_in_any_day_field_is_valid_or_a_field_error(column, value):
    form = _day(**{column: value})
    if not form.is_valid():
        assert set(form.errors) == {column}


def _checkin(**data) -> CheckInForm:
    return CheckInForm(data={f"c-{k}": v for k, v in data.items()}, prefix="c", allowed_ids=[])


@pytest.mark.parametrize("rating", ["mood", "anxiety", "energy"])
def test_checkin_ratings_run_from_one_to_five(rating):
    assert _checkin(**{rating: "1"}).is_valid()
    assert _checkin(**{rating: "5"}).is_valid()
    for bad in ("0", "6", "2.5", "good"):
        form = _checkin(**{rating: bad})
        assert not form.is_valid()
        assert rating in form.errors


def test_a_checkin_needs_at_least_one_rating():
    form = _checkin(time="09:00", note="hello")
    assert not form.is_valid()
    assert "at least one rating" in form.errors["mood"][0]


def test_a_checkin_note_is_limited_to_two_thousand_characters():
    assert _checkin(mood="3", note="x" * 2000).is_valid()
    assert "note" in _checkin(mood="3", note="x" * 2001).errors


def test_a_checkin_id_must_be_one_of_the_days_own():
    form = CheckInForm(data={"c-id": "7", "c-mood": "3"}, prefix="c", allowed_ids=[8])
    assert not form.is_valid()
    assert "does not belong" in form.errors["id"][0]


@pytest.fixture
def foods(db):
    food = FoodFactory()
    return FoodList({food.pk: food})


def _item(foods, **data) -> MealItemForm:
    return MealItemForm(data={f"i-{k}": v for k, v in data.items()}, prefix="i", foods=foods)


def test_servings_edges(foods):
    pk = next(iter(foods))
    assert _item(foods, food=pk, servings=str(SERVINGS_RANGE.low)).is_valid()
    assert _item(foods, food=pk, servings=str(SERVINGS_RANGE.high)).is_valid()
    for bad in ("0", "20.1", "0.05", "-1"):
        assert "servings" in _item(foods, food=pk, servings=bad).errors


def test_a_food_outside_the_list_is_a_field_error(foods):
    form = _item(foods, food="123456", servings="1")
    assert not form.is_valid()
    assert form.errors["food"] == ["Choose a food from the list, or add your own."]


def test_the_food_input_shows_the_chosen_food_by_name(foods):
    food = next(iter(foods.values()))
    html = str(_item(foods, food=str(food.pk), servings="1")["food"])
    assert f'value="{escape(food.name)}"' in html
    assert 'list="food-names"' in html


def test_a_food_is_found_by_its_name_whatever_the_case(foods):
    food = next(iter(foods.values()))
    form = _item(foods, food=f"  {food.name.upper()} ", servings="2")
    assert form.is_valid()
    assert form.cleaned_data["food"] == food
