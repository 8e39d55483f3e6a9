import datetime as dt

import pytest

from journal.models import Meal, MoodCheckIn
from tests.factories import FoodFactory, JournalDayFactory
from tests.transfer.conftest import catalogue_food
from transfer.daylio import parse_clock, parse_mood_map
from transfer.formats import ImportRejected, UnmappedMoods
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def import_daylio(user, data: bytes, mood_map=None, replace=False):
    return run_import(user, parse_file(user, data, "daylio", mood_map), replace=replace)


def checkins(user):
    return list(MoodCheckIn.objects.filter(day__user=user).order_by("day__date", "time"))


def test_older_seven_column_sample_imports_every_entry_at_its_time(user, sample):
    summary = import_daylio(user, sample("daylio-parser_test_data.csv"))
    assert summary.checkins == 32
    assert summary.days_created == 5
    times = {(c.day.date, c.time) for c in checkins(user)}
    assert (dt.date(2020, 5, 30), dt.time(18, 50)) in times
    assert (dt.date(2020, 5, 25), dt.time(14, 58)) in times  # the one 24-hour time
    assert (dt.date(2020, 5, 28), dt.time(0, 19)) in times  # 12:19 am


def test_older_sample_keeps_notes_and_activities(user, sample):
    import_daylio(user, sample("daylio-parser_test_data.csv"))
    evening = MoodCheckIn.objects.get(day__date=dt.date(2020, 5, 30), time=dt.time(18, 50))
    assert evening.mood == 5
    assert evening.note == "Awesome"
    assert evening.activities == "friends | gaming | programming | nap"


def test_standard_moods_map_to_five_through_one(user, sample):
    import_daylio(user, sample("daylio-parser_test_data.csv"))
    day = {c.time: c.mood for c in checkins(user) if c.day.date == dt.date(2020, 5, 25)}
    assert day[dt.time(18, 51)] == 1  # awful
    assert day[dt.time(20, 0)] == 2  # bad
    assert day[dt.time(14, 58)] == 3  # meh


def test_escaped_characters_sample_is_rejected_naming_its_fourth_row(user, sample, counts):
    before = counts()
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, sample("obsidian-daylio-parser_escaped-characters.csv"), "daylio", {})
    assert not isinstance(caught.value, UnmappedMoods)
    assert "Row 4: 9 cells where the header has 8" in caught.value.lines()
    assert counts() == before


def test_escaped_characters_sample_names_only_row_four_when_moods_are_mapped(user, sample):
    moods = parse_mood_map("vaguely ok=3,vaguely good=4,fatigued=2,captivated=5,tired=2")
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, sample("obsidian-daylio-parser_escaped-characters.csv"), "daylio", moods)
    assert [e.row for e in caught.value.errors] == [4]


def test_custom_moods_need_a_mood_map(user, sample, counts):
    before = counts()
    with pytest.raises(UnmappedMoods) as caught:
        parse_file(user, sample("daylio-csv-parser_sample.csv"), "daylio")
    assert caught.value.moods == ["sad", "average"]
    assert 'Row 1, column "mood"' in caught.value.one_line()
    assert counts() == before


def test_custom_moods_with_trailing_spaces_import_with_a_mood_map(user, sample):
    summary = import_daylio(user, sample("daylio-csv-parser_sample.csv"), parse_mood_map("sad=2,average=3"))
    assert summary.checkins == 3
    first = MoodCheckIn.objects.get(day__date=dt.date(2021, 9, 28))
    assert (first.mood, first.time) == (2, dt.time(22, 0))
    assert first.activities == "clean | music | movies / tv | bad sleep | tired | sleep early | stomachache"


def test_mixed_case_renamed_moods_are_matched_case_insensitively(user, sample):
    with pytest.raises(UnmappedMoods) as caught:
        parse_file(user, sample("daylio-csv-parser_sample_multiple_moods.csv"), "daylio")
    assert caught.value.moods == ["OK", "Refreshed", "ok but sleepy", "Anxious"]
    moods = parse_mood_map("ok=3,REFRESHED=4,Ok But Sleepy=3,anxious=2")
    summary = import_daylio(user, sample("daylio-csv-parser_sample_multiple_moods.csv"), moods)
    assert summary.checkins == 7
    assert summary.days_created == 5
    assert MoodCheckIn.objects.get(day__date=dt.date(2020, 8, 31)).mood == 4


def test_newer_export_keeps_scales_with_the_checkin(user, sample):
    moods = parse_mood_map("helpless=1,laughing=5,rested=4,vaguely ok=3,tired=2,vaguely bad=2")
    summary = import_daylio(user, sample("obsidian-daylio-parser_export_ok_scales.csv"), moods)
    assert summary.checkins == 7
    rested = MoodCheckIn.objects.get(day__date=dt.date(2026, 4, 12), time=dt.time(12, 0))
    assert rested.scales == "Sleep Quality: 8/10 points | Sleep Time: 8:00 | Awake mid-sleep: 1:00"
    assert rested.note == "Testing the note."


def test_byte_order_mark_is_tolerated(user):
    data = "\ufeff".encode() + (HEADER + '2024-03-01,1 March,Friday,09:00,good,"","",""\n').encode()
    assert import_daylio(user, data).checkins == 1


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("6:50 pm", dt.time(18, 50)),
        ("10:04 AM", dt.time(10, 4)),
        ("12:00 AM", dt.time(0, 0)),
        ("12:30 pm", dt.time(12, 30)),
        ("14:58", dt.time(14, 58)),
        ("08:13", dt.time(8, 13)),
        ("0:05", dt.time(0, 5)),
    ],
)
def test_twelve_and_twenty_four_hour_times_are_read(written, expected):
    assert parse_clock(written) == expected


