"""Factories for every model; tests build their data here, never from fixture files."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.models import Profile
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("first_name")
    time_zone = "Europe/Amsterdam"


class FoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Food

    name = factory.Sequence(lambda n: f"Test food {n}")
    serving = "1 cup"
    fiber_g = Decimal("3.0")
    source = "test"


class JournalDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalDay

    user = factory.SubFactory(UserFactory)
    date = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=n))
    sleep_hours = Decimal("7.5")
    stress = 2


class MoodCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MoodCheckIn

    day = factory.SubFactory(JournalDayFactory)
    time = dt.time(9, 0)
    mood = 4
    anxiety = 2
    energy = 3


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meal

    day = factory.SubFactory(JournalDayFactory)
    meal_type = Meal.MealType.BREAKFAST
    time = dt.time(8, 0)


class MealItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MealItem

    meal = factory.SubFactory(MealFactory)
    food = factory.SubFactory(FoodFactory)
    servings = Decimal("1.0")
