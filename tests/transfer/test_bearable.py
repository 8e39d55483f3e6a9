from datetime import date, time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from journal.models import JournalDay, MoodCheckIn
from tests.transfer.conftest import DATA
from trackers.models import Tracker, TrackerValue
from transfer.bearable import parse_bearable, parse_bearable_date
from transfer.formats import ImportRejected, UnreadableRows, tracker_series
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
        "Row 1, column \"rating/amount\": '11' is not a rating from 0 to 10",
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


# Real exports since about 2023: a `date formatted` column, a byte-order mark, CRLF, every field quoted.
MAY_1, MAY_2, MAY_3 = date(2023, 5, 1), date(2023, 5, 2), date(2023, 5, 3)
HEADER = "date,weekday,time of day,category,rating/amount,detail,notes\n"


def recent():
    return parse_bearable((SAMPLES / "bearable_2023.csv").read_bytes(), TODAY)


def rows(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode()


def test_a_recent_export_with_a_bom_crlf_and_date_formatted_is_read():
    data = (SAMPLES / "bearable_2023.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert guess_format("Bearable App - Data Export. Generated 04-05-2023.csv", data) == "bearable"
    parsed = recent()
    assert [day.date for day in parsed.days] == [MAY_1, MAY_2, MAY_3]
    may_1 = parsed.days[0].fields
    assert may_1["sleep_hours"] == Decimal("7.5")  # "7h 30m"
    assert may_1["sleep_quality"] == 4  # no rating, the word "Good"
    assert may_1["probiotic_supplement"] is True
    # A quoted notes cell with a comma and a line break; ". " under the sleep row is not a note.
    assert may_1["notes"] == (
        "Slept badly,\nwoke at 4\nSleep: Asleep 23:30 - 07:00\nNutrition: Meals: Porridge | Soup\nProductivity: 4"
    )
    assert parsed.days[1].fields == {"sleep_hours": Decimal("7.5")}  # "07:30"
    # A day of custom categories alone is kept, its rows as notes ("the rest kept as notes").
    assert parsed.days[2].fields == {"notes": "Productivity: 2\nCustom 🌈: 1"}


def test_every_mood_row_is_a_check_in_and_energy_joins_one_at_its_time():
    checkins = [(d.date, c.time, c.mood, c.energy, c.note) for d in recent().days for c in d.checkins]
    assert checkins == [
        (MAY_1, time(8, 15), 1, 1, "Awful"),  # mood 0 -> 1; energy "v. low" with no rating -> 1
        (MAY_1, time(9, 0), 3, None, "Meh | Tired"),  # two moods in "am": two check-ins, none lost
        (MAY_1, time(9, 0), 4, None, "Good"),
        (MAY_1, time(19, 0), 5, None, "Great"),
        (MAY_2, time(21, 30), 5, None, ""),  # "9:30 pm"
    ]


def test_factors_symptoms_medicines_and_measurements_of_a_recent_export_become_trackers():
    parsed = recent()
    trackers = tracker_series(parsed)
    names = {t.column: (t.name, t.unit) for t in parsed.trackers}
    # "☕ Coffee", "coffee" and "COFFEE" are one tracker; a comma stays in its name; an emoji alone gets a slug.
    assert trackers["tag:coffee"] == {MAY_1: 1, MAY_2: 1}
    assert names["tag:coffee"] == ("☕ Coffee", "")
    assert trackers["tag:walk-outside"] == {MAY_1: 1, MAY_2: 0}
    assert names["tag:walk-outside"] == ("Walk, outside", "")
    assert trackers["tag:u-1f9d8"] == {MAY_1: 1, MAY_2: 0}
    assert trackers["tag:shared-bed"] == {MAY_1: 1}  # Sleep factors: blank on a day without them
    assert trackers["rating:nausea"] == {MAY_1: 0}  # "None" is 0
    assert trackers["rating:migraine"] == {MAY_1: 3}  # Unbearable (4) -> 3
    assert names["rating:back-lower-pain"] == ("Back (lower) pain", "")  # the severity is the last brackets
    assert trackers["number:steps"] == {MAY_1: Decimal(8512)}
    assert (names["number:weight-kg"], trackers["number:weight-kg"]) == (("Weight", "kg"), {MAY_1: Decimal("72.4")})


def test_unknown_categories_are_kept_as_notes_and_listed_with_counts():
    assert recent().warnings == [
        "Category 'Productivity': 2 rows on 2 days kept as notes",
        "Category 'Custom 🌈': 1 row on 1 day kept as notes",
    ]


def test_a_file_of_unknown_categories_alone_keeps_them_as_notes():
    parsed = parse_bearable(rows('"1st May 2023","Monday","pm","Productivity","4","",""'), TODAY)
    assert [(day.date, day.fields) for day in parsed.days] == [(MAY_1, {"notes": "Productivity: 4"})]


def test_a_blank_row_of_an_unknown_category_alone_is_named_as_not_imported():
    with pytest.raises(ImportRejected) as caught:
        parse_bearable(rows('"1st May 2023","Monday","pm","Productivity","","",""'), TODAY)
    assert "Not imported, as they hold only such rows and those are blank: 1 day (2023-05-01)" in caught.value.lines()


def test_the_preview_lists_the_categories_kept_as_notes(client, user):
    client.force_login(user)
    upload = SimpleUploadedFile("export.csv", (SAMPLES / "bearable_2023.csv").read_bytes(), content_type="text/csv")
    response = client.post(reverse("import_preview"), {"file": upload, "format": "auto"})
    assert response.status_code == 200
    assert "Category &#x27;Productivity&#x27;: 2 rows on 2 days kept as notes" in response.content.decode()
    assert not JournalDay.objects.exists()


def test_a_recent_export_twice_changes_nothing(user):
    data = (SAMPLES / "bearable_2023.csv").read_bytes()
    first = run_import(user, parse_file(user, data, "bearable"))
    assert (first.days_created, first.checkins) == (3, 5)
    before = (
        sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "energy", "note")),
        sorted(TrackerValue.objects.values_list("tracker__slug", "day__date", "value")),
        sorted(Tracker.objects.values_list("slug", "name", "unit")),
        sorted(JournalDay.objects.values_list("date", "sleep_hours", "notes")),
    )
    again = run_import(user, parse_file(user, data, "bearable"))
    assert (again.days_created, again.checkins, again.trackers_created, again.tracker_values) == (0, 0, 0, 0)
    assert again.skipped_dates == [MAY_1, MAY_2, MAY_3]
    after = (
        sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "energy", "note")),
        sorted(TrackerValue.objects.values_list("tracker__slug", "day__date", "value")),
        sorted(Tracker.objects.values_list("slug", "name", "unit")),
        sorted(JournalDay.objects.values_list("date", "sleep_hours", "notes")),
    )
    assert after == before


