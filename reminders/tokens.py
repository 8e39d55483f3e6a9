"""The signed token in a reminder email's unsubscribe link: it names the person, so no sign-in is needed.

It never expires (an old email's link should still work) and only ever switches reminder emails off.
"""

from django.core import signing

SALT = "reminders.unsubscribe"


def make(user_id: int) -> str:
    return signing.Signer(salt=SALT).sign(str(user_id))


def read(token: str) -> int | None:
    """The user id the token was made for, or None for any token this server did not sign."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
