"""A person's profile: what to call them and the time zone that decides "today"."""

import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.types import User


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    # The person's reminder wishes, read in their own time zone; whoever sends reminders reads them here.
    reminder_time = models.TimeField(_("daily reminder"), null=True, blank=True)
    reminder_email = models.BooleanField(_("remind me by email"), default=False)

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    def get_owner_object(self) -> User:
        return self.user

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


def profile_for(user: User) -> Profile:
    """The user's profile, created on first use so older accounts never lack one.

    Kept on the user object, so `user.profile` in templates costs no second query.
    """
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile


def today_for(user: User) -> date:
    """Today's date in the user's own time zone."""
    return timezone.localdate(timezone=profile_for(user).zone)
