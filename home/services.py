"""Writes that reach every app: deleting an account and everything it owns, and every trace of it."""

from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction

from accounts.backends import forget_signed_in_user
from accounts.models import ZONE_KEY
from accounts.ratelimit import forget_email
from accounts.types import User
from insights.services import forget_user as forget_insights
from journal.services import forget_journal_version, writing_in_bulk


def close_account(user: User) -> None:
    """The instant part of a deletion: the account can no longer sign in; the task deletes the rest."""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])


@transaction.atomic
def delete_account(user: User) -> None:
    """Deletes the user, by cascade every row they own, and what the server kept about them
    elsewhere: their sessions, their log-in records and, once the deletion is committed, their
    cache entries (insights, the journal's version token, the password-reset count).

    The days go first: a meal item protects its food from deletion, so the
    user's own foods could not cascade away while their meals still pointed at them.
    """
    user_id, username, email = user.pk, user.get_username(), user.email
    with writing_in_bulk(user_id):  # one change recorded, not one per day (and _forget_cached drops it)
        user.days.all().delete()
    _end_sessions(user_id)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    user.delete()
    transaction.on_commit(lambda: _forget_cached(user_id, email))


def _end_sessions(user_id: int) -> None:
    """Sessions are stored without an owner column, so every stored one is read to find the person's.

    Deleting through the session engine drops a cached copy too (cached_db)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            store(session_key=session.session_key).delete()


def _forget_cached(user_id: int, email: str) -> None:
    cache.delete(ZONE_KEY.format(user_id=user_id))
    forget_signed_in_user(user_id)  # the deletion's own signal forgot it too; this runs after the commit
    forget_insights(user_id)
    forget_journal_version(user_id)
    if email:
        forget_email(email)
