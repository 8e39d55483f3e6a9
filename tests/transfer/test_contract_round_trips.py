"""Round trips across formats and accounts, driven through the public surface (commands, pages).

PRODUCT 3.2/3.3/3.9 as docs/formats.md states them: export → import into a new account → export gives the
same file, whichever way the journal came in (the day page's models, a Daylio export) and whichever way it
travels (the daily CSV, the full JSON, the Your data page).
"""

import datetime as dt
import json
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from experiments.models import AdherenceTick, Experiment
from journal.constants import DAILY_COLUMNS
from journal.models import JournalDay, Meal
from tests.factories import (
    FoodFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)
from tests.transfer.conftest import SAMPLES
from tests.transfer.test_data_views import confirm_data
from trackers.models import TrackerValue
from trackers.services import create_tracker, set_archived

pytestmark = pytest.mark.django_db

HEADER = ",".join(DAILY_COLUMNS)
NOTES = ["", "-2+3", 'a,b\n"c"', "=SUM(A1)", "'=x", "naïve ☕", "line\r\nbreak", "  spaced  "]
# Every custom mood of the Daylio samples, scored (--mood-map), so each sample imports whole.
MOOD_MAP = (
    "vaguely ok=3,vaguely good=4,fatigued=2,sad=2,average=3,happy=4,great=5,ok=3,refreshed=4,tired=2,helpless=1,"
    "laughing=5,rested=4,ok but sleepy=3,anxious=2,vaguely bad=2"
)


def export(user, file_format="csv") -> str:
    out = StringIO()
    call_command("export_journal", user.username, "--format", file_format, stdout=out)
    return out.getvalue()


def import_file(user, path, *flags: str) -> None:
    call_command("import_journal", user.username, str(path), *flags, stdout=StringIO())


def without_export_time(text: str) -> dict:
    document = json.loads(text)
    document.pop("exported_at")
    return document


def generated_journal(user, seed: int) -> None:
    """Several check-ins a day (means of two decimals), meals of own and catalogue foods, trackers of each kind
    (one archived, one never used), notes a spreadsheet would run, an experiment.

    Days are made without JournalDayFactory: its date sequence is shared by the whole run, and a few hundred
    more days would carry later tests' default dates past today."""
    rnd = random.Random(seed)
    ProfileFactory(user=user, display_name="Al", time_zone="America/New_York")
    bread = FoodFactory(name="Own bread", owner=user, fiber_g=Decimal("2.5"), is_high_fiber=True, has_added_sugar=True)
    kimchi = FoodFactory(name="Test kimchi", fiber_g=Decimal("1.2"), is_probiotic=True, is_ultra_processed=True)
    coffee = create_tracker(user, kind="tag", name="Coffee")
    nausea = create_tracker(user, kind="rating", name="Nausea")
    cups = create_tracker(user, kind="number", name="Coffee cups", unit="cups")
    create_tracker(user, kind="tag", name="Unused")
    set_archived(nausea, True)
    for offset in range(60):
        if rnd.random() < 0.2:
            continue
        day = JournalDay.objects.create(
            user=user,
            date=dt.date(2023, 6, 1) + dt.timedelta(days=offset),
            sleep_hours=rnd.choice([None, Decimal("7.5"), Decimal("6"), Decimal("0.1")]),
            stress=rnd.choice([None, 1, 5]),
            bloating=rnd.choice([None, 0, 3]),
            antibiotics=rnd.choice([None, True, False]),
            notes=rnd.choice(NOTES),
        )
        for _ in range(rnd.randint(0, 4)):
            MoodCheckInFactory(
                day=day,
                time=rnd.choice([None, dt.time(8, 0), dt.time(21, 45)]),
                mood=rnd.randint(1, 5),
                anxiety=rnd.choice([None, 1, 4, 5]),
                energy=rnd.choice([None, 2, 3]),
            )
        if rnd.random() < 0.5:
            meal = MealFactory(day=day, meal_type=Meal.MealType.LUNCH)
            MealItemFactory(meal=meal, food=bread, servings=Decimal("1.5"))
            MealItemFactory(meal=meal, food=kimchi, servings=Decimal("0.5"))
        for tracker, values in ((coffee, [0, 1]), (nausea, [0, 1, 2, 3]), (cups, ["0", "2.5", "12000"])):
            if rnd.random() < 0.6:
                TrackerValue.objects.create(tracker=tracker, day=day, value=Decimal(rnd.choice(values)))
    experiment = Experiment.objects.create(user=user, change="more fiber", outcome="mood", start=dt.date(2023, 6, 10))
    AdherenceTick.objects.create(experiment=experiment, date=dt.date(2023, 6, 10), done=True)


@pytest.mark.parametrize("seed", range(3))
def test_a_generated_journal_round_trips_through_csv_json_commands_and_the_page(client, tmp_path, seed):
    alice = UserFactory(username="alice")
    generated_journal(alice, seed)
    text = export(alice)
    assert text.splitlines()[0] == HEADER + ",tag:coffee,rating:nausea,number:coffee-cups,tag:unused"
    client.force_login(alice)
    assert client.get(reverse("export_csv")).content.decode() == text  # the page and the command agree
    (tmp_path / "days.csv").write_text(text, newline="")
    (tmp_path / "backup.json").write_text(export(alice, "json"))

    by_command = UserFactory(username="bob")
    import_file(by_command, tmp_path / "days.csv")
    assert export(by_command) == text

    by_page = UserFactory(username="carol")
    client.force_login(by_page)
    upload = SimpleUploadedFile("days.csv", text.encode(), content_type="text/csv")
    preview = client.post(reverse("import_preview"), {"file": upload, "format": "auto"})
    assert client.post(reverse("import_confirm"), confirm_data(preview)).status_code == 302
    assert export(by_page) == text

    from_backup = UserFactory(username="dave")
    import_file(from_backup, tmp_path / "backup.json")
    assert export(from_backup) == text
    assert without_export_time(export(from_backup, "json")) == without_export_time(export(alice, "json"))


@pytest.mark.parametrize("name", sorted(path.name for path in SAMPLES.glob("*.csv")))
def test_a_daylio_import_exports_and_restores_unchanged(tmp_path, name):
    """Check-ins at their times, several a day (their mean exported with up to two decimals), activities as tags."""
    alice = UserFactory(username="alice")
    import_file(alice, SAMPLES / name, "--mood-map", MOOD_MAP, "--skip-bad-rows")
    text = export(alice)
    assert text.splitlines()[0].startswith(HEADER + ",tag:")
    (tmp_path / "days.csv").write_text(text, newline="")
    (tmp_path / "backup.json").write_text(export(alice, "json"))

    bob = UserFactory(username="bob")
    import_file(bob, tmp_path / "days.csv")
    assert export(bob) == text
    carol = UserFactory(username="carol")
    import_file(carol, tmp_path / "backup.json")
    assert without_export_time(export(carol, "json")) == without_export_time(export(alice, "json"))


@pytest.mark.parametrize(
    ("written", "exported"),
    [("2.67", "2.67"), ("1.01", "1.01"), ("4.99", "4.99"), ("4.5", "4.5"), ("3.10", "3.1"), ("3.0", "3"), ("5", "5")],
)
def test_a_day_mean_reads_back_as_the_same_value(tmp_path, written, exported):
    alice = UserFactory(username="alice")
    path = tmp_path / "days.csv"
    path.write_text(f"{HEADER}\n2024-01-05,{written},{written},{written}" + "," * 15 + "\n")
    import_file(alice, path)
    assert export(alice).splitlines()[1] == f"2024-01-05,{exported},{exported},{exported}" + "," * 15
