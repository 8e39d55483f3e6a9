"""Reads of one person's insights, cached until their journal or the guidance changes.

insights_for(user) is the analysis (the insights JSON object of docs/formats.md, "contract") and
the guidance cards chosen for it: the costly part of /insights/, cached per
person and language (one entry each, holding the version it was made for: insights.services.cached), since the
findings' sentences and the cards' reasons that quote them are words.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.models import today_for
from accounts.types import User
from insights import wording
from insights.analysis import analyse, variables_of, weekly_means
from insights.checkin_outcomes import analyse_checkins
from insights.frame import cached_frame, load_checkins, load_frame
from insights.guidance import select_cards, to_contract
from insights.models import Guidance
from insights.services import (
    cache_version,
    cached,
    guidance_version,
    insights_key,
    language,
    reach_days,
    reach_key,
    record_reach,
)


def insights_for(user: User, today: date | None = None) -> dict[str, Any]:
    """The insights JSON object ("contract", docs/formats.md) and the guidance cards, cached.

    `today` is the user's local date; views pass timezone.localdate() (the
    middleware has activated the user's zone), which saves the profile query.
    """
    day = today or today_for(user)
    return cached(insights_key(user.pk, language()), cache_version(user, day), lambda: _computed(user, day))


def _computed(user: User, today: date) -> dict[str, Any]:
    """A fresh result, counted in the guidance cards' reach (insights.services.record_reach)."""
    result = compute_insights(user, today)
    record_reach(user, [card.slug for card in result["cards"]])
    return result


def compute_insights(user: User, today: date) -> dict[str, Any]:
    """The analysis of the user's own journal and check-ins, worded in the active language."""
    frame, red_flag_dates = cached_frame(user)
    analysis = analyse(frame, variables_of(frame))
    report = analysis.to_dict()
    report["findings"] = wording.worded_findings(report["findings"], analysis.findings)
    cards = select_cards(published_guidance(), frame, report["findings"], red_flag_dates, today=today)
    checkin_report = analyse_checkins(frame, load_checkins(user))
    checkins = checkin_report.to_dict()
    checkins["checkin_findings"] = wording.worded_checkin_findings(
        checkins["checkin_findings"], checkin_report.findings
    )
    return {"contract": {**report, "guidance": to_contract(cards), **checkins}, "cards": cards}


def published_guidance() -> list[Guidance]:
    """Every published card (guidance is shared content, not one person's data)."""
    return list(Guidance.objects.filter(published=True))


def published_card(slug: str | None) -> Guidance | None:
    """A published guidance card by its slug (experiments start from one), or None."""
    if not slug:
        return None
    return Guidance.objects.filter(slug=slug, published=True).first()


def weekly_means_for(user: User) -> list[dict[str, Any]]:
    """The person's weekly means of every daily column (check-ins chart them beside the scores)."""
    frame, _red_flags = load_frame(user)
    return weekly_means(frame)


def reach_counts(slugs: Sequence[str]) -> dict[str, int]:
    """Per card slug: on how many people's cached Insights it shows now (insights.services.record_reach).

    One cache read for every card and day; never a person's journal, never a list of people."""
    version = guidance_version()
    days = reach_days(timezone.now().date())
    keys = {slug: [reach_key(version, day, slug) for day in days] for slug in slugs}
    found = cache.get_many([key for per_slug in keys.values() for key in per_slug])
    return {slug: sum(max(int(found.get(key, 0)), 0) for key in per_slug) for slug, per_slug in keys.items()}
