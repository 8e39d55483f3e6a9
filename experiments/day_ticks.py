"""The day page's "did you do it today?" for each running experiment.

Experiments sit on top of the journal, so they add this question through the
journal's section registry (journal.day_sections) instead of the day page
importing experiments: the journal never knows experiments exist.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from experiments import services
from experiments.forms import TickForm, day_tick_forms
from experiments.versions import experiments_version
from journal.day_sections import DaySection, register


def save_answers(user: Any, day: date, tick_forms: Sequence[forms.Form]) -> None:
    """Saves the answers of the questions the page showed; a page that did not show one leaves it be.
    An answer the same as the one just read with the page (running_on's tick_done) is not written again."""
    answers = [
        (form.experiment, form.answer())
        for form in tick_forms
        if isinstance(form, TickForm) and form.was_shown() and form.answer() != form.experiment.tick_done  # type: ignore[attr-defined]
    ]
    services.save_ticks(day, answers)


SECTION = DaySection(
    name="experiments",
    template="experiments/_day_ticks.html",
    build_forms=day_tick_forms,
    save=save_answers,
    version=experiments_version,
)


def register_section() -> None:
    register(SECTION)
