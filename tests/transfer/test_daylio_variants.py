"""Daylio CSV exports as real phones write them, beyond the samples in tests/data/daylio (docs/formats.md,
"Daylio import"): other encodings of the same header, other languages, many activities, bad files."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.models import MoodCheckIn
from tests.transfer.conftest import row_counts
from trackers.models import NAME_MAX_LENGTH, Tracker, TrackerValue
from transfer.daylio import guess_mood, parse_clock
from transfer.formats import ImportRejected, UnmappedMoods, UnreadableRows, tracker_series
from transfer.services import guess_format, parse_file, preview_import, run_import

pytestmark = pytest.mark.django_db

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note"


def csv_bytes(*rows: str, header: str = HEADER, end: str = "\n") -> bytes:
    return end.join([header, *rows, ""]).encode()


def import_daylio(user, data: bytes, mood_map=None):
    return run_import(user, parse_file(user, data, "daylio", mood_map))


def everything() -> dict[str, int]:
    """Every journal table and the trackers with their values: what an import may write."""
    return {**row_counts(), "trackers": Tracker.objects.count(), "values": TrackerValue.objects.count()}


# 1. One header, written in different ways


def test_a_byte_order_mark_crlf_line_ends_and_a_crlf_inside_a_quoted_note(user):
    data = "\ufeff".encode() + csv_bytes(
        '2024-03-01,1 March,Friday,9:00,good,"walk","Title","line one\r\nline ""two"""',
        '2024-03-02,2 March,Saturday,10:00,meh,"","",""',
        end="\r\n",
    )
    assert import_daylio(user, data).checkins == 2
    first = MoodCheckIn.objects.get(day__date=dt.date(2024, 3, 1))
    assert first.note == 'Title\nline one\nline "two"'
    assert first.activities == "walk"


def test_a_header_saved_with_semicolons_by_a_spreadsheet_is_read(user):
    header = "full_date;date;weekday;time;mood;activities;note_title;note"
    data = csv_bytes('2024-03-01;1. März;Freitag;20:15;good;"tea, green | walk";"";"a; b"', header=header)
    import_daylio(user, data)
    checkin = MoodCheckIn.objects.get()
    assert (checkin.time, checkin.activities, checkin.note) == (dt.time(20, 15), "tea, green | walk", "a; b")
    assert guess_format("export.csv", data) == "daylio"


def test_a_comma_file_with_semicolons_in_its_cells_stays_a_comma_file(user):
    data = csv_bytes('2024-03-01,x,x,9:00,good,"a;b","","x;y;z"')
    import_daylio(user, data)
    assert MoodCheckIn.objects.get().note == "x;y;z"


def test_columns_in_another_order_unknown_columns_and_no_note_title(user):
    header = "mood,full_date,time,scales,activities,note,extra column,date"
    data = csv_bytes(
        'good,2024-03-01,9:00,"Sleep Time: 7:30 | Energy: 4/5 points","walk",hello,whatever,"1 mars"', header=header
    )
    parsed = parse_file(user, data, "daylio")
    run_import(user, parsed)
    checkin = MoodCheckIn.objects.get()
    assert (checkin.mood, checkin.time, checkin.note, checkin.activities) == (4, dt.time(9), "hello", "walk")
    assert user.days.get().sleep_hours == Decimal("7.5")
    assert tracker_series(parsed)["number:energy"] == {dt.date(2024, 3, 1): Decimal(4)}


@pytest.mark.parametrize(
    "head",
    [
        '"full_date","date","weekday","time","mood","activities","note_title","note"\n',
        "\ufeffmood,time,full_date,note\n",
        "full_date;date;weekday;time;mood;activities;note\n",
    ],
)
def test_daylio_headers_are_recognised_quoted_reordered_or_with_semicolons(head):
    assert guess_format("upload.csv", head.encode()) == "daylio"


def test_a_header_that_only_starts_like_daylio_is_not_taken_for_one():
    assert guess_format("upload.csv", b"full_date_of_birth,name\n") == "csv"


# 2. Other languages


