import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.constants import DAILY_COLUMNS, RANGES
from journal.models import JournalDay, MoodCheckIn
from journal.services import journal_version
from tests.factories import FoodFactory, JournalDayFactory, MealItemFactory, MoodCheckInFactory, UserFactory
from transfer.daily_csv import export_csv, format_value
from transfer.formats import ImportRejected
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db

HEADER = ",".join(DAILY_COLUMNS)


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def row(date="2024-03-01", **values) -> str:
    cells = dict.fromkeys(DAILY_COLUMNS, "")
    cells.update(date=date, **{k: str(v) for k, v in values.items()})
    return ",".join(cells[column] for column in DAILY_COLUMNS)


def import_csv(user, data: bytes, replace=False):
    return run_import(user, parse_file(user, data, "csv"), replace=replace)


def rejection(user, data: bytes) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "csv")
    return caught.value


def test_export_has_exactly_the_daily_columns_in_order(user):
    assert export_csv(user) == HEADER + "\n"


def test_export_leaves_unrecorded_values_blank_and_drops_trailing_zeros(user):
    day = JournalDayFactory(user=user, date=dt.date(2024, 3, 1), sleep_hours=Decimal("7.5"), stress=None)
    day.fiber_g = Decimal("22.0")
    day.save()
    MoodCheckInFactory(day=day, mood=4, anxiety=2, energy=None)
    MoodCheckInFactory(day=day, mood=3, anxiety=None, energy=None)
    lines = export_csv(user).splitlines()
    values = dict(zip(DAILY_COLUMNS, lines[1].split(","), strict=True))
    assert values["mood"] == "3.5"
    assert values["anxiety"] == "2"
    assert values["energy"] == ""
    assert values["stress"] == ""
    assert values["sleep_hours"] == "7.5"
    assert values["fiber_g"] == "22"


def test_export_leaves_out_a_day_with_nothing_in_its_columns(user):
    JournalDayFactory(user=user, date=dt.date(2024, 3, 1), sleep_hours=None, stress=None, blood_in_stool=True)
    assert export_csv(user) == HEADER + "\n"


def test_import_retires_the_cached_insights(user):
    before = journal_version(user)
    import_csv(user, csv_file(row(stress=3)))
    assert journal_version(user) != before


def test_export_adds_foods_eaten_to_fiber_entered(user):
    day = JournalDayFactory(user=user, fiber_g=Decimal("2.5"))
    MealItemFactory(meal__day=day, food=FoodFactory(fiber_g=Decimal("3.0")), servings=Decimal("1.5"))
    values = dict(zip(DAILY_COLUMNS, export_csv(user).splitlines()[1].split(","), strict=True))
    assert values["fiber_g"] == "7"


def test_import_writes_day_fields_and_one_checkin(user):
    summary = import_csv(user, csv_file(row(mood=4, anxiety=2, sleep_hours="6.5", fiber_g="18.2", antibiotics=1)))
    day = JournalDay.objects.get(user=user)
    assert (day.sleep_hours, day.fiber_g, day.antibiotics) == (Decimal("6.5"), Decimal("18.2"), True)
    checkin = MoodCheckIn.objects.get(day=day)
    assert (checkin.mood, checkin.anxiety, checkin.energy, checkin.time) == (4, 2, None, None)
    assert (summary.days_created, summary.checkins) == (1, 1)


def test_a_row_without_ratings_makes_no_checkin(user):
    import_csv(user, csv_file(row(stress=3)))
    assert JournalDay.objects.filter(user=user).count() == 1
    assert not MoodCheckIn.objects.exists()


def test_a_row_with_nothing_in_it_stores_no_day(user):
    import_csv(user, csv_file(row()))
    assert not JournalDay.objects.exists()


def test_a_byte_order_mark_and_quoted_notes_with_newlines_are_read(user):
    data = "\ufeff".encode() + csv_file(row(notes='"first line\nsecond, with ""quotes"""'))
    import_csv(user, data)
    assert JournalDay.objects.get().notes == 'first line\nsecond, with "quotes"'


def test_reimporting_the_same_file_changes_nothing(user, counts):
    data = csv_file(row(mood=3, stress=2), row("2024-03-02", mood=4))
    import_csv(user, data)
    before = counts()
    summary = import_csv(user, data)
    assert counts() == before
    assert summary.skipped_dates == [dt.date(2024, 3, 1), dt.date(2024, 3, 2)]


