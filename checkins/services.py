"""Screener writes and reads, shared by views, home and the JSON backup."""

from datetime import date
from typing import Any


def home_notices(user, today: date) -> dict[str, Any] | None:
    """What home shows first: a pending safety message, or a check-in that is due; None for nothing."""
    return None
