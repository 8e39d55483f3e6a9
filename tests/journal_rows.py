"""A user's whole journal as plain rows, to show that a request wrote nothing of theirs."""

from typing import Any

from django.contrib.auth import get_user_model

from accounts.models import Profile
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from reminders.models import PushSubscription


def journal_rows(user) -> list[list[dict[str, Any]]]:
    return [
        list(get_user_model().objects.filter(pk=user.pk).values()),
        list(Profile.objects.filter(user=user).values()),
        list(JournalDay.objects.filter(user=user).order_by("pk").values()),
        list(MoodCheckIn.objects.filter(day__user=user).order_by("pk").values()),
        list(Meal.objects.filter(day__user=user).order_by("pk").values()),
        list(MealItem.objects.filter(meal__day__user=user).order_by("pk").values()),
        list(Food.objects.filter(owner=user).order_by("pk").values()),
        list(PushSubscription.objects.filter(user=user).order_by("pk").values()),
    ]
