"""Screener writes and reads, shared by views, home and the JSON backup."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from checkins import scales
from checkins.models import CheckinPlan, Instrument, ScreenerResult


def results_for(user) -> QuerySet[ScreenerResult]:
    return ScreenerResult.objects.filter(user=user)


def get_result_for_user(user, result_id: int) -> ScreenerResult:
    """One of the user's results, or 404: another user's id never resolves."""
    return get_object_or_404(results_for(user), pk=result_id)


def plan_for(user) -> CheckinPlan | None:
    return CheckinPlan.objects.filter(user=user).first()


def chosen_instruments(plan: CheckinPlan | None) -> list[str]:
    if plan is None:
        return []
    return [instrument for instrument in Instrument.values if getattr(plan, instrument)]


def _last_taken(user) -> dict[str, Any]:
    """In one query: the last date each questionnaire was taken, and whether a safety message is pending."""
    last = {i: Max("taken_on", filter=Q(instrument=i)) for i in Instrument.values}
    return results_for(user).aggregate(**last, pending=Count("pk", filter=Q(safety_pending=True)))


def due_instruments(plan: CheckinPlan | None, last_taken: dict[str, date | None], today: date) -> list[str]:
    """The chosen questionnaires never taken, or last taken at least `every_days` before today."""
    due = []
    for instrument in chosen_instruments(plan):
        last = last_taken.get(instrument)
        if last is None or last + timedelta(days=plan.every_days) <= today:
            due.append(instrument)
    return due


def due_for(user, today: date) -> list[str]:
    return due_instruments(plan_for(user), _last_taken(user), today)


def due_for_users(today_by_user: dict[int, date]) -> dict[int, list[str]]:
    """For many people at once (the reminder sender), the questionnaires due on each one's own today.

    Two queries however many people: the plans that ask for reminders, and the last dates taken.
    """
    plans = {p.user_id: p for p in CheckinPlan.objects.filter(user_id__in=today_by_user, reminders=True)}
    if not plans:
        return {}
    last = {i: Max("taken_on", filter=Q(instrument=i)) for i in Instrument.values}
    taken = {
        row["user_id"]: row
        for row in ScreenerResult.objects.filter(user_id__in=plans).order_by().values("user_id").annotate(**last)
    }
    due = {
        user_id: due_instruments(plan, taken.get(user_id, {}), today_by_user[user_id])
        for user_id, plan in plans.items()
    }
    return {user_id: instruments for user_id, instruments in due.items() if instruments}


def home_notices(user, today: date) -> dict[str, Any] | None:
    """What home shows first: a pending safety message, or a check-in that is due; None for nothing.

    Two queries: the plan and one aggregate over the results.
    """
    plan = plan_for(user)
    taken = _last_taken(user)
    due = due_instruments(plan, taken, today) if plan is not None and plan.reminders else []
    if not taken["pending"] and not due:
        return None
    return {"safety": bool(taken["pending"]), "due": [scales.scale_for(i) for i in due]}


@dataclass(frozen=True)
class Saved:
    result: ScreenerResult
    replaced: bool


def save_result(user, instrument: str, answers: list[int], taken_on: date) -> Saved:
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


def mark_safety_read(user) -> int:
    """The person has read the help message: home stops repeating it. Returns the results changed."""
    return results_for(user).filter(safety_pending=True).update(safety_pending=False)


def save_plan(user, data: dict[str, Any]) -> CheckinPlan:
    plan, _created = CheckinPlan.objects.update_or_create(user=user, defaults=data)
    return plan
