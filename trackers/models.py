"""A person's own trackers (tag, rating 0–3, number with a unit) and their values per journal day.

Values hang on the JournalDay (a day holding only tracker values is a logged day, kept
by journal.day_sections' `keeps_day`), so History, the exports and Insights see a
tracker's days exactly as they see the rest of the journal, and deleting a day or the
account removes its values by cascade.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.types import User
from journal.models import JournalDay
from trackers.kinds import NUMBER, NUMBER_MAX, RATING, TAG, column_name

NAME_MAX_LENGTH = 60
UNIT_MAX_LENGTH = 20


class Tracker(models.Model):
    class Kind(models.TextChoices):
        TAG = TAG, _("Tag (done or not)")
        RATING = RATING, _("Rating (0–3, none to severe)")
        NUMBER = NUMBER, _("Number (an amount with a unit)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trackers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    slug = models.SlugField(_("short name"), max_length=NAME_MAX_LENGTH)
    unit = models.CharField(_("unit"), max_length=UNIT_MAX_LENGTH, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # the order they were made: the CSV's column order
        constraints = [
            models.UniqueConstraint(Lower("name"), "user", name="tracker_name_unique_per_user"),
            models.UniqueConstraint(fields=["user", "slug"], name="tracker_slug_unique_per_user"),
            models.CheckConstraint(condition=Q(kind__in=[TAG, RATING, NUMBER]), name="tracker_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_owner_object(self) -> User:
        return self.user

    @property
    def column(self) -> str:
        """Its name in the daily CSV and the insights JSON: tag:coffee, rating:nausea, number:steps."""
        return column_name(self.kind, self.slug)


class TrackerValue(models.Model):
    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="values")
    day = models.ForeignKey(JournalDay, on_delete=models.CASCADE, related_name="tracker_values")
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=1, validators=[MinValueValidator(Decimal(0))])

    class Meta:
        ordering = ["day", "tracker"]
        constraints = [
            models.UniqueConstraint(fields=["tracker", "day"], name="trackervalue_one_per_day"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=NUMBER_MAX), name="trackervalue_range"),
        ]

    def __str__(self) -> str:
        return f"{self.tracker} {self.day.date}: {self.value}"

    def get_owner_object(self) -> User:
        return self.tracker.user
