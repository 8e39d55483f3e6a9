import base64
import io
import json
import zipfile
from datetime import date, time
from decimal import Decimal

import pytest

from journal.models import MoodCheckIn
from tests.transfer.conftest import DATA
from trackers.models import Tracker, TrackerValue
from transfer.daylio_backup import parse_daylio_backup, strip_html
from transfer.formats import ImportRejected, tracker_series
from transfer.services import guess_format, parse_file, run_import

pytestmark = pytest.mark.django_db
SAMPLES = DATA / "daylio-backup"
TODAY = date(2026, 1, 1)


def official() -> bytes:
    return (SAMPLES / "guekka_official_english_v15.daylio").read_bytes()


def backup(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("backup.daylio", payload)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(ImportRejected) as caught:
        parse_daylio_backup(data, TODAY)
    return caught.value.one_line()


def test_the_official_backup_gives_each_check_in_its_group_level_time_note_and_tags():
    parsed = parse_daylio_backup(official(), TODAY)
    rows = [(d.date, c.time, c.mood, c.note, c.activities) for d in parsed.days for c in d.checkins]
    long_note = rows[0][3]
    assert rows == [
        (date(2015, 5, 16), time(20, 0), 2, long_note, ""),
        (date(2023, 1, 4), time(20, 0), 1, "", "manger sain | films | ménage | shopping"),
        (
            date(2023, 1, 11),
            time(22, 20),
            3,
            "Hey, here's a note with\n\nLinebreaks!\n\nBecause I love breaking parsers",
            "manger sain",
        ),
        (
            date(2023, 1, 24),
            time(9, 59),
            5,
            "Note title\nNote body",
            "famille | rendez-vous | exercice | sport | ménage",
        ),
        (date(2023, 1, 24), time(11, 36), 1, "", ""),
    ]
    assert long_note.startswith("No tag\nThis is an old note.") and "<br>" not in long_note


def test_tags_become_tag_values_1_when_listed_that_day_0_on_other_logged_days():
    trackers = tracker_series(parse_daylio_backup(official(), TODAY))
    assert trackers["tag:famille"] == {
        date(2015, 5, 16): 0,
        date(2023, 1, 4): 0,
        date(2023, 1, 11): 0,
        date(2023, 1, 24): 1,
    }
    assert trackers["tag:manger-sain"][date(2023, 1, 11)] == Decimal(1)
    assert sorted(trackers) == [
        "tag:exercice",
        "tag:famille",
        "tag:films",
        "tag:manger-sain",
        "tag:menage",
        "tag:rendez-vous",
        "tag:shopping",
        "tag:sport",
    ]


def test_the_anonymised_real_backup_imports_all_64_entries_by_their_local_fields(user):
    summary = run_import(
        user, parse_file(user, (SAMPLES / "guekka_new_anonymized_v15.daylio").read_bytes(), "daylio-backup")
    )
    assert (summary.days_created, summary.checkins) == (49, 64)
    # Entry 1: 3 Aug 2022 01:00 in its fields (its datetime with offset 0 would say 2 Aug 23:00).
    first = MoodCheckIn.objects.get(note="Note title 0 LKH\nNote 0 LHF")
    assert (first.day.date, first.time) == (date(2022, 8, 3), time(1, 0))
    tagged = MoodCheckIn.objects.get(note__startswith="Note title 35 XLA")
    assert tagged.activities.count(" | ") == 4


def test_the_same_backup_twice_changes_nothing(user):
    run_import(user, parse_file(user, official(), "daylio-backup"))
    rows = sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "note", "activities"))
    again = run_import(user, parse_file(user, official(), "daylio-backup"))
    assert (again.days_created, len(again.skipped_dates)) == (0, 4)
    assert sorted(MoodCheckIn.objects.values_list("day__date", "time", "mood", "note", "activities")) == rows


def test_base64_that_is_not_json_is_refused_and_nothing_written(user):
    with pytest.raises(ImportRejected, match="not base64-encoded JSON"):
        parse_file(user, backup(base64.b64encode(b"not json at all")), "daylio-backup")
    assert "not base64-encoded JSON" in refusal(backup(b"%%% not base64 %%%"))
    assert not user.days.exists()


def test_a_truncated_backup_is_refused():
    assert "damaged or cut short" in refusal(official()[:2000])


def test_a_zip_without_backup_daylio_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.txt", "x")
    assert "no backup.daylio" in refusal(buffer.getvalue())


def test_an_entry_with_an_unknown_mood_is_refused_with_its_number():
    payload = {
        "customMoods": [{"id": 1, "mood_group_id": 1}],
        "tags": [],
        "dayEntries": [
            {"year": 2023, "month": 0, "day": 2, "hour": 8, "minute": 0, "mood": 1},
            {"year": 2023, "month": 0, "day": 3, "hour": 8, "minute": 0, "mood": 9},
        ],
    }
    message = refusal(backup(base64.b64encode(json.dumps(payload).encode())))
    assert message == 'Row 2, column "mood": mood id 9 is not among the backup\'s moods'


def test_html_in_notes_is_stripped_keeping_line_breaks():
    assert strip_html("<b>Bold</b> &amp; plain<br>next<p>para</p>") == "Bold & plain\nnext\npara"


def test_a_daylio_file_is_recognised_by_name_and_content():
    assert guess_format("x.daylio", b"") == "daylio-backup"
    assert guess_format("upload", official()[:512]) == "daylio-backup"


