import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from journal.constants import DAILY_COLUMNS
from journal.models import MoodCheckIn
from tests.factories import FoodFactory, JournalDayFactory, MoodCheckInFactory
from tests.transfer.conftest import SAMPLES

pytestmark = pytest.mark.django_db

HEADER = ",".join(DAILY_COLUMNS)


def daily_file(tmp_path, *rows: str) -> Path:
    path = tmp_path / "days.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def blank_row(date: str, mood: str = "") -> str:
    return f"{date},{mood}" + "," * (len(DAILY_COLUMNS) - 2)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_journal_reports_what_it_did(user, tmp_path):
    path = daily_file(tmp_path, blank_row("2024-01-01", "4"), blank_row("2024-01-02", "2"))
    output = run("import_journal", "alice", str(path))
    assert "2 days added, 0 replaced, 0 skipped" in output
    assert MoodCheckIn.objects.filter(day__user=user).count() == 2


def test_import_journal_skips_then_replaces_existing_days(user, tmp_path):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 1), stress=5)
    path = daily_file(tmp_path, blank_row("2024-01-01", "4"))
    assert "1 skipped" in run("import_journal", "alice", str(path))
    assert "1 replaced" in run("import_journal", "alice", str(path), "--replace")
    assert user.days.get().stress is None


def test_import_journal_reads_daylio_with_a_mood_map_and_adds_food_snacks(user):
    FoodFactory(name="Work")  # an activity in the sample that happens to name a food
    path = SAMPLES / "daylio-csv-parser_sample_multiple_moods.csv"
    run("import_journal", "alice", str(path), "--mood-map", "ok=3,refreshed=4,ok but sleepy=3,anxious=2")
    assert MoodCheckIn.objects.filter(day__user=user).count() == 7
    assert user.days.get(date=dt.date(2021, 5, 12)).meals.count() == 2


def test_import_journal_refuses_an_unmapped_mood_in_one_line(user, counts):
    before = counts()
    with pytest.raises(CommandError) as caught:
        run("import_journal", "alice", str(SAMPLES / "daylio-csv-parser_sample.csv"), "--format", "daylio")
    assert '"sad" is not a Daylio mood' in str(caught.value)
    assert "\n" not in str(caught.value)
    assert counts() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nobody", "x.csv"], "no user named 'nobody'"),
        (["alice", "/no/such/file.csv"], "No such file or directory"),
        (["alice", "SAMPLE", "--mood-map", "fatigued"], 'mood map entry "fatigued" must look like'),
    ],
)
def test_import_journal_fails_clearly_on_bad_arguments(user, args, expected):
    args = [str(SAMPLES / "daylio-parser_test_data.csv") if a == "SAMPLE" else a for a in args]
    with pytest.raises(CommandError, match=expected):
        run("import_journal", *args)


def test_export_journal_writes_csv_to_standard_output(user):
    MoodCheckInFactory(day=JournalDayFactory(user=user, date=dt.date(2024, 1, 1)), mood=4)
    lines = run("export_journal", "alice").splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith("2024-01-01,4,")


def test_export_journal_writes_json_to_a_file(user, tmp_path):
    JournalDayFactory(user=user, date=dt.date(2024, 1, 1))
    target = tmp_path / "backup.json"
    assert run("export_journal", "alice", "--format", "json", "-o", str(target)) == ""
    assert json.loads(target.read_text())["days"][0]["date"] == "2024-01-01"


def test_export_then_import_via_commands_round_trips(user, other_user, tmp_path):
    MoodCheckInFactory(day=JournalDayFactory(user=user, date=dt.date(2024, 1, 1)), mood=4)
    target = tmp_path / "days.csv"
    run("export_journal", "alice", "-o", str(target))
    run("import_journal", "bob", str(target))
    assert run("export_journal", "bob") == target.read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["import_journal", "nobody", "BAD"],
        ["import_journal", "alice", "BAD"],
        ["import_journal", "alice", "/no/such/file.csv"],
        ["export_journal", "nobody"],
        ["export_journal", "alice", "-o", "/no/such/dir/out.csv"],
        ["import_journal", "alice", "BROKEN_HEADER"],  # a header cell holding a line break is quoted on one line
        ["insights", "nobody"],
        ["send_reminders", "--once", "--now", "yesterday"],
    ],
)
def test_a_failing_command_exits_non_zero_with_one_line_on_stderr(user, tmp_path, capsys, counts, monkeypatch, args):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes them; the test needs its own
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + blank_row("2024-01-01", "9") + "\n" + blank_row("2024-01-01", "9") + "\n")
    broken = tmp_path / "broken.csv"
    broken.write_text('"da\nte",' + HEADER.partition(",")[2] + "\n" + blank_row("2024-01-01", "3") + "\n")
    files = {"BAD": str(bad), "BROKEN_HEADER": str(broken)}
    before = counts()
    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(["manage.py", *[files.get(a, a) for a in args]])
    assert caught.value.code not in (0, None)
    stderr = capsys.readouterr().err
    assert stderr.startswith("CommandError: ")
    assert len(stderr.strip().splitlines()) == 1
    assert counts() == before
    assert not (tmp_path / "out.csv").exists()


def test_import_journal_names_a_daylio_row_whose_time_cannot_be_read(user, tmp_path):
    path = tmp_path / "daylio.csv"
    path.write_text('full_date,date,weekday,time,mood,activities,note\n2024-03-01,x,x,kl. 8,good,"",""\n')
    with pytest.raises(CommandError, match=r'Row 1, column "time": .kl\. 8. is not a time'):
        run("import_journal", "alice", str(path))
    assert not MoodCheckIn.objects.exists()
