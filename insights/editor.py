"""What the guidance editor's admin pages show: a card (saved or not) run against the sample
journals, the cards whose evidence is due a review, and a readable diff between two versions.

Nothing here reads a person's journal: the preview runs on insights.sample_journals, and
the reach figures come from counters in the cache (insights.queries.reach_counts).
"""

import copy
import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insights import wording
from insights.analysis import analyse
from insights.guidance import GuidanceCard, select_cards
from insights.models import EDITED_FIELDS, REVIEW_EVERY, Guidance, edited_field
from insights.pages import CHART_GROUPS
from insights.sample_journals import SAMPLES, SampleJournal


@dataclass(frozen=True)
class SamplePreview:
    sample: SampleJournal
    card: GuidanceCard | None  # None: the card stays hidden for this journal
    where: str | Promise = ""


def preview_against_samples(item: Guidance) -> list[SamplePreview]:
    """Whether `item` would show on each sample journal, where on the Insights page, and with which figures.

    `item` may be unsaved and unpublished: the preview shows it as if published."""
    shown = copy.copy(item)
    shown.published = True
    previews = []
    for sample in SAMPLES:
        cards = select_cards(
            [shown],
            sample.frame(),
            _findings(sample.slug, translation.get_language()),
            sample.red_flag_dates,
            today=sample.today,
        )
        card = cards[0] if cards else None
        previews.append(SamplePreview(sample, card, placement(card) if card else ""))
    return previews


def placement(card: GuidanceCard) -> str | Promise:
    """Where insights/body.html puts the card (insights.pages decides the same way)."""
    if card.is_doctor:
        return _("At the top of Insights, above everything else")
    for group in CHART_GROUPS:
        if group.shows(card):
            return _("Beside the “%(chart)s” chart") % {"chart": group.title}
    return _("Under “More guidance”, below the charts")


@functools.lru_cache(maxsize=16)
def _findings(slug: str, language: str | None) -> list[dict[str, Any]]:
    """The sample's worded findings (for the finding rule), computed once per sample and language."""
    sample = next(s for s in SAMPLES if s.slug == slug)
    analysis = analyse(sample.frame())
    report = analysis.to_dict()
    return wording.worded_findings(report["findings"], analysis.findings)


def review_due(today: date) -> Q:
    """Cards never reviewed or reviewed more than twelve months before `today`."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=today - REVIEW_EVERY)


def due_for_review(today: date) -> QuerySet[Guidance]:
    return Guidance.objects.filter(review_due(today)).order_by("-published", "last_reviewed", "order", "title")


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str | Promise
    lines: list[tuple[str, str]]  # (" ", "-" or "+", text)


def field_diffs(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldDiff]:
    """Per changed field, its lines marked as kept, removed or added (difflib's ndiff without the hints)."""
    diffs = []
    for name in EDITED_FIELDS:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before == after:
            continue
        lines = [
            (line[0], line[2:])
            for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if not line.startswith("?")
        ]
        diffs.append(FieldDiff(name, edited_field(name).verbose_name, lines))
    return diffs


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)
