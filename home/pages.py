"""What the home page shows: the week at a glance from the journal, then what each feature has to say."""

from datetime import date
from typing import Any

from checkins.pages import home_notices as checkins_home
from experiments.pages import home_summary as experiments_home
from journal.pages import week_glance


def home_context(user: Any, today: date) -> dict[str, Any]:
    context = week_glance(user, today)
    context["checkin_notices"] = checkins_home(user, today)
    context["experiment_summary"] = experiments_home(user, today)
    return context
