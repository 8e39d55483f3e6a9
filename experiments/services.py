"""Experiment writes and reads, shared by views, the day page, home and the JSON backup."""

from datetime import date
from typing import Any


def home_summary(user, today: date) -> dict[str, Any] | None:
    """What home shows about the person's experiments (a progress line while one runs); None for nothing."""
    return None