def test_existing_days_are_skipped_by_default(user):
    JournalDayFactory(user=user, date=dt.date(2024, 3, 1), stress=5)
    summary = import_csv(user, csv_file(row(stress=1)))
    assert JournalDay.objects.get(user=user).stress == 5
    assert (summary.days_created, summary.skipped_dates) == (0, [dt.date(2024, 3, 1)])


def test_replace_rewrites_existing_days_with_everything_in_them(user):
    day = JournalDayFactory(user=user, date=dt.date(2024, 3, 1), stress=5)
    MoodCheckInFactory(day=day, mood=1)
    summary = import_csv(user, csv_file(row(stress=1, mood=5)), replace=True)
    day = JournalDay.objects.get(user=user)
    assert day.stress == 1
    assert [c.mood for c in day.checkins.all()] == [5]
    assert summary.days_replaced == 1


def test_import_leaves_another_users_days_alone(user, other_user):
    JournalDayFactory(user=other_user, date=dt.date(2024, 3, 1), stress=5)
    import_csv(user, csv_file(row(stress=1)), replace=True)
    assert JournalDay.objects.get(user=other_user).stress == 5


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (csv_file(row(mood=6)), 'Row 1, column "mood": 6 is outside 1–5'),
        (csv_file(row(mood="3.555")), 'Row 1, column "mood": 3.555 has more than 2 decimal place(s)'),
        (csv_file(row(stress="3.5")), 'Row 1, column "stress": 3.5 must be a whole number'),
        (csv_file(row(stress=0)), 'Row 1, column "stress": 0 is outside 1–5'),
        (csv_file(row(sleep_hours="7.25")), 'Row 1, column "sleep_hours": 7.25 has more than 1 decimal place(s)'),
        (csv_file(row(sleep_hours="seven")), "Row 1, column \"sleep_hours\": 'seven' is not a number"),
        (csv_file(row(water_glasses="1e1")), "Row 1, column \"water_glasses\": '1e1' is not a number"),
        (csv_file(row(exercise_minutes="-5")), 'Row 1, column "exercise_minutes": -5 is outside 0–1440'),
        (csv_file(row(antibiotics=2)), 'Row 1, column "antibiotics": 2 is outside 0–1'),
        (csv_file(row("2024-02-30")), 'Row 1, column "date": 2024-02-30 is not a real date'),
        (csv_file(row("1/3/2024")), "Row 1, column \"date\": '1/3/2024' is not a date in YYYY-MM-DD form"),
        (csv_file(row("1999-12-31")), 'Row 1, column "date": 1999-12-31 is before 2000-01-01'),
        (csv_file(row(), row()), 'Row 2, column "date": 2024-03-01 is also on row 1'),
        (csv_file(row(notes="x" * 2001)), 'Row 1, column "notes": 2001 characters, more than 2000'),
        (csv_file(row() + ",extra"), "Row 1: 20 cells where the header has 19"),
        (HEADER.replace("notes", "note").encode() + b"\n", 'Column "note": unknown column'),
        (HEADER.replace(",notes", "").encode() + b"\n", 'Column "notes": missing column'),
        (b"\xff\xfe" + HEADER.encode(), "the file is not UTF-8 text (bad byte at position 0)"),
        (b"", "the file is empty"),
        (csv_file(row(notes="a\x00b")), "the file contains NUL bytes: is it really a text file?"),
    ],
)
def test_a_bad_file_is_refused_naming_row_column_and_reason_and_nothing_is_written(user, counts, data, expected):
    before = counts()
    error = rejection(user, data)
    assert expected in error.lines()
    assert counts() == before


def test_a_day_mean_imports_as_one_checkin_and_reads_back_exactly(user):
    data = csv_file(row(mood="2.67", anxiety="3", energy="4.5"))
    import_csv(user, data)
    checkin = MoodCheckIn.objects.get(day__user=user)
    assert (checkin.mood, checkin.anxiety, checkin.energy) == (Decimal("2.67"), Decimal("3"), Decimal("4.5"))
    assert export_csv(user).encode() == data


