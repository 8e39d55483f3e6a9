"""A year of believable journal for the `demo` account, so a newcomer sees charts at once.

The numbers are generated with gentle, plausible links a person could discover in
Insights: more fiber → slightly better mood the next day, short sleep → worse
mood and less energy, stress → anxiety, ultra-processed food → bloating.
Everything goes through the import service, like any other import.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from journal.models import Food, Meal
from journal.transfer import CheckInData, DayData, ItemData, MealData, ParsedImport

MEALS = (
    (Meal.MealType.BREAKFAST, time(7, 45), (1, 2)),
    (Meal.MealType.LUNCH, time(12, 30), (2, 3)),
    (Meal.MealType.DINNER, time(19, 0), (2, 4)),
)
NOTES = ("Busy day at work.", "Long walk in the park.", "Slept badly.", "Dinner with friends.", "Felt bloated.")


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _rating(value: float) -> int:
    return int(_clip(round(value), 1, 5))


def _one_decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


class DemoYear:
    def __init__(self, foods: list[Food], end: date, rng: random.Random, days: int = 365):
        self.foods, self.end, self.rng, self.length = foods, end, rng, days
        self.habit = 0.5  # how fiber-minded this week is; drifts slowly
        self.stress = 2.5
        self.fiber_yesterday = 20.0

    def _pick_foods(self, count: int) -> list[Food]:
        weights = [
            1 + 3 * self.habit * f.is_high_fiber + 2 * (1 - self.habit) * f.is_ultra_processed + f.is_probiotic
            for f in self.foods
        ]
        return list(dict.fromkeys(self.rng.choices(self.foods, weights=weights, k=count)))

    def _meals(self) -> tuple[list[MealData], float, float]:
        meals, fiber, processed = [], 0.0, 0.0
        for meal_type, at, (low, high) in MEALS:
            items = []
            for food in self._pick_foods(self.rng.randint(low, high)):
                servings = self.rng.choice((Decimal("0.5"), Decimal("1.0"), Decimal("1.0"), Decimal("1.5")))
                fiber += float(food.fiber_g * servings)
                processed += float(servings) * food.is_ultra_processed
                items.append(ItemData(food=food.name, own=False, servings=servings))
            meals.append(MealData(meal_type=meal_type, time=at, items=items))
        return meals, fiber, processed

    def _fields(self, sleep: float, fiber: float, processed: float) -> dict:
        rng = self.rng
        fields = {
            "sleep_hours": _one_decimal(sleep),
            "sleep_quality": _rating(1 + (sleep - 4.5) * 0.8 + rng.gauss(0, 0.6)),
            "stress": _rating(self.stress),
            "exercise_minutes": 0 if rng.random() < 0.35 else rng.randrange(15, 75, 5),
            "mindfulness_minutes": 0 if rng.random() < 0.6 else rng.randrange(5, 25, 5),
            "water_glasses": rng.randint(3, 10),
            "bloating": int(_clip(round(0.4 + 0.5 * processed - 0.02 * fiber + rng.gauss(0, 0.6)), 0, 3)),
            "abdominal_pain": int(_clip(round(0.2 * processed + rng.gauss(0, 0.5)), 0, 3)),
            "stool_type": int(_clip(round(4 - (18 - fiber) * 0.06 + rng.gauss(0, 0.8)), 1, 7)),
        }
        if not self.foods:
            fields["fiber_g"] = _one_decimal(fiber)
        if rng.random() < 0.08:
            fields["notes"] = rng.choice(NOTES)
        return fields

    def _checkins(self, sleep: float, exercise: int) -> list[CheckInData]:
        rng = self.rng
        base = 3.1 + 0.035 * (self.fiber_yesterday - 20) + 0.35 * (sleep - 7) - 0.3 * (self.stress - 2.5)
        base += 0.2 * (exercise > 0)
        checkins = []
        for at, shift in ((time(8, rng.randrange(0, 60, 5)), -0.1), (time(21, rng.randrange(0, 60, 5)), 0.1)):
            checkins.append(
                CheckInData(
                    time=at,
                    mood=_rating(base + shift + rng.gauss(0, 0.6)),
                    anxiety=_rating(1.8 + 0.6 * (self.stress - 2.5) - 0.2 * (sleep - 7) + rng.gauss(0, 0.6)),
                    energy=_rating(3 + 0.45 * (sleep - 7) + 0.2 * (exercise > 0) + shift + rng.gauss(0, 0.6)),
                )
            )
        return checkins

    def day(self, day_date: date) -> DayData:
        rng = self.rng
        self.habit = _clip(self.habit + rng.gauss(0, 0.08), 0.05, 0.95)
        self.stress = _clip(self.stress + rng.gauss(0, 0.5) + (0.3 if day_date.weekday() < 5 else -0.4), 1, 5)
        sleep = _clip(rng.gauss(7.1, 0.9) - 0.3 * (self.stress - 2.5), 3.5, 10)
        if self.foods:
            meals, fiber, processed = self._meals()
        else:
            meals, fiber, processed = [], _clip(rng.gauss(10 + 25 * self.habit, 5), 2, 60), 2 * (1 - self.habit)
        fields = self._fields(sleep, fiber, processed)
        day = DayData(date=day_date, fields=fields, checkins=self._checkins(sleep, fields["exercise_minutes"]))
        day.meals = meals
        self.fiber_yesterday = fiber
        return day

    def generate(self) -> ParsedImport:
        days = []
        for offset in range(self.length - 1, -1, -1):
            day_date = self.end - timedelta(days=offset)
            day = self.day(day_date)  # generated even when skipped, so the links keep their day-to-day rhythm
            if self.rng.random() >= 0.06:
                days.append(day)
        return ParsedImport(days=days)


def demo_year(end: date, seed: int | None = None) -> ParsedImport:
    foods = list(Food.objects.filter(owner__isnull=True).order_by("name"))
    return DemoYear(foods, end, random.Random(seed)).generate()
