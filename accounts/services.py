"""Account writes: signing up, editing the profile, deleting everything a person owns."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.forms import ProfileForm, SignupForm
from accounts.models import Profile
from journal.models import Meal, MealItem, MoodCheckIn
from journal.services import journal_changed


@transaction.atomic
def sign_up(form: SignupForm) -> AbstractBaseUser:
    """Creates the user and their profile together, so no account ever lacks a time zone."""
    user = form.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={"display_name": form.cleaned_data["display_name"], "time_zone": form.cleaned_data["time_zone"]},
    )
    return user


@transaction.atomic
def update_profile(form: ProfileForm) -> Profile:
    profile = form.save()
    user = profile.user
    if user.email != form.cleaned_data["email"]:
        user.email = form.cleaned_data["email"]
        user.save(update_fields=["email"])
    return profile


def account_summary(user) -> dict[str, int]:
    """What deleting the account would remove, so the confirmation page can say it in numbers."""
    return {
        "days": user.days.count(),
        "checkins": MoodCheckIn.objects.filter(day__user=user).count(),
        "meals": Meal.objects.filter(day__user=user).count(),
        "foods": user.foods.count(),
        "experiments": user.experiments.count(),
        "questionnaires": user.screener_results.count(),
    }


@transaction.atomic
def delete_account(user) -> None:
    """Deletes the user and, by cascade, every row they own.

    The days go first: a meal item protects its food from deletion, so the
    user's own foods could not cascade away while their meals still pointed at them.
    """
    user_id = user.pk
    user.days.all().delete()
    user.delete()
    transaction.on_commit(lambda: journal_changed(user_id))


def foods_eaten_by_others(users) -> bool:
    """True when someone else's meal uses a food these users own: only then is their deletion truly blocked."""
    return MealItem.objects.filter(food__owner__in=users).exclude(meal__day__user__in=users).exists()
