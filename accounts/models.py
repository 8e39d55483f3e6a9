"""A person's profile: what to call them and the time zone that decides "today"."""

import uuid
import zoneinfo
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.types import User
from accounts.versions import bump


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

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # zone_for reads this, so a request learns the person's zone without a query.
        cache.set(ZONE_KEY.format(user_id=self.user_id), self.time_zone, timeout=None)
        profile_changed(self.user_id)

    def get_owner_object(self) -> User:
        return self.user

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return _zone(self.time_zone)


ZONE_KEY = "profile-zone:{user_id}"
PROFILE_VERSION_KEY = "profile-version:{user_id}"


def profile_version(user_id: int) -> str:
    """A token that changes with every save of the person's profile (the name every page's header shows):
    pages kept in the cache name it in their key. One cache read."""
    key = PROFILE_VERSION_KEY.format(user_id=user_id)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout=None)
    return version


def profile_changed(user_id: int) -> None:
    bump(PROFILE_VERSION_KEY.format(user_id=user_id))


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def zone_for(user: User | int) -> zoneinfo.ZoneInfo:
    """The person's time zone without a query: the profile if it is already loaded, else the zone
    name the profile left in the cache when it was saved (read from the database once if not)."""
    if not isinstance(user, int):
        loaded = user._state.fields_cache.get("profile")
        if loaded is not None:
            return loaded.zone
    user_id = user if isinstance(user, int) else user.pk
    name = cache.get(ZONE_KEY.format(user_id=user_id))
    if name is None:
        name = Profile.objects.filter(user_id=user_id).values_list("time_zone", flat=True).first() or "UTC"
        cache.set(ZONE_KEY.format(user_id=user_id), name, timeout=None)
    return _zone(name)


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
    return timezone.localdate(timezone=zone_for(user))