def test_a_factor_joins_the_persons_tracker_of_the_same_name_whatever_its_case(user):
    Tracker.objects.create(user=user, kind="tag", name="Coffee", slug="coffee")
    summary = run_import(
        user, parse_file(user, rows('"1st May 2023","Monday","all day","Factors","","COFFEE",""'), "bearable")
    )
    assert summary.trackers_created == 0
    assert list(TrackerValue.objects.values_list("tracker__name", "value")) == [("Coffee", 1)]


@pytest.mark.parametrize(
    "header",
    [
        "Date,Weekday,Time Of Day,Category,Rating/Amount,Detail,Notes\n",
        " date , weekday ,time_of_day, CATEGORY ,rating / amount,detail,notes\n",
        "category,detail,rating/amount,extra,date,notes,time of day,weekday\n",
    ],
)
def test_columns_are_found_by_name_whatever_their_case_spacing_or_order(header):
    names = [name.strip().lower().replace("_", " ").replace(" / ", "/") for name in header.split(",")]
    cells = {"date": "1st May 2023", "weekday": "Monday", "time of day": "am", "category": "Mood"}
    cells |= {"rating/amount": "8", "detail": "Good", "notes": "", "extra": "x"}
    line = ",".join(f'"{cells[name]}"' for name in names)
    parsed = parse_bearable(rows(line, header=header), TODAY)
    assert [(c.time, c.mood) for c in parsed.days[0].checkins] == [(time(9, 0), 4)]
    assert guess_format("export.csv", rows(line, header=header)) == "bearable"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-05-01", date(2023, 5, 1)),
        ("2023-05-01T22:15:00.000Z", date(2023, 5, 1)),
        ("2023-05-01 22:15:00", date(2023, 5, 1)),
        ("May 1, 2023", date(2023, 5, 1)),
        ("Monday, 1st May 2023", date(2023, 5, 1)),
        ("September 22nd, 2020", date(2020, 9, 22)),
    ],
)
def test_iso_and_written_out_dates_are_read(text, expected):
    assert parse_bearable_date(text, TODAY) == (expected, None)


def test_date_formatted_is_read_before_date():
    header = "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
    parsed = parse_bearable(
        rows('"2023-04-30T23:30:00.000Z","2023-05-01","Monday","am","Mood","8","",""', header=header), TODAY
    )
    assert [day.date for day in parsed.days] == [MAY_1]


