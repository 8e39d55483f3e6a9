"""Trackers in the daily CSV, the JSON backup and Daylio imports (PRODUCT 3.9)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.constants import DAILY_COLUMNS
from journal.models import JournalDay, MoodCheckIn
from tests.factories import JournalDayFactory, MoodCheckInFactory, UserFactory
from trackers.models import Tracker, TrackerValue
from trackers.services import create_tracker, save_day_values
from transfer.daily_csv import export_csv
from transfer.daylio import guess_mood, parse_scale
from transfer.formats import ImportRejected
from transfer.full_json import export_json
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "daylio"
HEADER = ",".join(DAILY_COLUMNS)
BLANKS = "," * (len(DAILY_COLUMNS) - 2)


def _import(user, data: bytes, file_format: str = "csv", **kwargs):
    return run_import(user, parse_file(user, data, file_format, **kwargs))


def _counts() -> tuple[int, int, int]:
    return JournalDay.objects.count(), Tracker.objects.count(), TrackerValue.objects.count()


def test_a_person_without_trackers_gets_exactly_the_daily_columns(user):
    assert export_csv(user).splitlines()[0] == HEADER


def test_csv_round_trip_with_trackers_and_several_checkins_a_day(user):
    coffee = create_tracker(user, kind="tag", name="Coffee")
    nausea = create_tracker(user, kind="rating", name="Nausea")
    steps = create_tracker(user, kind="number", name="Steps", unit="steps")
    day = JournalDayFactory(user=user, date=dt.date(2024, 3, 1), sleep_hours=Decimal("7.5"))
    for mood in (2, 3, 3):
        MoodCheckInFactory(day=day, mood=mood, anxiety=None, energy=None)
    save_day_values(user, day.date, {coffee: Decimal(1), nausea: Decimal(2), steps: Decimal("8421.5")})
    save_day_values(user, dt.date(2024, 3, 2), {coffee: Decimal(0)})
    first = export_csv(user)
    assert first.splitlines()[0] == f"{HEADER},tag:coffee,rating:nausea,number:steps"
    assert first.splitlines()[1].startswith("2024-03-01,2.67,")
    assert first.splitlines()[1].endswith(",1,2,8421.5")
    newcomer = UserFactory()
    _import(newcomer, first.encode())
    assert export_csv(newcomer) == first
    assert list(Tracker.objects.filter(user=newcomer).values_list("kind", "slug")) == [
        ("tag", "coffee"),
        ("rating", "nausea"),
        ("number", "steps"),
    ]


def test_reimporting_the_same_csv_changes_nothing(user):
    data = f"{HEADER},tag:walk\n2024-03-01,3{BLANKS},1\n".encode()
    _import(user, data)
    before = _counts()
    _import(user, data)
    assert _counts() == before


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("rating:nausea", "4", 'Row 1, column "rating:nausea": 4 is outside 0–3'),
        ("number:steps", "-1", 'Row 1, column "number:steps": -1 is outside 0–999999.9'),
        ("number:steps", "1.25", 'Row 1, column "number:steps": 1.25 has more than 1 decimal place(s)'),
        ("tag:coffee", "2", 'Row 1, column "tag:coffee": 2 is outside 0–1'),
        ("mood:coffee", "1", 'Column "mood:coffee": unknown kind of tracker "mood" in the header'),
        ("tag:Coffee Cups", "1", 'Column "tag:Coffee Cups": a tracker\'s name in a column is lower-case'),
    ],
)
def test_a_bad_tracker_cell_or_column_is_named_and_nothing_is_written(user, header, cell, expected):
    before = _counts()
    with pytest.raises(ImportRejected) as caught:
        _import(user, f"{HEADER},{header}\n2024-03-01,3{BLANKS},{cell}\n".encode())
    assert expected in caught.value.one_line()
    assert _counts() == before


def test_a_tracker_column_that_clashes_with_one_of_the_persons_is_refused(user):
    create_tracker(user, kind="number", name="Coffee", unit="cups")
    before = _counts()
    with pytest.raises(ImportRejected) as caught:
        _import(user, f"{HEADER},tag:coffee\n2024-03-01,3{BLANKS},1\n".encode())
    assert 'Column "tag:coffee": your tracker “Coffee” has this name as number:coffee' in caught.value.one_line()
    assert _counts() == before


def test_the_json_backup_holds_trackers_and_values_and_restores_them(user):
    coffee = create_tracker(user, kind="tag", name="Coffee")
    steps = create_tracker(user, kind="number", name="Steps", unit="steps")
    steps.archived = True
    steps.save()
    day = JournalDayFactory(user=user, date=dt.date(2024, 3, 1))
    MoodCheckIn.objects.create(day=day, mood=Decimal("2.67"))
    save_day_values(user, day.date, {coffee: Decimal(1), steps: Decimal("9000")})
    first = export_json(user)
    newcomer = UserFactory()
    _import(newcomer, first.encode(), "json")
    strip = lambda text: [line for line in text.splitlines() if "exported_at" not in line]  # noqa: E731
    assert strip(export_json(newcomer)) == strip(first)
    assert Tracker.objects.get(user=newcomer, slug="steps").archived


def test_a_backup_without_trackers_still_imports(user):
    data = b'{"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-03-01", "notes": "x"}]}'
    _import(user, data, "json")
    assert JournalDay.objects.filter(user=user).count() == 1


# --- Daylio ----------------------------------------------------------------------------------------


def test_daylio_activities_become_tags_one_or_zero_on_days_with_an_entry(user):
    _import(user, (SAMPLES / "daylio-parser_test_data.csv").read_bytes(), "daylio")
    walk = Tracker.objects.get(user=user, slug="walk")
    values = dict(TrackerValue.objects.filter(tracker=walk).values_list("day__date", "value"))
    assert values[dt.date(2020, 5, 30)] == 1
    assert set(values.values()) == {0, 1}
    assert len(values) == JournalDay.objects.filter(user=user).count()  # every day with an entry, no other


def test_daylio_scales_fill_sleep_hours_and_number_trackers(user):
    moods = dict.fromkeys(("helpless", "laughing", "rested", "fatigued", "vaguely ok", "meh-ish", "sad"), 3)
    data = (SAMPLES / "obsidian-daylio-parser_export_ok_scales.csv").read_bytes()
    parsed = parse_file(user, data, "daylio", {**moods, **_custom_moods(user, data)})
    run_import(user, parsed)
    day = JournalDay.objects.get(user=user, date=dt.date(2026, 4, 12))
    assert day.sleep_hours == Decimal("8.0")
    quality = Tracker.objects.get(user=user, slug="sleep-quality")
    assert (quality.kind, quality.unit) == ("number", "points")
    assert quality.values.get(day=day).value == Decimal("8")


def _custom_moods(user, data: bytes) -> dict[str, int]:
    from transfer.formats import UnmappedMoods

    try:
        parse_file(user, data, "daylio", skip_bad_rows=True)
    except UnmappedMoods as exc:
        return {name.casefold(): guess_mood(name) or 3 for name in exc.moods}
    return {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sleep Quality: 8/10 points", ("Sleep Quality", Decimal("8"), "points")),
        ("Sleep Time: 7:45", ("Sleep Time", Decimal("7.8"), "hours")),
        ("Water: 3 glasses", ("Water", Decimal("3"), "glasses")),
        ("Nonsense", None),
    ],
)
def test_daylio_scales_are_read(text, expected):
    assert parse_scale(text) == expected


@pytest.mark.parametrize(
    ("name", "score"),
    [("vaguely ok", 3), ("fatigued", 2), ("Refreshed", 4), ("sad ", 2), ("amazing", 5), ("terrible", 1), ("xyz", None)],
)
def test_custom_mood_names_get_a_guessed_score(name, score):
    assert guess_mood(name) == score


def test_unreadable_daylio_rows_refuse_the_file_unless_skipped(user):
    data = (SAMPLES / "obsidian-daylio-parser_escaped-characters.csv").read_bytes()
    moods = _custom_moods(user, data)
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "daylio", moods)
    assert "Row 4" in caught.value.one_line()
    summary = _import(user, data, "daylio", mood_map=moods, skip_bad_rows=True)
    assert summary.checkins == 4


def test_the_command_line_skips_bad_rows_on_request(user):
    from django.core.management import call_command

    path = SAMPLES / "obsidian-daylio-parser_escaped-characters.csv"
    moods = "vaguely ok=3,vaguely good=4,fatigued=2,captivated=5,tired=2"
    call_command("import_journal", "alice", str(path), "--mood-map", moods, "--skip-bad-rows")
    assert MoodCheckIn.objects.filter(day__user=user).count() == 4


def _preview(client, name: str):
    upload = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
    return client.post(reverse("import_preview"), {"file": upload, "format": "daylio"})


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.csv")))
def test_every_daylio_sample_imports_through_the_browser_with_its_activities_as_tags(client_a, user, name):
    preview = _preview(client_a, name)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    form = preview.context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({f.html_name: f.initial for f in form.mood_fields()})
    data.update({f"mood_{i}": form.fields[f"mood_{i}"].initial or 3 for i in range(len(form.moods))})
    if "activities" in form.fields:
        data["activities"] = form.activities
    if "skip_bad_rows" in form.fields:
        data["skip_bad_rows"] = "on"
    data["replace"] = ""
    response = client_a.post(reverse("import_confirm"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    activities = {a for c in MoodCheckIn.objects.filter(day__user=user) for a in c.activities.split(" | ") if a}
    tags = set(Tracker.objects.filter(user=user, kind="tag").values_list("name", flat=True))
    assert {" ".join(a.split()) for a in activities} == tags
    if tags:
        day = TrackerValue.objects.filter(tracker__user=user, value=1).select_related("day", "tracker").first()
        page = client_a.get(reverse("day", args=[day.day.date])).content.decode()
        assert f'id="id_trackers-t{day.tracker.pk}" value="on" checked' in page


def test_an_activity_left_out_in_the_preview_does_not_become_a_tag(client_a, user):
    preview = _preview(client_a, "daylio-parser_test_data.csv")
    form = preview.context["form"]
    assert ("walk", 4) in preview.context["choices"].activities or "walk" in form.activities
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "replace": ""}
    data["activities"] = [name for name in form.activities if name != "walk"]
    assert client_a.post(reverse("import_confirm"), data).status_code == 302
    assert not Tracker.objects.filter(user=user, slug="walk").exists()
    assert Tracker.objects.filter(user=user, slug="gaming").exists()


def test_the_preview_never_mentions_a_command_line_flag(client_a):
    for name in ("obsidian-daylio-parser_escaped-characters.csv", "daylio-csv-parser_sample.csv"):
        page = _preview(client_a, name).content.decode()
        assert "--mood-map" not in page and "--skip-bad-rows" not in page
