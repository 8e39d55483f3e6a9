"""Mood check-ins on the day page."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.constants import (
    ANXIETY_LABELS,
    CHECKIN_NOTE_MAX_LENGTH,
    ENERGY_LABELS,
    MOOD_LABELS,
)
from journal.forms.base import RowForm, RowFormSet, scale, text_field, time_field


class CheckInForm(RowForm):
    time = time_field(_("Time"))
    mood = scale(_("Mood"), MOOD_LABELS)
    anxiety = scale(_("Anxiety"), ANXIETY_LABELS)
    energy = scale(_("Energy"), ENERGY_LABELS)
    note = text_field(_("Note"), CHECKIN_NOTE_MAX_LENGTH, rows=2)

    content_fields = ("mood", "anxiety", "energy", "note")
    foreign_id_message = _("That check-in does not belong to this day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("mood", "anxiety", "energy"):
            _offer_imported_mean(self.fields[name], self.initial.get(name))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("DELETE") or self.errors:
            return data
        if all(data.get(name) is None for name in ("mood", "anxiety", "energy")):
            self.add_error("mood", _("Give at least one rating (mood, anxiety or energy), or remove this check-in."))
        return data


# As in meals.py: the class formset_factory makes is a RowFormSet (django-stubs says only BaseFormSet).
CheckInFormSet = cast(
    type[RowFormSet], forms.formset_factory(CheckInForm, formset=RowFormSet, extra=0, can_delete=False)
)


def _rating(value: str) -> int | Decimal:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else number


def _offer_imported_mean(field: forms.Field, value: Any) -> None:
    """A check-in imported with a day mean (2.67) keeps it as one more choice of its own row only:
    saving the page leaves it as it is, and a new check-in still takes whole ratings only."""
    if value is None or Decimal(value) == Decimal(value).to_integral_value():
        return
    assert isinstance(field, forms.TypedChoiceField)
    text = format(Decimal(value).normalize(), "f")
    field.choices = [*cast("list[tuple[Any, Any]]", field.choices), (text, _("imported day mean"))]
    field.coerce = _rating
