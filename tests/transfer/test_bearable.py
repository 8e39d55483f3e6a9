from datetime import date, time
from decimal import Decimal

import pytest

from journal.models import JournalDay, MoodCheckIn
from tests.transfer.conftest import DATA
from trackers.models import Tracker, TrackerValue
from transfer.bearable import parse_bearable, parse_bearable_date
from transfer.formats import ImportRejected, tracker_series
from transfer.services import guess_format, parse_file, run_import

pytestmark = pytest.mark.django_db
SAMPLES = DATA / "bearable"
TODAY = date(2026, 1, 1)
SEP_22, SEP_23, OCT_1 = date(2020, 9, 22), date(2020, 9, 23), date(2020, 10, 1)


def quirks():
    return parse_bearable((SAMPLES / "bearable_quirks.csv").read_bytes(), TODAY)


def test_day_fields_land_in_our_columns_on_our_scales():
    days = {day.date: day.fields for day in quirks().days}
    assert {name: days[SEP_22][name] for name in days[SEP_22] if name != "notes"} == {
        "sleep_quality": 4,  # Bearable 3 of 1–4
        "sleep_hours": Decimal("9.8"),  # 9:45
        "bloating": 1,  # Mild
        "probiotic_supplement": True,
        "stool_type": 4,
    }
    assert days[SEP_22]["notes"] == (
        "Sleep: Asleep 02:45 - 12:30. In bed 02:15 - 13:15\n"
        "Food Diary: Meals: porridge, lentil soup. Snacks: apple\n"
        'Gratitudes: Sunny walk with Jo, "finally"'
    )
    assert days[SEP_23] == {
        "sleep_hours": Decimal("5.3"),  # 4:30 and a 0:45 nap
        "notes": "Bad night\nSleep: Asleep 03:00 - 07:30\nSleep: Nap",
    }
    assert days[OCT_1] == {"sleep_quality": 1, "notes": "Ça va, café ☕"}


def test_moods_and_energy_become_check_ins_at_their_time_of_day():
    checkins = [(d.date, c.time, c.mood, c.energy, c.note) for d in quirks().days for c in d.checkins]
    assert checkins == [
        (SEP_22, time(9, 0), 4, 2, "Meh | Anxious"),  # mood 7 of 10 -> 4; energy logged at the same time
        (SEP_22, time(19, 0), 5, None, "Happy"),  # 10 -> 5
        (SEP_23, time(6, 0), 1, None, "Awful | Tired"),  # "pre"; 1 -> 1
        (SEP_23, time(14, 30), None, 5, ""),  # a clock time
        (OCT_1, time(9, 0), 3, None, "Meh"),  # 5 -> 3
    ]


def test_symptoms_factors_and_medicines_are_kept_as_tracker_values():
    trackers = tracker_series(quirks())
    assert trackers["rating:headache"] == {SEP_22: 3}  # Moderate then Severe: the day's worst
    assert trackers["rating:nausea"] == {SEP_23: 3}  # Extreme
    assert trackers["tag:coffee"] == {SEP_22: 1, SEP_23: 1}
    assert trackers["tag:walk-outside"] == {SEP_22: 1, SEP_23: 0}  # 0 on a day with factors that lacks it
    assert trackers["number:hydroxyzine-mg"] == {SEP_22: Decimal(50)}
    assert trackers["number:probiotic-capsule"] == {SEP_22: Decimal(1)}
    assert "rating:bloating" not in trackers  # it has a column of its own


def test_31st_february_is_refused_with_its_row_and_nothing_written(user):
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, (SAMPLES / "bearable_bad_date.csv").read_bytes(), "bearable")
    assert caught.value.one_line() == 'Row 2, column "date": 31st Feb 2021 is not a real date'
    assert not JournalDay.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("22nd Sep 2020", date(2020, 9, 22)), ("1st Oct 2020", date(2020, 10, 1)), ("3 March 2021", date(2021, 3, 3))],
)
def test_bearable_dates_are_read(text, expected):
    assert parse_bearable_date(text, TODAY) == (expected, None)


def test_a_rating_out_of_range_or_an_unknown_time_of_day_is_refused_with_row_and_column():
    header = '"date","weekday","time of day","category","rating/amount","detail","notes"\n'
    data = (
        header + '"1st Oct 2020","Thursday","am","Mood","11","",""\n"2nd Oct 2020","Friday","noon","Mood","5","",""\n'
    )
    with pytest.raises(ImportRejected) as caught:
        parse_bearable(data.encode(), TODAY)
    assert caught.value.lines() == [
        "Row 1, column \"rating/amount\": '11' is not a rating from 1 to 10",
        "Row 2, column \"time of day\": 'noon' is not pre, am, mid, pm, all day or a clock time",
    ]


def test_the_file_imports_and_the_same_file_twice_changes_nothing(user):
    data = (SAMPLES / "bearable_quirks.csv").read_bytes()
    assert guess_format("export.csv", data) == "bearable"
    summary = run_import(user, parse_file(user, data, "bearable"))
    assert (summary.days_created, summary.checkins) == (3, 5)
    rows = sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "energy"))
    again = run_import(user, parse_file(user, data, "bearable"))
    assert (again.days_created, len(again.skipped_dates)) == (0, 3)
    assert sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "energy")) == rows
    assert user.days.get(date=SEP_22).sleep_hours == Decimal("9.8")


def test_symptoms_factors_and_medicines_are_stored_as_the_persons_trackers(user):
    summary = run_import(user, parse_file(user, (SAMPLES / "bearable_quirks.csv").read_bytes(), "bearable"))
    made = {t.column: (t.name, t.unit) for t in Tracker.objects.filter(user=user)}
    assert made["rating:headache"] == ("Headache", "")
    assert made["tag:coffee"] == ("Coffee", "")
    assert made["number:hydroxyzine-mg"] == ("Hydroxyzine", "mg")
    assert summary.trackers_created == len(made)
    on_22nd = TrackerValue.objects.filter(tracker__user=user, day__date=SEP_22)
    values = dict(on_22nd.values_list("tracker__slug", "value"))
    assert (values["headache"], values["coffee"], values["hydroxyzine-mg"]) == (3, 1, 50)
    assert summary.tracker_values == TrackerValue.objects.filter(tracker__user=user).count()
