"""Files made to hurt the importer: deep nesting, more rows than there are days, endless errors."""

import csv
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from journal.constants import DAILY_COLUMNS
from transfer import daily_csv
from transfer.formats import MAX_ERRORS, Errors, ImportRejected, most_days
from transfer.services import parse_file

pytestmark = pytest.mark.django_db

HEADER = ",".join(DAILY_COLUMNS)
DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_DAYS = '{"format": "gut-mood-journal", "version": 1, "days": ' + "[" * 5_000 + "]" * 5_000 + "}"


def _upload(client, text: str, name: str):
    upload = SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")
    return client.post(reverse("import_preview"), {"file": upload, "format": "auto"})


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_DAYS], ids=["brackets", "days"])
def test_deeply_nested_json_is_a_400_with_a_clear_message(client_a, counts, text):
    before = counts()
    response = _upload(client_a, text, "backup.json")
    assert response.status_code == 400
    assert "nested too deeply" in response.content.decode()
    assert counts() == before


def test_json_nested_deeper_than_a_backup_ever_is_refused_before_it_is_checked(user):
    document = {"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-01-01", "notes": [[[[[[[[]]]]]]]]}]}
    with pytest.raises(ImportRejected, match="nested too deeply"):
        parse_file(user, json.dumps(document).encode(), "json")


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_DAYS], ids=["brackets", "days"])
def test_the_command_refuses_deeply_nested_json_in_one_line(user, counts, tmp_path, text):
    path = tmp_path / "backup.json"
    path.write_text(text)
    with pytest.raises(CommandError) as caught:
        call_command("import_journal", user.username, str(path), stdout=StringIO())
    assert "nested too deeply" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert counts()["days"] == 0


TODAY = dt.date(2024, 6, 30)


def test_errors_stop_being_collected_past_the_cap():
    errors = Errors()
    for row in range(1, 1_001):
        errors.add(row, "date", "bad")
    assert len(errors.items) == MAX_ERRORS
    assert errors.more == 1_000 - MAX_ERRORS


def test_a_file_full_of_faults_names_the_first_ones_and_counts_the_rest():
    rows = [f"2024-01-{day:02d},9" + "," * (len(DAILY_COLUMNS) - 2) for day in range(1, 31)]
    with pytest.raises(ImportRejected) as caught:
        parse_file_at(TODAY, "\n".join([HEADER, *rows]))
    assert len(caught.value.errors) == MAX_ERRORS
    assert caught.value.lines()[-1] == f"… and {30 - MAX_ERRORS} more"


def parse_file_at(today: dt.date, text: str):
    return daily_csv.parse_csv(text.encode(), today)


def test_most_days_counts_every_date_from_2000_to_today():
    assert most_days(dt.date(2000, 1, 1)) == 1
    assert most_days(dt.date(2000, 12, 31)) == 366


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows the CSV reader handed out (the parser must stop early on a hostile file)."""
    read = {"rows": 0}
    real_reader = csv.reader

    def counting_reader(*args, **kwargs):
        for row in real_reader(*args, **kwargs):
            read["rows"] += 1
            yield row

    monkeypatch.setattr(daily_csv.csv, "reader", counting_reader)
    return read


def test_a_csv_with_more_rows_than_days_since_2000_is_refused_before_its_rows_are_checked(rows_read):
    row = "2024-01-01,3" + "," * (len(DAILY_COLUMNS) - 2)
    text = "\n".join([HEADER, *[row] * 330_000])
    assert len(text) > 9_000_000
    with pytest.raises(ImportRejected) as caught:
        parse_file_at(TODAY, text)
    assert "more rows than there are days" in caught.value.one_line()
    assert len(caught.value.errors) == 1
    assert rows_read["rows"] <= most_days(TODAY) + 2


def test_a_csv_with_one_row_for_every_day_since_2000_is_still_read():
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=n) for n in range(most_days(TODAY))]
    rows = [f"{day.isoformat()},3" + "," * (len(DAILY_COLUMNS) - 2) for day in days]
    assert len(parse_file_at(TODAY, "\n".join([HEADER, *rows])).days) == len(days)


def test_the_import_page_refuses_a_csv_with_too_many_rows_clearly(client_a, counts):
    row = "2024-01-01,3" + "," * (len(DAILY_COLUMNS) - 2)
    response = _upload(client_a, "\n".join([HEADER, *[row] * 20_000]), "days.csv")
    assert response.status_code == 302  # past the inline row limit: a background job checks it (run at once here)
    page = client_a.get(response["Location"])
    assert "more rows than there are days" in page.content.decode()
    assert counts()["days"] == 0


def test_a_backup_with_more_days_than_exist_since_2000_is_refused_before_they_are_checked(user):
    document = {"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-01-01"}] * 20_000}
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, json.dumps(document).encode(), "json")
    assert "more days than there are" in caught.value.one_line()
    assert len(caught.value.errors) == 1
