"""Screener writes: saving a result, the safety message read, the plan."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from accounts.types import User
from checkins import scales
from checkins.models import CheckinPlan, ScreenerResult
from checkins.queries import results_for


@dataclass(frozen=True)
class Saved:
    result: ScreenerResult
    replaced: bool


def save_result(user: User, instrument: str, answers: list[int], taken_on: date) -> Saved:
    """Scores and stores a questionnaire; taking it again the same day replaces that day's answers."""
    total = scales.score(instrument, answers)
    values = {
        "answers": list(answers),
        "score": total,
        "safety_pending": scales.needs_safety_message(instrument, answers),
    }
    with transaction.atomic():
        result, created = results_for(user).update_or_create(
            user=user, instrument=instrument, taken_on=taken_on, defaults=values
        )
    return Saved(result, replaced=not created)


def mark_safety_read(user: User) -> int:
    """The person has read the help message: home stops repeating it. Returns the results changed."""
    return results_for(user).filter(safety_pending=True).update(safety_pending=False)


def save_plan(user: User, data: dict[str, Any]) -> CheckinPlan:
    plan, _created = CheckinPlan.objects.update_or_create(user=user, defaults=data)
    return plan
