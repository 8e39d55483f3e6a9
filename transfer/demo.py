"""A year of believable journal for the `demo` account, so a newcomer sees charts at once.

The numbers are generated with gentle, plausible links a person could discover in
Insights: more fiber → slightly better mood the next day, short sleep → worse
mood and less energy, stress → anxiety, ultra-processed food → bloating.
It also holds a finished fiber experiment and its repeat (ABAB), a sleep
experiment under way, and a PHQ-9 and GAD-7 every two weeks whose scores follow
the days before them (item 9 always "Not at all": the demo never asks for help).
Everything goes through the import service, like any other import.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from checkins.scales import SAFETY_ITEM, SCALES
from journal.models import Food, Meal
from transfer.formats import CheckInData, DayData, ExperimentData, ItemData, MealData, ParsedImport, ScreenerData

MEALS = (
    (Meal.MealType.BREAKFAST, time(7, 45), (1, 2)),
    (Meal.MealType.LUNCH, time(12, 30), (2, 3)),
    (Meal.MealType.DINNER, time(19, 0), (2, 4)),
)
FIBER_RUN_DAYS = 14
FIBER_RUNS_START = (120, 92)  # days before the end: the first run and its repeat, a baseline apart
SLEEP_RUN_START = 5  # days before the end: a sleep experiment under way
SCREENER_EVERY = 14
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
        self.fiber_days = {
            end - timedelta(days=ago - offset) for ago in FIBER_RUNS_START for offset in range(FIBER_RUN_DAYS)
        }

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
        if day_date in self.fiber_days:  # the demo person keeps to the fiber experiment on most days
            self.habit = 0.95 if rng.random() < 0.9 else self.habit
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
        return ParsedImport(
            days=days,
            experiments=self._experiments(),
            checkin_plan={"phq9": True, "gad7": True, "every_days": SCREENER_EVERY, "reminders": True},
            screeners=self._screeners(days),
        )

    def _ticks(self, start: date, length: int) -> list[tuple[date, bool]]:
        last = min(start + timedelta(days=length - 1), self.end)
        dates = [start + timedelta(days=n) for n in range((last - start).days + 1)]
        return [(d, d in self.fiber_days or self.rng.random() < 0.85) for d in dates]

    def _experiments(self) -> list[ExperimentData]:
        runs = []
        for number, ago in enumerate(FIBER_RUNS_START):
            start = self.end - timedelta(days=ago)
            runs.append(
                ExperimentData(
                    change="25 g of fiber a day",
                    factor="fiber_g",
                    guidance="fiber",
                    outcome="mood",
                    start=start,
                    length_days=FIBER_RUN_DAYS,
                    washout_days=3,
                    series=0 if number else None,
                    ticks=self._ticks(start, FIBER_RUN_DAYS),
                )
            )
        start = self.end - timedelta(days=SLEEP_RUN_START)
        sleep = ExperimentData("In bed by 23:00", "sleep_hours", "sleep", "energy", start, 14, 3)
        sleep.ticks = [(d, self.rng.random() < 0.8) for d, _done in self._ticks(start, 14)]
        return [*runs, sleep]

    def _screeners(self, days: list[DayData]) -> list[ScreenerData]:
        """Scores that follow the two weeks each questionnaire asks about: lower mood, higher PHQ-9."""
        by_date = {day.date: day for day in days}
        results = []
        for ago in range(self.length - SCREENER_EVERY, -1, -SCREENER_EVERY):
            taken_on = self.end - timedelta(days=ago)
            window = [by_date.get(taken_on - timedelta(days=n)) for n in range(SCREENER_EVERY)]
            checkins = [c for day in window if day for c in day.checkins]
            if not checkins:
                continue
            mood = sum(float(c.mood or 0) for c in checkins) / len(checkins)
            anxiety = sum(float(c.anxiety or 0) for c in checkins) / len(checkins)
            phq9 = round(_clip((4.2 - mood) * 6 + self.rng.gauss(0, 1.5), 0, 20))
            gad7 = round(_clip((anxiety - 1.2) * 5 + self.rng.gauss(0, 1.5), 0, 17))
            results.append(ScreenerData("phq9", taken_on, self._answers("phq9", phq9)))
            results.append(ScreenerData("gad7", taken_on, self._answers("gad7", gad7)))
        return results

    def _answers(self, instrument: str, total: int) -> list[int]:
        items = len(SCALES[instrument].items)
        spread = [k for k in range(items) if not (instrument == "phq9" and k == SAFETY_ITEM - 1)]
        answers = [0] * items
        for _point in range(total):
            k = self.rng.choice([k for k in spread if answers[k] < 3])
            answers[k] += 1
        return answers


def demo_year(end: date, seed: int | None = None) -> ParsedImport:
    foods = list(Food.objects.filter(owner__isnull=True).order_by("name"))
    return DemoYear(foods, end, random.Random(seed)).generate()
