"""Reads and forms behind the journal pages. The day page: the day's rows read in a fixed number of
queries (however many check-ins, meals and foods), its forms, and the step
from valid forms to `services.save_day`."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import transaction
from django.utils import timezone

from accounts.types import User
from journal.constants import RED_FLAG_FIELDS
from journal.day_sections import bind_sections
from journal.forms import COPYABLE_DAY_FIELDS, CheckInFormSet, DayForm, FoodList, ItemFormSet, MealFormSet
from journal.forms.meals import MealForm
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from journal.queries import daily_values, days_for, foods_for, get_day_for_user
from journal.services import CheckInEntry, MealEntry, save_day

RECENT_FOODS = 12
DEFAULT_MEAL_TYPES = (Meal.MealType.BREAKFAST, Meal.MealType.LUNCH, Meal.MealType.DINNER, Meal.MealType.SNACK)
DAY_FORM_FIELDS = tuple(DayForm.base_fields)


def recent_food_ids(user: User, limit: int = RECENT_FOODS) -> list[int]:
    """The foods the user logged most recently, newest first (one query)."""
    ids = (
        MealItem.objects.filter(meal__day__user=user)
        .order_by("-meal__day__date", "-pk")
        .values_list("food_id", flat=True)[:200]
    )
    return list(dict.fromkeys(ids))[:limit]


def previous_day(user: User, day_date: date) -> JournalDay | None:
    return days_for(user).filter(date__lt=day_date).order_by("-date").first()


def copied_fields(user: User, day_date: date) -> tuple[dict[str, Any], JournalDay | None]:
    """Sleep, exercise, mindfulness, water and stress of the previous logged day."""
    source = previous_day(user, day_date)
    if source is None:
        return {}, None
    values = {name: getattr(source, name) for name in COPYABLE_DAY_FIELDS}
    return {name: value for name, value in values.items() if value is not None}, source


def food_json(food: Food) -> dict[str, Any]:
    return {
        "id": food.pk,
        "name": food.name,
        "serving": food.serving,
        "fiber_g": float(food.fiber_g),
        "tags": food.tags,
        "own": food.owner_id is not None,
    }


class DayPage:
    """The day page's forms, built the same way for GET and POST so a failed save re-renders as sent."""

    def __init__(self, user: User, day_date: date, data: Any = None, copy_previous: bool = False) -> None:
        self.user = user
        self.date = day_date
        self.day = get_day_for_user(user, day_date)
        self.foods = FoodList((food.pk, food) for food in foods_for(user).order_by("name", "pk"))
        checkins = list(self.day.checkins.all()) if self.day else []
        meals = list(self.day.meals.all()) if self.day else []
        self.copied_from: JournalDay | None = None
        self.day_form = DayForm(data, initial=self._day_initial(copy_previous and data is None))
        self.checkin_formset = CheckInFormSet(
            data,
            prefix="checkins",
            initial=[_checkin_initial(c) for c in checkins],
            allowed_ids=[c.pk for c in checkins],
            initial_extra=[{"time": timezone.localtime().time().replace(second=0, microsecond=0)}],
        )
        self.meal_formset = MealFormSet(
            data,
            prefix="meals",
            initial=[_meal_initial(m) for m in meals],
            allowed_ids=[m.pk for m in meals],
            initial_extra=[{"meal_type": t} for t in _missing_meal_types(meals)],
            form_kwargs={"foods": self.foods, "items": self._items_by_meal(meals)},
        )
        self.sections = bind_sections(user, day_date, data)

    def _day_initial(self, copy_previous: bool) -> dict[str, Any]:
        initial = {name: getattr(self.day, name) for name in DAY_FORM_FIELDS} if self.day else {}
        if copy_previous:
            copied, self.copied_from = copied_fields(self.user, self.date)
            initial.update(copied)
        return initial

    def _items_by_meal(self, meals: list[Meal]) -> dict[int, list[dict]]:
        by_meal: dict[int, list[dict]] = {m.pk: [] for m in meals}
        if meals:
            for item in MealItem.objects.filter(meal_id__in=list(by_meal)).order_by("pk"):
                by_meal[item.meal_id].append({"food": item.food_id, "servings": item.servings})
        return by_meal

    @property
    def item_template(self) -> forms.Form:
        """A blank food row for day.js to copy; it fills in the meal and row numbers."""
        return ItemFormSet(prefix="meals-__meal__-items", form_kwargs={"foods": self.foods}).empty_form

    def is_valid(self) -> bool:
        results = [self.day_form.is_valid(), self.checkin_formset.is_valid(), self.meal_formset.is_valid()]
        results += [section.is_valid() for section in self.sections]
        return all(results)

    def save(self) -> JournalDay | None:
        fields = {name: self.day_form.cleaned_data.get(name) for name in DAY_FORM_FIELDS}
        checkins = [_checkin_entry(form) for form in self.checkin_formset.rows()]
        meals = [_meal_entry(cast(MealForm, form)) for form in self.meal_formset.rows()]
        # The day and every section's answers together, or neither.
        with transaction.atomic():
            day = save_day(self.user, self.date, fields, checkins, meals)
            for section in self.sections:
                section.save(self.user, self.date)
        return day

    def context(self, today: date) -> dict[str, Any]:
        values = daily_values([self.day])[0] if self.day else {}
        recent = recent_food_ids(self.user)
        return {
            "page": self,
            "day_date": self.date,
            "day": self.day,
            "values": values,
            "form": self.day_form,
            "checkins": self.checkin_formset,
            "meals": self.meal_formset,
            "is_today": self.date == today,
            "previous_date": self.date - timedelta(days=1) if self.date > date(2000, 1, 1) else None,
            "next_date": self.date + timedelta(days=1) if self.date < today else None,
            "copied_from": self.copied_from,
            "previous_values": self._previous_values(),
            "foods_json": [food_json(food) for food in self.foods.values()],
            "recent_json": recent,
            "has_errors": self.has_errors(),
            "red_flag_fields": RED_FLAG_FIELDS,
            "sections": self.sections,
        }

    def _previous_values(self) -> dict[str, Any] | None:
        """What "Same as yesterday" would fill in, so day.js can fill it in place without a reload
        (a reload would lose anything typed so far). None when there is nothing to copy."""
        if self.copied_from is not None or self.day_form.is_bound:
            return None
        values, source = copied_fields(self.user, self.date)
        if source is None:
            return None
        return {"date": source.date.isoformat(), "fields": {name: str(value) for name, value in values.items()}}

    def has_errors(self) -> bool:
        if not self.day_form.is_bound:
            return False
        return bool(self.day_form.errors) or not self.checkin_formset.is_valid() or not self.meal_formset.is_valid()


