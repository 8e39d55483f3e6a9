"""The journal: one day per user and local date, its check-ins and meals, and foods.

Ranges come from journal.constants and are enforced twice: by validators
(forms, importers) and by database check constraints.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.types import User
from journal.constants import (
    CHECKIN_NOTE_MAX_LENGTH,
    DAY_FIELD_COLUMNS,
    EARLIEST_DATE,
    NOTES_MAX_LENGTH,
    RANGES,
    RATING_RANGE,
    SERVINGS_RANGE,
    STOOL_TYPES,
    SYMPTOM_LEVELS,
    ColumnRange,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _validators(r: ColumnRange) -> list:
    low = int(r.low) if r.is_whole else r.low
    high = int(r.high) if r.is_whole else r.high
    return [MinValueValidator(low), MaxValueValidator(high)]


def _in_range(field: str, r: ColumnRange, name: str) -> models.CheckConstraint:
    low = int(r.low) if r.is_whole else r.low
    high = int(r.high) if r.is_whole else r.high
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=name,
    )


def _small(column: str, verbose: "StrOrPromise", **kwargs: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose, null=True, blank=True, validators=_validators(RANGES[column]), **kwargs
    )


def _decimal(column: str, verbose: "StrOrPromise", max_digits: int = 4) -> models.DecimalField:
    return models.DecimalField(
        verbose, max_digits=max_digits, decimal_places=1, null=True, blank=True, validators=_validators(RANGES[column])
    )


class Food(models.Model):
    """A catalogue food (owner empty) or one a user added for themselves."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="foods"
    )
    name = models.CharField(_("name"), max_length=100)
    serving = models.CharField(_("serving"), max_length=100, help_text=_("e.g. 1 cup (245 g)"))
    fiber_g = models.DecimalField(
        _("fiber per serving (g)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_probiotic = models.BooleanField(_("probiotic / fermented"), default=False)
    is_prebiotic = models.BooleanField(_("prebiotic"), default=False)
    is_high_fiber = models.BooleanField(_("high fiber"), default=False)
    has_added_sugar = models.BooleanField(_("added sugar"), default=False)
    is_ultra_processed = models.BooleanField(_("ultra-processed"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(owner__isnull=True), name="food_catalogue_name_unique"
            ),
            models.UniqueConstraint(fields=["owner", "name"], name="food_owner_name_unique"),
            models.CheckConstraint(condition=Q(fiber_g__gte=0, fiber_g__lte=100), name="food_fiber_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_owner_object(self) -> User | None:
        return self.owner

    # Tag flag field -> the tag's name in exports and the picker.
    TAGS = {
        "is_probiotic": "probiotic",
        "is_prebiotic": "prebiotic",
        "is_high_fiber": "high-fiber",
        "has_added_sugar": "added-sugar",
        "is_ultra_processed": "ultra-processed",
    }

    @property
    def tags(self) -> list[str]:
        return [tag for field, tag in self.TAGS.items() if getattr(self, field)]


RANGED_DAY_FIELDS = [c for c in DAY_FIELD_COLUMNS if c in RANGES and c != "antibiotics"]


class JournalDay(models.Model):
    """One user's local date. fiber_g and the servings columns hold amounts
    entered directly; the day's totals add the foods of its meals to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))

    sleep_hours = models.DecimalField(
        _("sleep last night (hours)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_validators(RANGES["sleep_hours"]),
    )
    sleep_quality = _small("sleep_quality", _("sleep quality"))
    exercise_minutes = _small("exercise_minutes", _("exercise (minutes)"))
    mindfulness_minutes = _small("mindfulness_minutes", _("mindfulness (minutes)"))
    stress = _small("stress", _("stress"))
    water_glasses = _small("water_glasses", _("water (glasses)"))

    fiber_g = _decimal("fiber_g", _("fiber entered directly (g)"))
    probiotic_servings = _decimal("probiotic_servings", _("probiotic servings entered directly"), 3)
    added_sugar_servings = _decimal("added_sugar_servings", _("added sugar servings entered directly"), 3)
    ultra_processed_servings = _decimal("ultra_processed_servings", _("ultra-processed servings entered directly"), 3)

    bloating = _small("bloating", _("bloating"), choices=SYMPTOM_LEVELS)
    abdominal_pain = _small("abdominal_pain", _("abdominal pain"), choices=SYMPTOM_LEVELS)
    stool_type = _small("stool_type", _("stool type (Bristol)"), choices=STOOL_TYPES)
    blood_in_stool = models.BooleanField(_("blood in stool"), default=False)
    black_stool = models.BooleanField(_("black, tarry stool"), default=False)
    unintended_weight_loss = models.BooleanField(_("unintended weight loss"), default=False)
    severe_pain = models.BooleanField(_("severe abdominal pain"), default=False)

    antibiotics = models.BooleanField(_("antibiotics taken"), null=True, blank=True)
    probiotic_supplement = models.BooleanField(_("probiotic supplement taken"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(NOTES_MAX_LENGTH)])

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "date"], name="journalday_user_date_unique"),
            models.CheckConstraint(condition=Q(date__gte=EARLIEST_DATE), name="journalday_date_not_before_2000"),
            *[_in_range(column, RANGES[column], f"journalday_{column}_range") for column in RANGED_DAY_FIELDS],
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date.isoformat()}"

    def get_owner_object(self) -> User:
        return self.user

    @property
    def has_red_flag(self) -> bool:
        return self.blood_in_stool or self.black_stool or self.unintended_weight_loss or self.severe_pain


def _rating(verbose: "StrOrPromise") -> models.DecimalField:
    """A check-in rating. The day page takes whole ratings only; two decimals hold a day mean that came in
    from a daily CSV (2.67: a day of several check-ins elsewhere), kept as one check-in so it reads back exactly."""
    return models.DecimalField(
        verbose,
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_RANGE.low), MaxValueValidator(RATING_RANGE.high)],
    )


class MoodCheckIn(models.Model):
    """A moment's mood, anxiety and energy (each 1–5, at least one given)."""

    day = models.ForeignKey(JournalDay, on_delete=models.CASCADE, related_name="checkins")
    time = models.TimeField(_("time"), null=True, blank=True)
    mood = _rating(_("mood"))
    anxiety = _rating(_("anxiety"))
    energy = _rating(_("energy"))
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(CHECKIN_NOTE_MAX_LENGTH)])
    activities = models.TextField(_("activities"), blank=True, help_text=_("Separated by ' | ', as Daylio does"))
    scales = models.TextField(_("scales"), blank=True, help_text=_("Daylio scales text, kept as imported"))

    class Meta:
        ordering = ["day", "time", "id"]
        constraints = [
            _in_range("mood", RATING_RANGE, "checkin_mood_range"),
            _in_range("anxiety", RATING_RANGE, "checkin_anxiety_range"),
            _in_range("energy", RATING_RANGE, "checkin_energy_range"),
            models.CheckConstraint(
                condition=Q(mood__isnull=False) | Q(anxiety__isnull=False) | Q(energy__isnull=False),
                name="checkin_has_a_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.time or ''} mood {self.mood}"

    def get_owner_object(self) -> User:
        return self.day.user


class Meal(models.Model):
    class MealType(models.TextChoices):
        BREAKFAST = "breakfast", _("Breakfast")
        LUNCH = "lunch", _("Lunch")
        DINNER = "dinner", _("Dinner")
        SNACK = "snack", _("Snack")
        DRINK = "drink", _("Drink")

    day = models.ForeignKey(JournalDay, on_delete=models.CASCADE, related_name="meals")
    meal_type = models.CharField(_("meal"), max_length=10, choices=MealType.choices, default=MealType.BREAKFAST)
    time = models.TimeField(_("time"), null=True, blank=True)
    description = models.TextField(_("what else"), blank=True, validators=[MaxLengthValidator(NOTES_MAX_LENGTH)])

    class Meta:
        ordering = ["day", "time", "id"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_type_display()}"

    def get_owner_object(self) -> User:
        return self.day.user


class MealItem(models.Model):
    """A food eaten at a meal, in servings of the food's serving."""

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="items")
    food = models.ForeignKey(Food, on_delete=models.RESTRICT, related_name="meal_items")
    servings = models.DecimalField(
        _("servings"), max_digits=3, decimal_places=1, default=Decimal("1"), validators=_validators(SERVINGS_RANGE)
    )

    class Meta:
        ordering = ["meal", "id"]
        constraints = [_in_range("servings", SERVINGS_RANGE, "mealitem_servings_range")]

    def __str__(self) -> str:
        return f"{self.servings} × {self.food}"

    def get_owner_object(self) -> User:
        return self.meal.day.user


class FavouriteFood(models.Model):
    """A food starred by a person: offered first when they add a food to a meal."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_foods")
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "food"], name="favouritefood_user_food_unique")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.food}"

    def get_owner_object(self) -> User:
        return self.user


class FavouriteMeal(models.Model):
    """A set of foods a person eats together ("my usual breakfast"), added to a meal in one tap."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourite_meals")
    name = models.CharField(_("name"), max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="favouritemeal_user_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_owner_object(self) -> User:
        return self.user


class FavouriteMealItem(models.Model):
    favourite = models.ForeignKey(FavouriteMeal, on_delete=models.CASCADE, related_name="items")
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="+")
    servings = models.DecimalField(
        _("servings"), max_digits=3, decimal_places=1, default=Decimal("1"), validators=_validators(SERVINGS_RANGE)
    )

    class Meta:
        ordering = ["favourite", "id"]
        constraints = [_in_range("servings", SERVINGS_RANGE, "favouritemealitem_servings_range")]

    def __str__(self) -> str:
        return f"{self.servings} × {self.food}"

    def get_owner_object(self) -> User:
        return self.favourite.user