def test_localised_date_and_weekday_columns_are_ignored_in_favour_of_full_date(user):
    data = csv_bytes(
        '2024-03-01,1. März,Freitag,20:15,good,"","",""',
        '2024-03-02,2 de marzo,sábado,8:15 p. m.,bad,"","",""',
        '2024-03-03,3月3日,日曜日,午後8:15,meh,"","",""',
    )
    import_daylio(user, data)
    rows = sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood"))
    assert rows == [
        (dt.date(2024, 3, 1), dt.time(20, 15), 4),
        (dt.date(2024, 3, 2), dt.time(20, 15), 2),
        (dt.date(2024, 3, 3), dt.time(20, 15), 3),
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("20:15", dt.time(20, 15)),
        ("8:15 PM", dt.time(20, 15)),
        ("8:15 pm", dt.time(20, 15)),
        ("08:15", dt.time(8, 15)),
        ("8:15\u202fPM", dt.time(20, 15)),  # Android 14 puts a narrow no-break space before AM/PM
        ("8:15\xa0am", dt.time(8, 15)),
        ("8:15 p. m.", dt.time(20, 15)),
        ("8:15 a. m.", dt.time(8, 15)),
        ("12:05 a. m.", dt.time(0, 5)),
        ("8:15 p.m.", dt.time(20, 15)),
        ("午後8:15", dt.time(20, 15)),
        ("午前8:15", dt.time(8, 15)),
        ("下午8:15", dt.time(20, 15)),
        ("오후 8:15", dt.time(20, 15)),
        ("8:15 em", dt.time(20, 15)),
        ("20.15", dt.time(20, 15)),
        ("20 h 15", dt.time(20, 15)),
        ("20:15:42", dt.time(20, 15)),
    ],
)
def test_times_as_phones_write_them_in_other_languages(written, expected):
    assert parse_clock(written) == expected


@pytest.mark.parametrize("written", ["8:15 xyz", "13:00 午後", "0:30 a. m.", "soon", "8:15 p"])
def test_unknown_markers_and_impossible_times_are_not_guessed(written):
    assert parse_clock(written) is None


def test_an_unreadable_time_is_a_malformed_row_named_and_the_rest_imports_only_by_choice(user, client_a, counts):
    before = counts()
    data = csv_bytes(
        '2024-03-01,x,x,9:00,good,"","",""',
        '2024-03-02,x,x,kl. acht,bad,"","","evening"',
        '2024-03-03,x,x,,meh,"","",""',
    )
    with pytest.raises(UnreadableRows) as caught:
        parse_file(user, data, "daylio")
    lines = caught.value.lines()
    assert any(line.startswith('Row 2, column "time": ') and "kl. acht" in line for line in lines)
    assert any(line.startswith('Row 3, column "time": ') for line in lines)
    response = client_a.post(reverse("import_preview"), {"file": SimpleUploadedFile("d.csv", data), "format": "daylio"})
    assert "kl. acht" in response.content.decode()
    assert counts() == before  # nothing written
    run_import(user, parse_file(user, data, "daylio", skip_bad_rows=True))
    assert list(user.days.values_list("date", flat=True)) == [dt.date(2024, 3, 1)]


# 3. Moods


def test_the_five_default_moods_in_any_case_and_spacing(user):
    rows = [
        f'2024-03-0{n},x,x,9:00,{mood},"","",""' for n, mood in enumerate(["Rad", "GOOD", " Meh ", "bAd", "Awful"], 1)
    ]
    import_daylio(user, csv_bytes(*rows))
    assert list(MoodCheckIn.objects.order_by("day__date").values_list("mood", flat=True)) == [5, 4, 3, 2, 1]


def test_a_custom_name_written_in_two_cases_is_asked_once(user):
    data = csv_bytes('2024-03-01,x,x,9:00,Müde,"","",""', '2024-03-02,x,x,9:00,müde ,"","",""')
    with pytest.raises(UnmappedMoods) as caught:
        parse_file(user, data, "daylio")
    assert caught.value.moods == ["Müde"]
    import_daylio(user, data, {"müde": 2})
    assert list(MoodCheckIn.objects.values_list("mood", flat=True)) == [2, 2]


@pytest.mark.parametrize(
    ("name", "score"),
    [("super", 5), ("genial", 5), ("gut", 4), ("bien", 4), ("normal", 3), ("普通", 3), ("schlecht", 2), ("mal", 2)]
    + [("schrecklich", 1), ("最悪", 1), ("Wolke sieben", None)],
)
def test_custom_mood_names_in_other_languages_get_a_default_guess(name, score):
    assert guess_mood(name) == score


def test_the_preview_offers_a_select_per_custom_name_with_its_guess_and_no_command_line_talk(client_a, user):
    data = csv_bytes(
        '2024-03-01,x,x,9:00,Gut,"","",""',
        '2024-03-02,x,x,9:00,gut,"","",""',  # the same name: one select (CSV cannot tell two levels apart)
        '2024-03-03,x,x,9:00,Wolke sieben,"","",""',
    )
    response = client_a.post(reverse("import_preview"), {"file": SimpleUploadedFile("d.csv", data), "format": "auto"})
    assert response.status_code == 200
    assert response.context["moods"] == ["Gut", "Wolke sieben"]
    page = response.content.decode()
    assert '<option value="4" selected>' in page
    assert "--mood-map" not in page and "manage.py" not in page


# 4. Activities


