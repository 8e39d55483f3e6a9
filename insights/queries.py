"""Reads of one person's insights, cached until their journal or the guidance changes.

insights_for(user) is the analysis (the PRODUCT.md 3.5 object, "contract") and
the guidance cards chosen for it: the costly part of /insights/, cached per
person, version (insights.services.cache_version) and language, since the
findings' sentences and the cards' reasons that quote them are words.
"""

from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.utils import translation

from accounts.models import today_for
from insights import wording
from insights.analysis import analyse, variables_of, weekly_means
from insights.checkin_outcomes import analyse_checkins
from insights.frame import load_checkins, load_frame
from insights.guidance import select_cards, to_contract
from insights.models import Guidance
from insights.services import CACHE_SECONDS, cache_version


def insights_for(user: AbstractBaseUser, today: date | None = None) -> dict[str, Any]:
    """The PRODUCT.md 3.5 object ("contract") and the guidance cards, cached.

    `today` is the user's local date; views pass timezone.localdate() (the
    middleware has activated the user's zone), which saves the profile query.
    """
    today = today or today_for(user)
    key = f"insights:{cache_version(user, today)}:{translation.get_language()}"
    result = cache.get(key)
    if result is None:
        result = compute_insights(user, today)
        cache.set(key, result, CACHE_SECONDS)
    return result


def compute_insights(user: AbstractBaseUser, today: date) -> dict[str, Any]:
    """The analysis of the user's own journal and check-ins, worded in the active language."""
    frame, red_flag_dates = load_frame(user)
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


def weekly_means_for(user: AbstractBaseUser) -> list[dict[str, Any]]:
    """The person's weekly means of every daily column (check-ins chart them beside the scores)."""
    frame, _red_flags = load_frame(user)
    return weekly_means(frame)
