"""Signing in: Django's ModelBackend, with the signed-in person read from the shared cache.

Every signed-in page asked the database for the person and then for their profile (the menu shows their
name): two queries on each request, a quarter of a cached page's time. CachedModelBackend keeps the
user, with the profile loaded beside it, in the cache that every server process shares, for at most
USER_SECONDS; any save or deletion of the user or the profile forgets it (accounts.signals), as does a
write that skips save() (forget_signed_in_user). What Django checks on every request still happens on
the copy it returns: that the account may sign in (is_active) and that the session's hash of the
password still matches, so a changed password still signs out the person's other sessions.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from accounts.types import User

USER_KEY = "signed-in-user:{user_id}"
USER_SECONDS = 60 * 60


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        key = USER_KEY.format(user_id=user_id)
        user = cache.get(key)
        if user is None:
            user = User._default_manager.select_related("profile").filter(pk=user_id).first()
            if user is None:
                return None
            cache.set(key, user, USER_SECONDS)
        return user if self.user_can_authenticate(user) else None


def forget_signed_in_user(user_id: int) -> None:
    """The next request reads the person from the database again (their account or profile changed)."""
    cache.delete(USER_KEY.format(user_id=user_id))
