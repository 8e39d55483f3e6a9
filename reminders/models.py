"""Reminders (README, "Reminders"): browsers that take push messages, and what was sent.

The person's wishes (a daily time, email or not) live on accounts.Profile with their time zone;
this app owns everything that reaches outside: subscriptions, the record of each reminder, and
each delivery of it by email or to one browser.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.types import User


class PushSubscription(models.Model):
    """One browser (or installed app) that agreed to take push messages, as its PushSubscription gave it.

    An endpoint is one browser's address at its push service, so it belongs to one account at a time:
    subscribing again from a browser another account used moves it (see services.subscribe).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)  # the browser's P-256 public key, base64url
    auth = models.CharField(max_length=50)  # its 16-byte authentication secret, base64url
    browser = models.CharField(_("browser"), max_length=120, blank=True)  # a label for the list, from User-Agent
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.browser or self.endpoint[:60]

    def get_owner_object(self) -> User:
        return self.user

    def as_webpush(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Reminder(models.Model):
    """The one reminder a person gets on a local date, daily nudge and due questionnaires in one message.

    A sender inserts this row before it sends anything; the unique (user, local_date) makes a second
    sender's insert a no-op, on PostgreSQL and SQLite alike, so no reminder goes out twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    local_date = models.DateField()
    daily = models.BooleanField(default=False)  # the day was not logged yet
    checkins = models.CharField(max_length=20, blank=True)  # due questionnaires, comma-separated ("phq9,gad7")
    due_at = models.DateTimeField()  # the person's reminder time on local_date, as a UTC instant
    give_up_at = models.DateTimeField()  # ten minutes later, or local midnight when that comes first
    claim = models.UUIDField(db_index=True)  # the sender pass that inserted it
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "local_date"], name="one_reminder_per_local_date")]

    def __str__(self) -> str:
        return f"{self.user} {self.local_date}"

    def get_owner_object(self) -> User:
        return self.user


class Delivery(models.Model):
    """One way a reminder goes out: the email, or a push to one browser. Failures wait for a later pass."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        PUSH = "push", _("push")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    subscription = models.ForeignKey(PushSubscription, null=True, blank=True, on_delete=models.CASCADE)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a pass may try it next; a pass that takes it moves this ahead first, so no other pass takes it too.
    next_try_at = models.DateTimeField()
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_try_at"], name="delivery_retry_idx")]

    def __str__(self) -> str:
        return f"{self.reminder} {self.channel} {self.status}"