@pytest.mark.parametrize("written", ["13:00 pm", "24:00", "9:60", "noon", "", "0:30 am", "6:50 p"])
def test_impossible_times_are_not_read(written):
    assert parse_clock(written) is None


def test_doubled_quotes_and_a_newline_in_a_quoted_note_are_kept(user):
    data = (HEADER + '2024-03-01,1 March,Friday,9:00 am,meh,"said ""hi""","Title","line one\nline ""two"""\n').encode()
    import_daylio(user, data)
    checkin = MoodCheckIn.objects.get()
    assert checkin.activities == 'said "hi"'
    assert checkin.note == 'Title\nline one\nline "two"'


def test_several_entries_a_day_become_several_checkins_of_one_day(user):
    rows = "".join(f'2024-03-01,1 March,Friday,{t},good,"","",""\n' for t in ("8:00 am", "1:00 pm", "21:30"))
    summary = import_daylio(user, (HEADER + rows).encode())
    assert (summary.days_created, summary.checkins) == (1, 3)
    assert [c.time for c in checkins(user)] == [dt.time(8), dt.time(13), dt.time(21, 30)]


def test_activities_are_trimmed_and_joined_with_bars(user):
    import_daylio(user, (HEADER + '2024-03-01,1 March,Friday,9:00,good,"  walk |cook  ||  read ","",""\n').encode())
    assert MoodCheckIn.objects.get().activities == "walk | cook | read"


def test_activities_that_name_a_catalogue_food_become_a_snack(user):
    catalogue_food("Yogurt, plain (whole milk)", is_probiotic=True)
    catalogue_food("Kimchi", is_probiotic=True)
    data = (HEADER + '2024-03-01,1 March,Friday,4:00 pm,good,"work | yogurt | KIMCHI","",""\n').encode()
    parsed = parse_file(user, data, "daylio")
    assert parsed.food_matches == {"Yogurt, plain (whole milk)": 1, "Kimchi": 1}
    summary = run_import(user, parsed)
    meal = Meal.objects.get(day__user=user)
    assert (meal.meal_type, meal.time, summary.meal_items) == ("snack", dt.time(16), 2)
    assert sorted((i.food.name, i.servings) for i in meal.items.all()) == [
        ("Kimchi", 1),
        ("Yogurt, plain (whole milk)", 1),
    ]


def test_an_exact_food_name_wins_over_a_longer_name_that_starts_with_it(user):
    catalogue_food("Tempeh, fried")
    catalogue_food("Tempeh")
    data = (HEADER + '2024-03-01,1 March,Friday,4:00 pm,good,"tempeh","",""\n').encode()
    assert parse_file(user, data, "daylio").food_matches == {"Tempeh": 1}


def test_another_users_food_is_never_matched(user, other_user):
    FoodFactory(name="Secret kefir", owner=other_user)
    data = (HEADER + '2024-03-01,1 March,Friday,9:00,good,"secret kefir","",""\n').encode()
    assert parse_file(user, data, "daylio").food_matches == {}


def test_a_row_with_too_few_cells_rejects_the_file(user, counts):
    data = (HEADER + '2024-03-01,1 March,Friday,9:00,good,"","",""\n2024-03-02,2 March,Saturday,9:00,good\n').encode()
    before = counts()
    with pytest.raises(ImportRejected, match="Row 2: 5 cells where the header has 8"):
        parse_file(user, data, "daylio")
    assert counts() == before


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ("2024-02-30,x,x,9:00,good", "full_date"),
        ("01/03/2024,x,x,9:00,good", "full_date"),
        ("1999-12-31,x,x,9:00,good", "full_date"),
        ("2024-03-01,x,x,9:00,", "mood"),
    ],
)
def test_a_bad_date_or_empty_mood_names_its_row_and_column(user, cells, column):
    data = (HEADER + '2024-03-01,x,x,9:00,good,"","",""\n' + cells + ',"","",""\n').encode()
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "daylio")
    assert (caught.value.errors[0].row, caught.value.errors[0].column) == (2, column)


def test_a_date_in_the_future_of_the_users_zone_is_rejected(user):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    data = (HEADER + f'{tomorrow.isoformat()},x,x,9:00,good,"","",""\n').encode()
    with pytest.raises(ImportRejected, match="in the future"):
        parse_file(user, data, "daylio")


def test_a_file_without_daylio_columns_is_rejected(user):
    with pytest.raises(ImportRejected, match='Column "full_date": missing column'):
        parse_file(user, b"date,mood\n2024-01-01,3\n", "daylio")


def test_reimporting_the_same_export_changes_nothing(user, sample, counts):
    import_daylio(user, sample("daylio-parser_test_data.csv"))
    before = counts()
    summary = import_daylio(user, sample("daylio-parser_test_data.csv"))
    assert counts() == before
    assert len(summary.skipped_dates) == 5


def test_days_already_in_the_journal_are_kept_unless_replaced(user, sample):
    JournalDayFactory(user=user, date=dt.date(2020, 5, 30), stress=4)
    summary = import_daylio(user, sample("daylio-parser_test_data.csv"))
    assert summary.skipped_dates == [dt.date(2020, 5, 30)]
    assert not MoodCheckIn.objects.filter(day__date=dt.date(2020, 5, 30)).exists()
    summary = import_daylio(user, sample("daylio-parser_test_data.csv"), replace=True)
    assert summary.days_replaced == 5
    assert summary.skipped_dates == []
    assert MoodCheckIn.objects.filter(day__date=dt.date(2020, 5, 30)).count() == 4


@pytest.mark.parametrize("text", ["ok", "ok=6", "=3", "ok=three"])
def test_a_malformed_mood_map_is_refused(text):
    with pytest.raises(ValueError, match="must look like"):
        parse_mood_map(text)
