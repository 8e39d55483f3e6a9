"""The reminders part of the JSON backup: the settings and the browsers.

{"time": "21:30" | null, "email": true, "push": [{"endpoint": ..., "p256dh": ..., "auth": ...}]}
The key is optional on import; a backup without it leaves reminders as they are. Push subscriptions
are only of use on a server with the same VAPID keys; elsewhere the push service refuses them and the
sender lets them go.
"""

from collections.abc import Callable
from datetime import time
from typing import Any

from accounts.models import profile_for
from accounts.types import User
from reminders.forms import SubscriptionForm
from reminders.models import PushSubscription


def export(user: User) -> dict[str, Any]:
    profile = profile_for(user)
    return {
        "time": profile.reminder_time.strftime("%H:%M") if profile.reminder_time else None,
        "email": profile.reminder_email,
        "push": [
            {"endpoint": s.endpoint, "p256dh": s.p256dh, "auth": s.auth}
            for s in PushSubscription.objects.filter(user=user).order_by("created_at", "id")
        ],
    }


def parse(raw: Any, fail: Callable[[str, str], None]) -> dict[str, Any] | None:
    """The checked settings, or None when the backup has none; each fault goes to `fail(path, reason)`."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fail("reminders", "must be an object")
        return None
    parsed: dict[str, Any] = {"time": None, "email": raw.get("email", False), "push": []}
    if raw.get("time") is not None:
        try:
            parsed["time"] = time.fromisoformat(raw["time"]) if len(str(raw["time"])) == 5 else None
        except (TypeError, ValueError):
            parsed["time"] = None
        if parsed["time"] is None:
            fail("reminders.time", f"{raw['time']!r} is not a time like 21:30")
    if not isinstance(parsed["email"], bool):
        fail("reminders.email", "must be true or false")
    push = raw.get("push", [])
    for i, item in enumerate(push if isinstance(push, list) else [None]):
        form = SubscriptionForm.from_json(
            {"endpoint": item.get("endpoint"), "keys": item} if isinstance(item, dict) else None
        )
        if form.is_valid():
            parsed["push"].append(form.cleaned_data)
        else:
            reasons = (f"{name}: {' '.join(str(e) for e in errs)}" for name, errs in form.errors.items())
            fail(f"reminders.push[{i}]", "; ".join(reasons))
    return parsed


def restore(user: User, data: dict[str, Any] | None, replace: bool) -> None:
    """Like the profile: a backup's time fills an empty one (or overwrites, with replace). Browsers are
    added unless another account has them already."""
    if data is None:
        return
    profile = profile_for(user)
    unset = profile.reminder_time is None and not profile.reminder_email
    if (replace or unset) and (profile.reminder_time, profile.reminder_email) != (data["time"], data["email"]):
        profile.reminder_time, profile.reminder_email = data["time"], data["email"]
        profile.save(update_fields=["reminder_time", "reminder_email"])
    endpoints = [item["endpoint"] for item in data["push"]]
    taken = set(PushSubscription.objects.filter(endpoint__in=endpoints).values_list("endpoint", flat=True))
    PushSubscription.objects.bulk_create(
        [PushSubscription(user=user, **item) for item in data["push"] if item["endpoint"] not in taken]
    )
