"""Reads of journal data, always starting from the user.

`daily_values` turns a user's days into the columns of docs/formats.md, Daily columns, with
three queries however many days there are: the days, their check-in means, and
their food totals, aggregated in the database.
"""

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Avg, DecimalField, ExpressionWrapper, F, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from accounts.types import User
from journal.constants import CHECKIN_COLUMNS, DAY_FIELD_COLUMNS, FOOD_TOTAL_COLUMNS
from journal.models import FavouriteMealItem, Food, JournalDay, Meal, MealItem, MoodCheckIn

if TYPE_CHECKING:
    from journal.forms.meals import FoodList

# Which food flag feeds which daily servings total (fiber is weighted by fiber_g instead).
FOOD_FLAG_FOR_COLUMN = {
    "probiotic_servings": "food__is_probiotic",
    "added_sugar_servings": "food__has_added_sugar",
    "ultra_processed_servings": "food__is_ultra_processed",
}

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


def days_for(user: User) -> QuerySet[JournalDay]:
    return JournalDay.objects.filter(user=user)


def get_day_for_user(user: User, day_date: date) -> JournalDay | None:
    """The person's day of that date, or None. A get() rather than first(): (user, date) is unique, so
    the query needs none of first()'s ordering (the model orders by date), which costs more to build than to run."""
    try:
        return days_for(user).get(date=day_date)
    except JournalDay.DoesNotExist:
        return None


def get_meal_for_user(user: User, meal_id: int) -> Meal:
    """A meal of the user's, or 404: another user's meal id never resolves."""
    return get_object_or_404(Meal, pk=meal_id, day__user=user)


def get_checkin_for_user(user: User, checkin_id: int) -> MoodCheckIn:
    return get_object_or_404(MoodCheckIn, pk=checkin_id, day__user=user)


def foods_for(user: User) -> QuerySet[Food]:
    """The catalogue plus the user's own foods."""
    return Food.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def get_food_for_user(user: User, food_id: int) -> Food:
    return get_object_or_404(foods_for(user), pk=food_id)


