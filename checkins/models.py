"""Weekly check-ins with validated screeners: PHQ-9 (depression) and GAD-7 (anxiety).

Kroenke, Spitzer & Williams 2001 (PHQ-9); Spitzer et al. 2006 (GAD-7). Both are free
to reproduce. The item wording and scoring live in checkins/scales.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.types import User


class Instrument(models.TextChoices):
    PHQ9 = "phq9", "PHQ-9"
    GAD7 = "gad7", "GAD-7"


class CheckinPlan(models.Model):
    """Which screeners a person has chosen to take, and how often. No row: not chosen yet (off)."""

    class Every(models.IntegerChoices):
        WEEK = 7, _("Every week")
        TWO_WEEKS = 14, _("Every two weeks")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_plan")
    phq9 = models.BooleanField(_("PHQ-9 (low mood)"), default=True)
    gad7 = models.BooleanField(_("GAD-7 (anxiety)"), default=True)
    every_days = models.PositiveSmallIntegerField(_("how often"), choices=Every.choices, default=Every.TWO_WEEKS)
    reminders = models.BooleanField(_("remind me on the home page when one is due"), default=True)

    def get_owner_object(self) -> User:
        return self.user


class ScreenerResult(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screener_results")
    instrument = models.CharField(_("questionnaire"), max_length=4, choices=Instrument.choices)
    taken_on = models.DateField(_("date"))  # the person's local date
    answers = models.JSONField()  # one 0–3 answer per item, in item order
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(27)])
    # PHQ-9 item 9 above zero: home repeats the help message until the person says they have read it.
    safety_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "instrument"]
        constraints = [
            models.UniqueConstraint(fields=["user", "instrument", "taken_on"], name="one_screener_per_day"),
            models.CheckConstraint(
                condition=Q(instrument="phq9", score__lte=27) | Q(instrument="gad7", score__lte=21),
                name="screener_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.taken_on}: {self.score}"

    def get_owner_object(self) -> User:
        return self.user
