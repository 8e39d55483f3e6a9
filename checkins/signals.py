"""A screener result saved, changed or deleted (pages, admin, shell, a queryset delete) retires the
person's cached insights, whose "Your check-in scores" section and JSON include these scores.
Bulk creates and updates send no signal: such code calls journal.services.journal_changed itself."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from checkins.models import ScreenerResult
from journal.services import journal_changed


@receiver([post_save, post_delete], sender=ScreenerResult)
def _screener_changed(sender: type[ScreenerResult], instance: ScreenerResult, **kwargs: Any) -> None:
    if isinstance(kwargs.get("origin"), get_user_model()):
        return  # the account is being deleted: home.services.delete_account retires the cache once
    journal_changed(instance.user_id, dates=())  # no day's row changed: the cached daily frame stays
