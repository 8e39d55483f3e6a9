"""Self-experiments (docs/statistics.md, Self-experiments): one change tried for a set number of days,
compared with the same number of days before it, with a daily adherence tick.

A run that repeats an earlier one (ABAB) points at the first run of its series,
so all runs of a series are one query and their results can be pooled.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.types import User

MIN_LENGTH_DAYS = 7
MAX_LENGTH_DAYS = 28
DEFAULT_LENGTH_DAYS = 14
# Diet and probiotic changes take longer to show (docs/statistics.md, Self-experiments).
SLOW_FACTORS: tuple[str, ...] = (
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
)
SLOW_MIN_LENGTH_DAYS = 14
MIN_BASELINE_DAYS = 10  # logged outcome days in the baseline before a start is allowed
DEFAULT_WASHOUT_DAYS = 3
MAX_WASHOUT_DAYS = 7
MIN_USED_DAYS = 4  # per phase, for a result
CHANGE_MAX_LENGTH = 120
MAX_START_DAYS_AGO = 7  # a change begun in the last week can still be recorded from its real first day
LOW_ADHERENCE = 0.8  # below this share of days done, the result says the change was not really tried
# For these outcomes a lower number is better.
LOWER_IS_BETTER: tuple[str, ...] = ("anxiety", "bloating")


class PhaseDates:
    """The dates of a run, from its `start` and `length_days`: shared by a saved Experiment and a planned start."""

    start: date
    length_days: int

    @property
    def end(self) -> date:
        """The planned last day of the change."""
        return self.start + timedelta(days=self.length_days - 1)

    @property
    def baseline_length(self) -> int:
        return baseline_length(self.length_days)

    @property
    def baseline_start(self) -> date:
        return self.start - timedelta(days=self.baseline_length)

    @property
    def baseline_end(self) -> date:
        return self.start - timedelta(days=1)


class Experiment(PhaseDates, models.Model):
    class Outcome(models.TextChoices):
        MOOD = "mood", _("Mood")
        ANXIETY = "anxiety", _("Anxiety")
        ENERGY = "energy", _("Energy")
        BLOATING = "bloating", _("Bloating")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments")
    series = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="repeats",
        help_text=_("The first run, when this run repeats it (ABAB)."),
    )
    change = models.CharField(_("what you will change"), max_length=CHANGE_MAX_LENGTH)
    # A 3.1 column the change is about ("" when it is about none of them); decides the minimum length.
    factor = models.CharField(_("factor"), max_length=40, blank=True)
    guidance = models.ForeignKey(
        "insights.Guidance", on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments"
    )
    outcome = models.CharField(_("outcome to watch"), max_length=10, choices=Outcome.choices)
    start = models.DateField(_("first day of the change"))
    length_days = models.PositiveSmallIntegerField(
        _("length (days)"),
        default=DEFAULT_LENGTH_DAYS,
        validators=[MinValueValidator(MIN_LENGTH_DAYS), MaxValueValidator(MAX_LENGTH_DAYS)],
    )
    washout_days = models.PositiveSmallIntegerField(
        _("washout (days)"),
        default=DEFAULT_WASHOUT_DAYS,
        validators=[MaxValueValidator(MAX_WASHOUT_DAYS)],
        help_text=_("The first days of the change are shown but left out of the estimate."),
    )
    stopped_on = models.DateField(_("stopped early on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_days__gte=MIN_LENGTH_DAYS, length_days__lte=MAX_LENGTH_DAYS),
                name="experiment_length_in_range",
            ),
            models.CheckConstraint(
                condition=Q(washout_days__lte=F("length_days") - MIN_USED_DAYS) & Q(washout_days__lte=MAX_WASHOUT_DAYS),
                name="experiment_washout_leaves_days",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["mood", "anxiety", "energy", "bloating"]), name="experiment_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return self.change

    def get_owner_object(self) -> User:
        return self.user

    @property
    def last_day(self) -> date:
        """The last day of the change as it happened: the planned end, or the day it was stopped."""
        if self.stopped_on is not None and self.stopped_on < self.end:
            return max(self.stopped_on, self.start)
        return self.end

    @property
    def used_from(self) -> date:
        """The first day of the change that counts in the estimate (after the washout)."""
        return self.start + timedelta(days=self.washout_days)

    @property
    def days_so_far(self) -> int:
        return (self.last_day - self.start).days + 1

    def is_finished(self, today: date) -> bool:
        """Finished once its last day has passed, or as soon as it was stopped early."""
        return self.stopped_on is not None or today > self.end

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.last_day

    def day_number(self, today: date) -> int:
        return (min(today, self.last_day) - self.start).days + 1

    @property
    def series_id_or_own(self) -> int:
        return self.series_id or self.pk

    @property
    def lower_is_better(self) -> bool:
        return self.outcome in LOWER_IS_BETTER


def baseline_length(length_days: int) -> int:
    """The baseline is the same number of days as the change, but never fewer than MIN_BASELINE_DAYS.

    The spec (docs/statistics.md, Self-experiments) asks for "the same number of days before the
    start"; with a 7–9 day change such a window could never hold the MIN_BASELINE_DAYS logged days a
    start needs, so it is widened to that many.
    """
    return max(length_days, MIN_BASELINE_DAYS)


class AdherenceTick(models.Model):
    """The answer to "did you do it today?" for one day of the change; no row means not answered."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="ticks")
    date = models.DateField()
    done = models.BooleanField()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["experiment", "date"], name="one_tick_per_experiment_day")]

    def get_owner_object(self) -> User:
        return self.experiment.user