def test_columns_in_another_order_are_refused(user):
    columns = list(DAILY_COLUMNS)
    columns[1], columns[2] = columns[2], columns[1]
    error = rejection(user, (",".join(columns) + "\n").encode())
    assert "the columns must be, in this order" in error.one_line()


def test_a_date_after_today_in_the_users_zone_is_refused(user):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert f"{future} is in the future" in rejection(user, csv_file(row(future))).one_line()


def test_one_bad_row_among_good_ones_writes_nothing(user, counts):
    rows = [row(f"2024-01-{d:02d}", mood=3) for d in range(1, 29)] + [row("2024-01-29", mood=9)]
    before = counts()
    assert rejection(user, csv_file(*rows)).errors[0].row == 29
    assert counts() == before


def test_at_most_twenty_errors_are_listed_and_the_rest_counted(user):
    rows = [row(f"2024-01-{d:02d}", mood=9) for d in range(1, 26)]
    error = rejection(user, csv_file(*rows))
    assert len(error.errors) == 20
    assert error.lines()[-1] == "… and 5 more"


def test_format_value_never_writes_an_exponent():
    assert [format_value(v) for v in (Decimal("20.0"), Decimal("0.0"), Decimal("3.33"), None, 3)] == [
        "20",
        "0",
        "3.33",
        "",
        "3",
    ]


def _cell(column: str):
    rule = RANGES[column]
    if column in ("mood", "anxiety", "energy") or rule.is_whole:
        values = st.integers(int(rule.low), int(rule.high)).map(str)
    else:
        scale = 10**rule.decimals
        values = st.integers(int(rule.low * scale), int(rule.high * scale)).map(lambda n: str(Decimal(n) / scale))
    return st.one_of(st.just(""), values)


notes = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40)
daily_row = st.fixed_dictionaries({column: _cell(column) for column in DAILY_COLUMNS[1:-1]} | {"notes": notes})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(daily_row, max_size=8))
def test_export_import_export_is_byte_identical(rows):
    first, second = UserFactory(), UserFactory()
    out = io.StringIO()
    writer = csv.DictWriter(out, DAILY_COLUMNS)
    writer.writeheader()
    writer.writerows({"date": f"2023-05-{i + 1:02d}", **values} for i, values in enumerate(rows))
    import_csv(first, out.getvalue().encode())
    exported = export_csv(first)
    import_csv(second, exported.encode())
    assert export_csv(second) == exported
    assert len(list(csv.reader(io.StringIO(exported)))) == 1 + sum(1 for values in rows if any(values.values()))


tenths = st.integers(0, 300).map(lambda n: Decimal(n) / 10)
journal_day = st.fixed_dictionaries(
    {
        "sleep_hours": st.one_of(st.none(), st.integers(0, 240).map(lambda n: Decimal(n) / 10)),
        "fiber_g": st.one_of(st.none(), tenths),
        "probiotic_servings": st.one_of(st.none(), st.integers(0, 50).map(lambda n: Decimal(n) / 10)),
        "antibiotics": st.one_of(st.none(), st.booleans()),
        "bloating": st.one_of(st.none(), st.integers(0, 3)),
        "mood": st.one_of(st.none(), st.integers(1, 5)),
        "servings": st.lists(st.integers(1, 30).map(lambda n: Decimal(n) / 10), max_size=3),
    }
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(journal_day, max_size=6))
def test_a_journal_with_meals_exports_imports_and_exports_the_same(days):
    """Days built as a person would (foods in meals plus amounts entered); the totals survive the trip."""
    first, second = UserFactory(), UserFactory()
    foods = [FoodFactory(fiber_g=Decimal("2.7"), is_probiotic=True), FoodFactory(fiber_g=Decimal("0.3"))]
    for i, values in enumerate(days):
        values = dict(values)
        mood, servings = values.pop("mood"), values.pop("servings")
        day = JournalDay.objects.create(user=first, date=dt.date(2021, 2, 1) + dt.timedelta(days=i), **values)
        if mood is not None:
            MoodCheckIn.objects.create(day=day, mood=mood)
        for j, amount in enumerate(servings):
            MealItemFactory(meal__day=day, food=foods[j % 2], servings=amount)
    exported = export_csv(first)
    import_csv(second, exported.encode())
    assert export_csv(second) == exported