def checkin_means(day_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    # cast: django-stubs types values() rows by the named field only, the ** annotations are there too.
    rows = cast(
        "QuerySet[MoodCheckIn, dict[str, Any]]",
        MoodCheckIn.objects.filter(day_id__in=day_ids)
        .values("day_id")
        .annotate(**{f"{c}_mean": Avg(c) for c in CHECKIN_COLUMNS}),
    )
    return {row.pop("day_id"): row for row in rows}


def food_totals(day_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    """Per day: fiber grams and servings of flagged foods from the day's meal items."""
    weighted_fiber = ExpressionWrapper(F("servings") * F("food__fiber_g"), output_field=DecimalField())
    aggregates = {"fiber_g": Sum(weighted_fiber)}
    for column, flag in FOOD_FLAG_FOR_COLUMN.items():
        aggregates[column] = Sum("servings", filter=Q(**{flag: True}))
    rows = cast(  # as in checkin_means: the ** annotations are in the rows too
        "QuerySet[MealItem, dict[str, Any]]",
        MealItem.objects.filter(meal__day_id__in=day_ids).values("meal__day_id").annotate(**aggregates),
    )
    return {row.pop("meal__day_id"): row for row in rows}


def _mean(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_DECIMALS, rounding=ROUND_HALF_UP).normalize()


def _total(entered: Decimal | None, from_foods: Any) -> Decimal | None:
    if entered is None and from_foods is None:
        return None
    total = (entered or Decimal(0)) + Decimal(str(from_foods or 0))
    return total.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def daily_values(days: Iterable[JournalDay]) -> list[dict[str, Any]]:
    """The 3.1 columns for each day given (in the order given), plus `day` and red flags.

    Blank stays None: a column is None when nothing was recorded for it.
    Costs two queries for any number of days (the days themselves are the caller's).
    """
    days = list(days)
    ids = [d.pk for d in days]
    means = checkin_means(ids)
    totals = food_totals(ids)
    rows = []
    for day in days:
        row: dict[str, Any] = {"date": day.date, "day": day}
        day_means = means.get(day.pk, {})
        for column in CHECKIN_COLUMNS:
            row[column] = _mean(day_means.get(f"{column}_mean"))
        for column in DAY_FIELD_COLUMNS:
            row[column] = getattr(day, column)
        day_totals = totals.get(day.pk)
        for column in FOOD_TOTAL_COLUMNS:
            # A day with foods logged has a total even if none of them counted (0, not blank).
            from_foods = None if day_totals is None else (day_totals.get(column) or 0)
            row[column] = _total(getattr(day, column), from_foods)
        row["antibiotics"] = None if day.antibiotics is None else int(day.antibiotics)
        row["has_red_flag"] = day.has_red_flag
        rows.append(row)
    return rows


def daily_values_for(user: User, start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    """All of a user's days (oldest first) as 3.1 rows, in three queries."""
    days = days_for(user).order_by("date")
    if start is not None:
        days = days.filter(date__gte=start)
    if end is not None:
        days = days.filter(date__lte=end)
    return daily_values(days)


def logged_days(pairs: Iterable[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which of these (user id, date) pairs have a journal day: one query, whoever the users are."""
    pairs = set(pairs)
    if not pairs:
        return set()
    users, dates = {user_id for user_id, _ in pairs}, {day for _, day in pairs}
    found = JournalDay.objects.filter(user_id__in=users, date__in=dates).values_list("user_id", "date")
    return {pair for pair in found if pair in pairs}


# ---- the foods a person picks from ---------------------------------------------------------------

RECENT_FOODS = 12


def foods_named(user: User, values: Iterable[str]) -> "FoodList":
    """The person's foods a POST names, by id or by name, in one query however many rows it has."""
    from journal.forms.meals import FoodList, fold

    # A NUL cannot name a food (PostgreSQL refuses it in a query) and an id past 18 digits is none of ours: both are
    # left for the form, which says what is wrong with the row. An id is ASCII digits: str.isdigit() also takes
    # "²", which int() refuses.
    texts = {text for text in (str(value).strip() for value in values) if text and "\x00" not in text}
    ids = [int(text) for text in texts if text.isascii() and text.isdigit() and len(text) <= 18]
    names = {fold(text) for text in texts}
    if not texts:
        return FoodList()
    # Lower() on both sides; FoodList.find then settles own-versus-catalogue and Unicode case in Python.
    found = foods_for(user).alias(lower_name=Lower("name")).filter(Q(pk__in=ids) | Q(lower_name__in=names)).order_by()
    return FoodList((food.pk, food) for food in found)


def food_names(user: User) -> list[str]:
    """Every food name the person can pick: the page's one <datalist>, for browsers without JavaScript."""
    return list(foods_for(user).order_by("name").values_list("name", flat=True))


def _picker_rows(foods: QuerySet[Food]) -> list[dict[str, Any]]:
    return [
        {
            "id": food.pk,
            "name": food.name,
            "serving": food.serving,
            "fiber_g": float(food.fiber_g),
            "tags": food.tags,
            "own": food.owner_id is not None,
        }
        for food in foods.order_by("name", "pk")
    ]


def catalogue_payload() -> list[dict[str, Any]]:
    """The shared catalogue as the picker needs it (foods.json): the same for everyone, nothing personal."""
    return _picker_rows(Food.objects.filter(owner__isnull=True))


def own_foods_payload(user: User) -> list[dict[str, Any]]:
    """The person's own foods as the picker needs them: sent inside their day page, never in a cached file."""
    return _picker_rows(Food.objects.filter(owner=user))


def recent_food_ids(user: User, limit: int = RECENT_FOODS) -> list[int]:
    """The foods the person logged most recently, newest first (one query, however long the journal)."""
    ids = (
        MealItem.objects.filter(meal__day__user=user)
        .order_by("-meal__day__date", "-pk")
        .values_list("food_id", flat=True)[:200]
    )
    return list(dict.fromkeys(ids))[:limit]


def favourite_food_ids(user: User) -> list[int]:
    return list(user.favourite_foods.values_list("food_id", flat=True))


def favourite_meals(user: User) -> list[dict[str, Any]]:
    """Each favourite meal with its foods: id, name and items of (food id, food name, servings). One query."""
    items = FavouriteMealItem.objects.filter(favourite__user=user).select_related("favourite", "food")
    meals: dict[int, dict[str, Any]] = {}
    for item in items.order_by("favourite__name", "favourite_id", "pk"):
        meal = meals.setdefault(item.favourite_id, {"id": item.favourite_id, "name": item.favourite.name, "items": []})
        meal["items"].append({"food": item.food_id, "name": item.food.name, "servings": str(item.servings)})
    return list(meals.values())


def last_meals(user: User, before: date) -> dict[str, list[MealItem]]:
    """The foods of the person's previous meal of each type (before the given day), in one query.

    One scalar subquery per meal type picks that meal, so the cost does not grow with the journal.
    """
    earlier = Meal.objects.filter(day__user=user, day__date__lt=before, items__isnull=False)
    latest = Q()
    for meal_type in Meal.MealType.values:
        newest = earlier.filter(meal_type=meal_type).order_by("-day__date", "-time", "-pk").values("pk")[:1]
        latest |= Q(meal_id=Subquery(newest))
    by_type: dict[str, list[MealItem]] = {}
    for item in MealItem.objects.filter(latest).select_related("meal", "food").order_by("pk"):
        by_type.setdefault(item.meal.meal_type, []).append(item)
    return by_type
