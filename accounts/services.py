"""Account writes: signing up and editing the profile. Deleting an account reaches every app, so it
lives in the composition layer (home.services)."""

from django.db import transaction

from accounts.forms import ProfileForm, SignupForm
from accounts.models import Profile
from accounts.types import User


@transaction.atomic
def sign_up(form: SignupForm) -> User:
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