def test_activities_with_commas_emoji_spaces_and_repeats_become_one_tag_each(user):
    data = csv_bytes(
        '2024-03-01,x,x,9:00,good,"  tea, green |🏃 run| Walk | walk |🍎","",""',
        '2024-03-02,x,x,9:00,good,"WALK | 🍎","",""',
    )
    parsed = parse_file(user, data, "daylio")
    assert parsed.days[0].checkins[0].activities == "tea, green | 🏃 run | Walk | 🍎"
    run_import(user, parsed)
    names = sorted(Tracker.objects.filter(user=user).values_list("name", flat=True))
    assert names == ["Walk", "tea, green", "🍎", "🏃 run"]
    walk = dict(TrackerValue.objects.filter(tracker__name="Walk").values_list("day__date", "value"))
    assert walk == {dt.date(2024, 3, 1): 1, dt.date(2024, 3, 2): 1}


def test_an_activity_joins_the_persons_tracker_whatever_its_case(user):
    Tracker.objects.create(user=user, kind="tag", name="Coffee", slug="coffee")
    summary = import_daylio(user, csv_bytes('2024-03-01,x,x,9:00,good,"COFFEE","",""'))
    assert summary.trackers_created == 0
    assert TrackerValue.objects.get().tracker.name == "Coffee"


def test_long_activity_names_fit_a_tracker_name_and_stay_apart(user):
    stem = "a very long activity name that somebody typed into Daylio once"
    data = csv_bytes(f'2024-03-01,x,x,9:00,good,"{stem} in spring | {stem} in autumn","",""')
    import_daylio(user, data)
    names = list(Tracker.objects.filter(user=user).values_list("name", flat=True))
    assert len(names) == 2 and len({n.casefold() for n in names}) == 2
    assert all(len(name) <= NAME_MAX_LENGTH for name in names)


def test_three_hundred_activities_preview_and_import_one_tag_each(client_a, user):
    rows = [
        f'2024-01-{day:02d},x,x,9:00,good,"{" | ".join(f"Activity {n}" for n in range(day * 10, day * 10 + 10))}","",""'
        for day in range(1, 31)
    ]
    rows.append('2024-01-31,x,x,9:00,good,"activity 10 | ACTIVITY 11","",""')  # repeats in other cases
    data = csv_bytes(*rows)
    response = client_a.post(reverse("import_preview"), {"file": SimpleUploadedFile("d.csv", data), "format": "daylio"})
    assert response.status_code == 200
    assert len(response.context["choices"].activities) == 300
    assert response.content.decode().count('type="checkbox" name="activities"') == 300
    summary = import_daylio(user, data)
    assert summary.trackers_created == Tracker.objects.filter(user=user).count() == 300
    assert summary.tracker_values == 31 * 300


# 5. The same file twice


def test_reimporting_a_file_with_activities_and_scales_changes_nothing(user, sample):
    moods = {"helpless": 1, "laughing": 5, "rested": 4, "vaguely ok": 3, "tired": 2, "vaguely bad": 2}
    data = sample("obsidian-daylio-parser_export_ok_scales.csv")
    import_daylio(user, data, moods)
    before = everything()
    again = import_daylio(user, data, moods)
    assert everything() == before
    assert (again.days_created, again.trackers_created, again.checkins) == (0, 0, 0)


# 6. Files that are not a Daylio export


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        ("\ufeff".encode(), "the file is empty"),
        (b"\n\r\n  \n", "the file is empty"),
        ((HEADER + "\n").encode(), "the file has a header but no entries"),
        ((HEADER + "\r\n\r\n\r\n").encode(), "the file has a header but no entries"),
        (b"date,steps\n2024-01-01,8000\n", 'Column "full_date": missing column'),
        (b'{"format": "gut-mood-journal"}', 'Column "full_date": missing column'),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b'full_date,time,mood,note\n2024-01-01,9:00,good,"' + b"x" * 200_000 + b'"\n', "not valid CSV at line 2"),
    ],
)
def test_a_file_that_is_not_a_daylio_export_is_refused_and_nothing_written(user, data, message):
    before = everything()
    with pytest.raises(ImportRejected, match=message):
        parse_file(user, data, "daylio")
    assert everything() == before


def test_the_preview_refuses_a_non_daylio_file_with_its_reason_and_no_error_page(client_a, user):
    before = everything()
    for data, reason in [
        (b"date,steps\n2024-01-01,8000\n", 'Column "full_date": missing column: is this a Daylio export?'),
        ((HEADER + "\n").encode(), "the file has a header but no entries"),
        (csv_bytes('2024-03-01,x,x,9:00,good,"","",""', "2024-03-02,x,x"), "Row 2: 3 cells where the header has 8"),
    ]:
        response = client_a.post(
            reverse("import_preview"), {"file": SimpleUploadedFile("d.csv", data), "format": "daylio"}
        )
        assert response.status_code == 400 if "Row" not in reason else 200
        shown = (
            response.context["import_errors"] if response.status_code == 400 else response.context["choices"].bad_rows
        )
        assert reason in shown
    assert everything() == before


def test_preview_import_of_a_bad_file_raises_import_rejected_only(user):
    with pytest.raises(ImportRejected):
        preview_import(user, b"\x00\x01\x02", "daylio", replace=False)