def test_tags_are_stored_as_tag_trackers_named_as_in_daylio(user):
    summary = run_import(user, parse_file(user, official(), "daylio-backup"))
    tag = Tracker.objects.get(user=user, slug="manger-sain")
    assert (tag.kind, tag.name) == ("tag", "manger sain")
    assert summary.trackers_created == Tracker.objects.filter(user=user).count() == 8
    famille = dict(TrackerValue.objects.filter(tracker__slug="famille").values_list("day__date", "value"))
    assert famille[date(2023, 1, 24)] == 1 and famille[date(2023, 1, 4)] == 0


def payload(data: object) -> bytes:
    return backup(base64.b64encode(json.dumps(data).encode()))


def entry(day: int, mood: int, tags: object = None) -> dict:
    return {"year": 2023, "month": 0, "day": day, "hour": 8, "minute": 0, "mood": mood, "tags": tags or []}


def everything() -> dict[str, int]:
    return {
        "checkins": MoodCheckIn.objects.count(),
        "trackers": Tracker.objects.count(),
        "values": TrackerValue.objects.count(),
    }


def test_the_same_custom_name_at_two_levels_keeps_each_entrys_level(user):
    moods = [
        {"id": 10, "custom_name": "fine", "mood_group_id": 1},
        {"id": 11, "custom_name": "fine", "mood_group_id": 4},
    ]
    parsed = parse_daylio_backup(payload({"customMoods": moods, "dayEntries": [entry(2, 10), entry(3, 11)]}), TODAY)
    assert [c.mood for d in parsed.days for c in d.checkins] == [5, 2]


def test_a_tag_listed_twice_or_named_in_two_cases_is_one_activity_and_one_tag():
    data = payload(
        {
            "customMoods": [{"id": 1, "mood_group_id": 2}],
            "tags": [
                {"id": 1, "name": "Walk"},
                {"id": 2, "name": "walk "},
                {"id": 3, "name": "🍎"},
                {"id": 4, "name": ""},
            ],
            "dayEntries": [entry(2, 1, [1, 3, 1, 2, 4])],
        }
    )
    parsed = parse_daylio_backup(data, TODAY)
    assert parsed.days[0].checkins[0].activities == "Walk | 🍎"
    assert [t.name for t in parsed.trackers] == ["Walk", "🍎"]


def test_the_real_backup_twice_changes_nothing_trackers_included(user):
    data = (SAMPLES / "guekka_new_anonymized_v15.daylio").read_bytes()
    run_import(user, parse_file(user, data, "daylio-backup"))
    before = everything()
    again = run_import(user, parse_file(user, data, "daylio-backup"))
    assert everything() == before
    assert (again.days_created, again.trackers_created, again.checkins) == (0, 0, 0)


def encrypted_zip() -> bytes:
    data = bytearray(backup(b"x"))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        at = data.index(signature) + offset
        data[at] |= 0x1  # the "encrypted" flag: reading the member needs a password
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a .daylio backup"),
        (b"just some text", "not a .daylio backup"),
        (encrypted_zip(), "not a .daylio backup"),
        (backup(b"%%% not base64 %%%"), "not base64-encoded JSON"),
        (backup(base64.b64encode(b"\xff\xfe not text")), "not base64-encoded JSON"),
        (backup(base64.b64encode(b"[" * 100_000)), "not base64-encoded JSON"),
        (payload([1, 2]), "no list of entries"),
        (payload({"dayEntries": {}}), "no list of entries"),
        (payload({"dayEntries": []}), "holds no entries"),
        (payload({"customMoods": "x", "tags": 5, "dayEntries": [entry(2, 1)]}), 'Row 1, column "mood"'),
        (payload({"customMoods": [{"id": [1], "mood_group_id": 1}], "dayEntries": [entry(2, 1)]}), "mood id 1"),
        (payload({"customMoods": [{"id": 1, "mood_group_id": 1}], "dayEntries": [entry(2, [1])]}), r"mood id \[1\]"),
        (payload({"customMoods": [{"id": 1, "mood_group_id": 1}], "dayEntries": ["x"]}), "Row 1: this entry is not"),
        (
            payload({"customMoods": [{"id": 1, "mood_group_id": 1}], "dayEntries": [{"mood": 1, "datetime": "x"}]}),
            'Row 1, column "datetime"',
        ),
    ],
)
def test_a_damaged_backup_is_refused_with_its_reason_and_nothing_written(user, data, message):
    with pytest.raises(ImportRejected, match=message):
        parse_file(user, data, "daylio-backup")
    assert everything() == {"checkins": 0, "trackers": 0, "values": 0}


def test_junk_in_the_tag_lists_is_passed_over(user):
    data = payload(
        {
            "customMoods": [{"id": 1, "mood_group_id": 1}, "junk"],
            "tags": [{"id": [2], "name": "x"}, {"id": 3, "name": "walk"}, 7],
            "dayEntries": [entry(2, 1, [[2], {"a": 1}, 3]), entry(3, 1, "3")],
        }
    )
    summary = run_import(user, parse_file(user, data, "daylio-backup"))
    assert (summary.checkins, summary.trackers_created) == (2, 1)
    assert MoodCheckIn.objects.get(day__date=date(2023, 1, 2)).activities == "walk"


def test_the_preview_refuses_a_damaged_backup_without_an_error_page(client_a, user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    for data in (b"PK\x03\x04 cut short", backup(b"%%%"), payload({"customMoods": 1, "tags": {}, "dayEntries": [1]})):
        upload = SimpleUploadedFile("me.daylio", data)
        response = client_a.post(reverse("import_preview"), {"file": upload, "format": "auto"})
        assert response.status_code == 400
        assert response.context["import_errors"]
    assert everything() == {"checkins": 0, "trackers": 0, "values": 0}
