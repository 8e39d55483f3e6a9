"""Files made to hurt the importer: deep nesting, more rows than there are days, endless errors."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from journal.constants import DAILY_COLUMNS
from transfer.formats import ImportRejected
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
