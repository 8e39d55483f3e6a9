"""Reads of a person's questionnaires and plan, scoped to them (another person's id is a 404)."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.types import User
from checkins.models import CheckinPlan, Instrument, ScreenerResult


def results_for(user: User) -> QuerySet[ScreenerResult]:
    return ScreenerResult.objects.filter(user=user)


def get_result_for_user(user: User, result_id: int) -> ScreenerResult:
    """One of the user's results, or 404: another user's id never resolves."""
    return get_object_or_404(results_for(user), pk=result_id)


def plan_for(user: User) -> CheckinPlan | None:
    return CheckinPlan.objects.filter(user=user).first()


def chosen_instruments(plan: CheckinPlan | None) -> list[str]:
    if plan is None:
        return []
    return [instrument for instrument in Instrument.values if getattr(plan, instrument)]


def last_taken(user: User) -> dict[str, Any]:
    """In one query: the last date each questionnaire was taken, and whether a safety message is pending."""
    last = {i: Max("taken_on", filter=Q(instrument=i)) for i in Instrument.values}
    return results_for(user).aggregate(**last, pending=Count("pk", filter=Q(safety_pending=True)))


def due_instruments(plan: CheckinPlan | None, last_taken: dict[str, date | None], today: date) -> list[str]:
    """The chosen questionnaires never taken, or last taken at least `every_days` before today."""
    if plan is None:
        return []
    due = []
    for instrument in chosen_instruments(plan):
        last = last_taken.get(instrument)
        if last is None or last + timedelta(days=plan.every_days) <= today:
            due.append(instrument)
    return due


def due_for(user: User, today: date) -> list[str]:
    return due_instruments(plan_for(user), last_taken(user), today)


def due_for_users(today_by_user: dict[int, date]) -> dict[int, list[str]]:
    """For many people at once (the reminder sender), the questionnaires due on each one's own today.

    Two queries however many people: the plans that ask for reminders, and the last dates taken.
    """
    plans = {p.user_id: p for p in CheckinPlan.objects.filter(user_id__in=today_by_user, reminders=True)}
    if not plans:
        return {}
    last = {i: Max("taken_on", filter=Q(instrument=i)) for i in Instrument.values}
    rows = ScreenerResult.objects.filter(user_id__in=plans).order_by().values("user_id").annotate(**last)
    taken = {row["user_id"]: row for row in cast("Iterable[dict[str, Any]]", rows)}
    due = {
        user_id: due_instruments(plan, taken.get(user_id, {}), today_by_user[user_id])
        for user_id, plan in plans.items()
    }
    return {user_id: instruments for user_id, instruments in due.items() if instruments}