def test_slashed_dates_are_read_only_when_the_file_tells_day_from_month():
    line = '"{}","","am","Mood","8","",""'
    parsed = parse_bearable(rows(line.format("13/05/2023"), line.format("05/04/2023")), TODAY)
    assert [day.date for day in parsed.days] == [date(2023, 4, 5), date(2023, 5, 13)]  # day first
    with pytest.raises(ImportRejected) as caught:
        parse_bearable(rows(line.format("05/04/2023")), TODAY)
    assert caught.value.lines() == [
        'Row 1, column "date": 05/04/2023 could be day/month or month/day, and no other date of the file tells which'
    ]


@pytest.mark.parametrize(
    ("mood", "ours"),
    [("0", 1), ("1", 1), ("2", 1), ("3", 2), ("4", 2), ("5", 3), ("6", 3), ("7", 4), ("8", 4), ("9", 5), ("10", 5)],
)
def test_mood_0_to_10_maps_onto_1_to_5_keeping_order(mood, ours):
    parsed = parse_bearable(rows(f'"1st May 2023","Monday","am","Mood","{mood}","",""'), TODAY)
    assert parsed.days[0].checkins[0].mood == ours


def test_energy_is_1_to_5_unless_the_file_rates_it_above_5_then_it_is_halved():
    five = parse_bearable(rows('"1st May 2023","","am","Energy","4","",""'), TODAY)
    assert five.days[0].checkins[0].energy == 4
    ten = parse_bearable(
        rows('"1st May 2023","","am","Energy","4","",""', '"2nd May 2023","","am","Energy","9","",""'), TODAY
    )
    assert [day.checkins[0].energy for day in ten.days] == [2, 5]


@pytest.mark.parametrize(
    ("amount", "hours"),
    [
        ("7.5", "7.5"),
        ("7,5", "7.5"),
        ("7:30", "7.5"),
        ("07:30", "7.5"),
        ("7h 30m", "7.5"),
        ("7 hrs 15 mins", "7.3"),
        ("45m", "0.8"),
        ("8h", "8.0"),
    ],
)
def test_sleep_is_read_as_hours_in_its_usual_spellings(amount, hours):
    parsed = parse_bearable(rows(f'"1st May 2023","","","Sleep","{amount}","",""'), TODAY)
    assert parsed.days[0].fields["sleep_hours"] == Decimal(hours)


@pytest.mark.parametrize("amount", ["450", "7.5.1", "about 7", "25:00", "7h 75m"])
def test_sleep_that_is_not_clearly_hours_is_listed_with_its_row(amount):
    data = rows('"1st May 2023","","am","Mood","8","",""', f'"2nd May 2023","","","Sleep","{amount}","",""')
    with pytest.raises(UnreadableRows) as caught:
        parse_bearable(data, TODAY)
    assert caught.value.lines() == [
        f'Row 2, column "rating/amount": {amount!r} is not hours asleep such as 7:30, 7.5 or 7h 30m'
    ]


@pytest.mark.parametrize(
    ("amount", "detail", "level"),
    [
        ("0", "Nausea", 0),
        ("1", "Nausea", 1),
        ("2", "Nausea", 2),
        ("3", "Nausea", 3),
        ("4", "Nausea", 3),
        ("", "Nausea (Mild)", 1),
    ],
)
def test_symptom_severity_0_to_4_maps_onto_0_to_3_keeping_order(amount, detail, level):
    parsed = parse_bearable(rows(f'"1st May 2023","","pm","Symptom","{amount}","{detail}",""'), TODAY)
    assert parsed.days[0].trackers == {"rating:nausea": level}


def test_a_symptom_named_with_brackets_keeps_them_in_its_name():
    parsed = parse_bearable(rows('"1st May 2023","","pm","Symptom","2","Pain (lower back)",""'), TODAY)
    assert [(t.column, t.name) for t in parsed.trackers] == [("rating:pain-lower-back", "Pain (lower back)")]


def test_the_2021_export_layout_reads():
    """As Bearable wrote it in 2021: an unquoted header, one-digit hours, Food Diary factors."""
    data = rows(
        '"21st Nov 2020","Saturday","0:44","Meds/Supplements","100","Clomipramine (mg)",""',
        '"21st Nov 2020","Saturday","00:49","Mood","6","",""',
        '"21st Nov 2020","Saturday","all day","Food Diary factors","","Mostly healthy | Caffeine",""',
        '"21st Nov 2020","Saturday","23:21","Gratitudes","","Charlotte being here",""',
    )
    assert guess_format("export.csv", data) == "bearable"
    parsed = parse_bearable(data, TODAY)
    day = parsed.days[0]
    assert [(c.time, c.mood) for c in day.checkins] == [(time(0, 49), 3)]
    assert day.trackers == {"number:clomipramine-mg": 100, "tag:mostly-healthy": 1, "tag:caffeine": 1}
    assert day.fields["notes"] == "Gratitudes: Charlotte being here"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\r\n", "the file is empty"),
        (HEADER.encode(), "this export holds no rows, only its header"),
        (b"full_date,date,weekday,time,mood,activities,note_title,note\n", 'Column "category": missing column'),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_a_bearable_export_is_refused_with_a_reason(user, data, reason):
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "bearable")
    assert reason in caught.value.one_line()
    assert not JournalDay.objects.exists()