def _checkin_initial(checkin: MoodCheckIn) -> dict[str, Any]:
    fields = ("id", "time", "note")
    initial = {name: getattr(checkin, name) for name in fields}
    for name in ("mood", "anxiety", "energy"):
        initial[name] = _rating_initial(getattr(checkin, name))
    return initial


def _rating_initial(value: Decimal | None) -> int | str | None:
    """3.00 -> 3 (its radio button); an imported mean 2.67 -> "2.67" (its own choice, see CheckInForm)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def _meal_initial(meal: Meal) -> dict[str, Any]:
    return {"id": meal.pk, "meal_type": meal.meal_type, "time": meal.time, "description": meal.description}


def _missing_meal_types(meals: list[Meal]) -> list[Meal.MealType]:
    present = {m.meal_type for m in meals}
    missing = [t for t in DEFAULT_MEAL_TYPES if t not in present]
    return missing or [Meal.MealType.SNACK]


def _checkin_entry(form: forms.Form) -> CheckInEntry:
    data = form.cleaned_data
    return CheckInEntry(
        id=data.get("id"),
        time=data.get("time"),
        mood=data.get("mood"),
        anxiety=data.get("anxiety"),
        energy=data.get("energy"),
        note=data.get("note") or "",
        delete=bool(data.get("DELETE")),
    )


def _meal_entry(form: MealForm) -> MealEntry:
    data = form.cleaned_data
    if data.get("DELETE"):
        return MealEntry(id=data.get("id"), delete=True)
    items: list[tuple[Food, Decimal]] | None = form.chosen_items()
    return MealEntry(
        id=data.get("id"),
        meal_type=data["meal_type"],
        time=data.get("time"),
        description=data.get("description") or "",
        items=items,
    )


def week_glance(user: User, today: date) -> dict[str, Any]:
    """Today's status and the last seven days (today first), missing days included as blanks."""
    start = today - timedelta(days=6)
    rows = daily_values(days_for(user).filter(date__gte=start, date__lte=today).order_by("-date"))
    by_date = {row["date"]: row for row in rows}
    week = [{"date": today - timedelta(days=n), "row": by_date.get(today - timedelta(days=n))} for n in range(7)]
    monday = today - timedelta(days=today.weekday())
    return {
        "today": today,
        "today_row": by_date.get(today),
        "week": week,
        "logged_this_week": sum(1 for d in by_date if d >= monday),
        "days_this_week": today.weekday() + 1,
    }
