"""Types for annotations: the person the journal belongs to, and a request known to carry one.

`User` is the project's user model (Django's own; `AUTH_USER_MODEL` is not swapped). Functions
that take "the user" annotate it with this alias, so a later custom user model changes one line.
"""

from django.contrib.auth.models import User
from django.http import HttpRequest

__all__ = ["AuthenticatedHttpRequest", "User"]


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required`: `request.user` is a signed-in `User`, never anonymous."""

    user: User