BAD_DATE = rows(
    '"1st May 2023","Monday","am","Mood","8","",""',
    '"2023-13-45","Tuesday","am","Mood","6","",""',
    '"3rd May 2023","Wednesday","am","Mood","4","",""',
)


def test_a_malformed_date_lists_its_row_and_the_rest_imports_only_by_choice(user):
    with pytest.raises(UnreadableRows) as caught:
        parse_file(user, BAD_DATE, "bearable")
    assert caught.value.lines() == ['Row 2, column "date": 2023-13-45 is not a real date']
    assert (caught.value.readable, caught.value.row_count) == (2, 1)
    assert not JournalDay.objects.exists()
    parsed = parse_file(user, BAD_DATE, "bearable", skip_bad_rows=True)
    assert [str(error) for error in parsed.skipped_rows] == ['Row 2, column "date": 2023-13-45 is not a real date']
    assert run_import(user, parsed).days_created == 2


@pytest.mark.parametrize(
    "line",
    [
        '"1st May 2023","","am","Mood","NaN","",""',
        '"1st May 2023","","am","Meds/Supplements","1e999999","Aspirin (mg)",""',
        '"1st May 2023","","am","Health measurements","-3","Steps",""',
        '"1st May 2023","","25:00","Mood","5","",""',
        '"1st May 2023","","am","Mood","5",""',
        '"1st May 2023","","am","Symptom","","Headache (Bad)",""',
        '"99th May 2023","","am","Mood","5","",""',
    ],
)
def test_a_bad_row_is_listed_never_a_crash(line):
    with pytest.raises(UnreadableRows) as caught:
        parse_bearable(rows('"2nd May 2023","","am","Mood","8","",""', line), TODAY)
    assert caught.value.lines()[0].startswith("Row 2")


def test_the_preview_lists_a_bad_row_writes_nothing_and_imports_the_rest_when_ticked(client, user):
    client.force_login(user)
    upload = SimpleUploadedFile("export.csv", BAD_DATE, content_type="text/csv")
    response = client.post(reverse("import_preview"), {"file": upload, "format": "auto"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 2, column &quot;date&quot;: 2023-13-45 is not a real date" in page
    assert "Import the readable rows and skip this 1 row" in page
    assert not JournalDay.objects.exists()
    form = response.context["form"]
    data = {"payload": form["payload"].value(), "format": form["format"].value()}
    refused = client.post(reverse("import_confirm"), data)
    assert refused.status_code == 400
    assert not JournalDay.objects.exists()
    done = client.post(reverse("import_confirm"), {**data, "skip_bad_rows": "on"})
    assert done.status_code == 302
    assert sorted(JournalDay.objects.values_list("date", flat=True)) == [MAY_1, date(2023, 5, 3)]


def test_long_notes_are_cut_with_a_warning_and_a_note_of_emoji_is_kept():
    long = "x" * 1500
    data = rows(
        f'"1st May 2023","","am","Gratitudes","","{long}","😊"',
        f'"1st May 2023","","pm","Gratitudes","","{long}",""',
    )
    parsed = parse_bearable(data, TODAY)
    notes = parsed.days[0].fields["notes"]
    assert len(notes) == 2000 and notes.startswith(f"Gratitudes: {long}\n😊\n")
    assert parsed.warnings == ["2023-05-01: the notes come to 3027 characters; the first 2000 are kept"]


def test_the_command_names_the_bad_row_and_skips_it_only_when_asked(user, tmp_path):
    path = tmp_path / "Bearable export.csv"
    path.write_bytes(BAD_DATE)
    with pytest.raises(CommandError) as caught:
        call_command("import_journal", "alice", str(path), stdout=StringIO())
    assert 'Row 2, column "date": 2023-13-45 is not a real date (--skip-bad-rows imports' in str(caught.value)
    assert not JournalDay.objects.exists()
    out = StringIO()
    call_command("import_journal", "alice", str(path), "--skip-bad-rows", stdout=out)
    assert "(bearable)" in out.getvalue() and "2 days added" in out.getvalue()
    assert "1 unreadable rows skipped" in out.getvalue()
