"""What the check-in pages show, gathered in a fixed number of queries."""

from datetime import date
from typing import Any

from accounts.types import User
from checkins import queries, scales, trends
from checkins.forms import PlanForm
from checkins.models import CheckinPlan, ScreenerResult


def result_view(result: ScreenerResult) -> dict[str, Any]:
    scale = scales.scale_for(result.instrument)
    return {
        "result": result,
        "scale": scale,
        "band": scales.band(result.instrument, result.score),
        "max_score": scale.max_score,
    }


def index_context(user: User, today: date, plan: CheckinPlan | None, form: PlanForm) -> dict[str, Any]:
    results = list(queries.results_for(user).order_by("-taken_on", "instrument"))
    last_taken: dict[str, date | None] = {}
    for result in results:
        last_taken.setdefault(result.instrument, result.taken_on)
    due = queries.due_instruments(plan, last_taken, today)
    return {
        "form": form,
        "plan": plan,
        "plan_on": bool(queries.chosen_instruments(plan)),
        "due": [scales.scale_for(i) for i in due],
        "scales": list(scales.SCALES.values()),
        "history": [result_view(r) for r in results],
        "trend": trends.trend(user, results, today),
    }


def result_context(result: ScreenerResult, saved: str = "") -> dict[str, Any]:
    """`saved` is "new" or "replaced" right after the form, to say so; empty when the result is reopened."""
    return {
        **result_view(result),
        "safety": scales.needs_safety_message(result.instrument, result.answers),
        "doctor": scales.suggests_doctor(result.instrument, result.score),
        "saved": saved,
    }


def home_notices(user: User, today: date) -> dict[str, Any] | None:
    """What home shows first: a pending safety message, or a check-in that is due; None for nothing.

    Two queries: the plan and one aggregate over the results.
    """
    plan = queries.plan_for(user)
    taken = queries.last_taken(user)
    due = queries.due_instruments(plan, taken, today) if plan is not None and plan.reminders else []
    if not taken["pending"] and not due:
        return None
    return {"safety": bool(taken["pending"]), "due": [scales.scale_for(i) for i in due]}
