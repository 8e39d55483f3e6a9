"""The trackers page's forms, and the day page's section of a person's trackers."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.constants import SYMPTOM_LEVELS
from journal.forms.base import NOT_RECORDED, StyledForm, style_widgets
from trackers.kinds import NUMBER, NUMBER_MAX, RATING, TAG
from trackers.models import NAME_MAX_LENGTH, UNIT_MAX_LENGTH, Tracker


class TrackerForm(StyledForm):
    """Make a tracker. The view passes the person; the name clash is checked by the service."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH, help_text=_("e.g. coffee, nausea, steps"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Tracker.Kind.choices, initial=TAG, widget=forms.RadioSelect)
    unit = forms.CharField(
        label=_("Unit (numbers only)"), max_length=UNIT_MAX_LENGTH, required=False, help_text=_("e.g. cups, steps, mg")
    )


class RenameForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    unit = forms.CharField(label=_("Unit"), max_length=UNIT_MAX_LENGTH, required=False)


SHOWN_FIELD = "shown"


class DayTrackersForm(StyledForm):
    """One field per tracker shown on the day page: a toggle per tag, 0–3 buttons per rating, a number input.

    A POST that did not show the section (no `shown` field) is unbound: the day's values stay as they are.
    """

    prefix = "trackers"

    def __init__(self, trackers: list[Tracker], values: dict[int, Decimal], data: Any = None) -> None:
        shown = data is not None and f"{self.prefix}-{SHOWN_FIELD}" in data
        self.trackers = trackers
        self.stored = values
        initial = {_field(t): _initial(t, values.get(t.pk)) for t in trackers}
        super().__init__(data if shown else None, initial=initial)
        for tracker in trackers:
            self.fields[_field(tracker)] = _tracker_field(tracker)
        self.fields[SHOWN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
        style_widgets(self)  # the tracker fields came after StyledForm styled its own

    def tags(self) -> list[forms.BoundField]:
        return [self[_field(t)] for t in self.trackers if t.kind == TAG]

    def ratings(self) -> list[forms.BoundField]:
        return [self[_field(t)] for t in self.trackers if t.kind == RATING]

    def numbers(self) -> list[tuple[forms.BoundField, Tracker]]:
        return [(self[_field(t)], t) for t in self.trackers if t.kind == NUMBER]

    def summary(self) -> str:
        """The day's saved values in one line, as the folded section shows them ("Coffee · Nausea 2/3 ·
        Steps 9000 steps"); blank when nothing is recorded, or when the form came back to be corrected."""
        if self.is_bound:
            return ""
        parts = []
        for tracker in self.trackers:
            value = self.stored.get(tracker.pk)
            if value is None or (tracker.kind == TAG and value == 0):
                continue
            if tracker.kind == TAG:
                parts.append(tracker.name)
            elif tracker.kind == RATING:
                parts.append(f"{tracker.name} {int(value)}/3")
            else:
                parts.append(
                    " ".join(str(p) for p in (tracker.name, _initial(tracker, value), tracker.unit) if p != "")
                )
        return " · ".join(parts)

    def entered(self) -> dict[Tracker, Decimal | None]:
        """What the person sent: a tag's tick is 1 and its absence None (the service decides on 0)."""
        data = self.cleaned_data
        result: dict[Tracker, Decimal | None] = {}
        for tracker in self.trackers:
            value = data.get(_field(tracker))
            if tracker.kind == TAG:
                result[tracker] = Decimal(1) if value else None
            else:
                result[tracker] = None if value is None else Decimal(value)
        return result


def _field(tracker: Tracker) -> str:
    return f"t{tracker.pk}"


def _initial(tracker: Tracker, value: Decimal | None) -> Any:
    if value is None:
        return None
    if tracker.kind == TAG:
        return value == 1
    if tracker.kind == RATING:
        return int(value)
    return int(value) if value == value.to_integral_value() else value  # 9000, not 9E+3 or 9000.0


def _tracker_field(tracker: Tracker) -> forms.Field:
    if tracker.kind == TAG:
        return forms.BooleanField(label=tracker.name, required=False)
    if tracker.kind == RATING:
        return forms.TypedChoiceField(
            label=tracker.name,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[NOT_RECORDED, *SYMPTOM_LEVELS],
            widget=forms.RadioSelect,
        )
    shows_unit = tracker.unit and tracker.unit.casefold() != tracker.name.casefold()
    label = f"{tracker.name} ({tracker.unit})" if shows_unit else tracker.name
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=NUMBER_MAX,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "0"}),
    )
