"""Writes that reach every app: deleting an account and everything it owns."""

from django.db import transaction

from accounts.types import User
from journal.services import journal_changed


@transaction.atomic
def delete_account(user: User) -> None:
    """Deletes the user and, by cascade, every row they own.

    The days go first: a meal item protects its food from deletion, so the
    user's own foods could not cascade away while their meals still pointed at them.
    """
    user_id = user.pk
    user.days.all().delete()
    user.delete()
    transaction.on_commit(lambda: journal_changed(user_id))
