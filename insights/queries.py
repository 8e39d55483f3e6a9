"""Reads of one person's insights, cached until their journal or the guidance changes.

insights_for(user) is the analysis (Insights: the reports, and from them the insights JSON object of
docs/formats.md, "contract") and the guidance cards chosen for it: the costly part of /insights/, cached
per person and language (one entry each, holding the version it was made for: insights.services.cached),
since the findings' sentences and the cards' reasons that quote them are words.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from accounts.models import today_for
from accounts.types import User
from insights import wording
from insights.analysis import Report, analyse_arrays, weekly_means
from insights.checkin_outcomes import CheckinReport, analyse_inputs, checkin_inputs
from insights.frame import cached_journal, load_checkins, load_frame
from insights.guidance import GuidanceCard, select_cards, to_contract
from insights.models import Guidance
from insights.services import (
    PUBLISHED_GUIDANCE_KEY,
    cache_version,
    cached,
    checkins_key,
    guidance_version,
    insights_key,
    language,
    reach_days,
    reach_key,
    record_reach,
)


@dataclass
class Insights:
    """One person's analysed journal: the reports as the statistics return them, the guidance cards, and the
    insights JSON object ("contract", docs/formats.md) built from them on first use.

    The page shows the clear links in full but the other pairs only as one row each, so it reads the
    reports directly; a dict and a worded sentence per pair (a thousand and more with trackers) are
    made only for the JSON. `insights["contract"]` and `insights["cards"]` read as before.
    """

    report: Report
    checkins: CheckinReport
    cards: list[GuidanceCard]
    _contract: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def contract(self) -> dict[str, Any]:
        if self._contract is None:
            report = self.report.to_dict()
            report["findings"] = wording.worded_findings(report["findings"], self.report.findings)
            self._contract = {**report, "guidance": to_contract(self.cards), **self.checkin_contract()}
        return self._contract

    def checkin_contract(self) -> dict[str, Any]:
        """The check-in keys of the contract: "checkin_findings" (worded), "checkins", "checkins_needed"."""
        checkins = self.checkins.to_dict()
        checkins["checkin_findings"] = wording.worded_checkin_findings(
            checkins["checkin_findings"], self.checkins.findings
        )
        return checkins

    def __getitem__(self, key: str) -> Any:
        if key == "contract":
            return self.contract
        if key == "cards":
            return self.cards
        raise KeyError(key)

    def __getstate__(self) -> dict[str, Any]:
        """The cache keeps the reports (the findings as the report's table of arrays: a thousand and more
        Finding objects pickled one by one cost milliseconds each way), not their JSON."""
        return {**self.__dict__, "_contract": None}


# Names the shape of a pickled Insights: an entry a server with another shape wrote (before an upgrade)
# reads as stale and is made again, never unpickled into objects that no longer fit it.
PICKLE_FORMAT = "report-table"


def insights_for(user: User, today: date | None = None) -> Insights:
    """The person's analysed journal and guidance cards (Insights), cached.

    `today` is the user's local date; views pass timezone.localdate() (the
    middleware has activated the user's zone), which saves the profile query.
    """
    day = today or today_for(user)
    versions = f"{PICKLE_FORMAT}:{cache_version(user, day)}"
    return cached(insights_key(user.pk, language()), versions, lambda: _computed(user, day))


def _computed(user: User, today: date) -> Insights:
    """A fresh result, counted in the guidance cards' reach (insights.services.record_reach)."""
    result = compute_insights(user, today)
    record_reach(user, [card.slug for card in result.cards])
    return result


def compute_insights(user: User, today: date) -> Insights:
    """The analysis of the user's own journal and check-ins, with the guidance cards it shows."""
    journal = cached_journal(user)
    analysis = analyse_arrays(journal.arrays, journal.variables)
    clear = analysis.clear_findings()
    # The cards quote the clear links' sentences; the other pairs play no part in which cards show.
    quoted = wording.worded_findings([finding.to_dict() for finding in clear], clear)
    cards = select_cards(
        published_guidance(),
        journal.arrays,
        quoted,
        journal.red_flag_dates,
        today=today,
        columns=journal.variables.columns,
    )
    # A save seldom touches the two weeks before a check-in, so the check-in report is kept by what it
    # reads (the window means and scores) and computed again only when those change.
    inputs = checkin_inputs(journal.arrays, load_checkins(user))
    checkins = cached(checkins_key(user.pk), inputs.digest, lambda: analyse_inputs(inputs))
    return Insights(analysis, checkins, cards)


def published_guidance() -> list[Guidance]:
    """Every published card (guidance is shared content, not one person's data), kept in the cache under
    the guidance version: any save or delete of a card (insights/signals.py) makes it read again."""
    return cached(PUBLISHED_GUIDANCE_KEY, guidance_version(), lambda: list(Guidance.objects.filter(published=True)))


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
