"""Reads that gather several apps for the home page and account deletion."""

from collections.abc import Sequence

from django.db.models import QuerySet

from accounts.types import User
from journal.models import Meal, MealItem, MoodCheckIn
from trackers.models import TrackerValue


def account_summary(user: User) -> dict[str, int]:
    """What deleting the account would remove, so the confirmation page can say it in numbers."""
    return {
        "days": user.days.count(),
        "checkins": MoodCheckIn.objects.filter(day__user=user).count(),
        "meals": Meal.objects.filter(day__user=user).count(),
        "foods": user.foods.count(),
        "experiments": user.experiments.count(),
        "questionnaires": user.screener_results.count(),
        "trackers": user.trackers.count(),
        "tracker_values": TrackerValue.objects.filter(tracker__user=user).count(),
    }


def foods_eaten_by_others(users: Sequence[User] | QuerySet[User]) -> bool:
    """True when someone else's meal uses a food these users own: only then is their deletion truly blocked."""
    return MealItem.objects.filter(food__owner__in=users).exclude(meal__day__user__in=users).exists()
