"""Guidance content packs: export_guidance / import_guidance (docs/formats.md, "Guidance content pack")."""

import json
from pathlib import Path

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Version

from insights.models import Guidance
from insights.packs import dumps, export_pack
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit(slug: str, **fields) -> None:
    item = Guidance.objects.get(slug=slug)
    for name, value in fields.items():
        setattr(item, name, value)
    with reversion.create_revision():
        item.save()
        reversion.set_comment("Edited in a test.")


def exported(tmp_path: Path) -> Path:
    path = tmp_path / "pack.json"
    call_command("export_guidance", str(path))
    return path


def run_import(path: Path, *args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_guidance", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot() -> str:
    pack = export_pack()
    pack["exported_at"] = None
    return dumps(pack)


def test_export_holds_every_card_with_its_versions(tmp_path):
    edit("sleep", body="Sleep, first edit.")
    edit("sleep", body="Sleep, second edit.")
    pack = json.loads(exported(tmp_path).read_text())
    assert pack["format"] == "gut-mood-guidance-pack"
    assert len(pack["cards"]) == Guidance.objects.count()
    sleep = next(card for card in pack["cards"] if card["slug"] == "sleep")
    assert sleep["fields"]["body"] == "Sleep, second edit."
    assert [v["fields"]["body"] for v in sleep["versions"]] == ["Sleep, first edit.", "Sleep, second edit."]
    assert sleep["versions"][0]["note"] == "Edited in a test."


def test_round_trip_recreates_the_cards_and_their_history(tmp_path):
    edit("sleep", body="Sleep, first edit.")
    edit("sleep", body="Sleep, second edit.")
    path = exported(tmp_path)
    before = {card["slug"]: card["fields"] for card in json.loads(path.read_text())["cards"]}
    Guidance.objects.all().delete()
    Version.objects.all().delete()
    output = run_import(path)
    assert f"Imported: {len(before)} to create, 0 to update, 0 unchanged." in output
    after = {card["slug"]: card["fields"] for card in export_pack()["cards"]}
    assert after == before
    sleep = Guidance.objects.get(slug="sleep")
    notes = [v.revision.comment for v in Version.objects.get_for_object(sleep).order_by("revision__date_created")]
    assert notes[:2] == ["Edited in a test. (imported from pack; saved)"] * 2
    assert notes[-1] == "Imported from pack pack.json."


def test_importing_the_same_pack_again_changes_nothing(tmp_path):
    edit("sleep", body="Sleep, first edit.")
    path = exported(tmp_path)
    versions = Version.objects.count()
    assert "0 to create, 0 to update" in run_import(path)
    assert Version.objects.count() == versions


def test_an_update_keeps_a_version_and_a_log_entry_for_the_importing_user(tmp_path):
    importer = UserFactory(username="owner", is_staff=True, is_superuser=True)
    path = exported(tmp_path)
    pack = json.loads(path.read_text())
    next(c for c in pack["cards"] if c["slug"] == "sleep")["fields"]["title"] = "Sleep, from the pack"
    path.write_text(json.dumps(pack))
    assert "update sleep: title" in run_import(path, "--user", "owner")
    sleep = Guidance.objects.get(slug="sleep")
    assert sleep.title == "Sleep, from the pack"
    latest = Version.objects.get_for_object(sleep).first()
    assert (latest.revision.user, latest.revision.comment) == (importer, "Imported from pack pack.json.")
    entry = LogEntry.objects.get(object_id=str(sleep.pk))
    assert entry.user == importer
    assert "update sleep: title" in entry.get_change_message()


def test_dry_run_prints_what_would_change_and_changes_nothing(tmp_path):
    path = exported(tmp_path)
    pack = json.loads(path.read_text())
    next(c for c in pack["cards"] if c["slug"] == "fiber")["fields"]["threshold"] = "20.00"
    pack["cards"].append({**pack["cards"][0], "slug": "brand-new", "fields": {**pack["cards"][0]["fields"]}})
    pack["cards"][-1]["fields"]["slug"] = "brand-new"
    path.write_text(json.dumps(pack))
    before = snapshot()
    output = run_import(path, "--dry-run")
    assert "update fiber: threshold" in output
    assert "create brand-new" in output
    assert "Dry run, nothing changed: 1 to create, 1 to update" in output
    assert snapshot() == before


BAD_CARDS = {
    "unknown factor": ({"factor": "sleepiness"}, "unknown factor 'sleepiness'"),
    "threshold out of range": ({"threshold": "30"}, "threshold: The threshold must lie within 0–24"),
    "invalid DOI": ({"evidence_id": "10.1/x"}, "evidence_id: “10.1/x” is neither a DOI"),
    "script": ({"body": "Hello <script>alert(1)</script>"}, "body: The text holds a <script> element"),
    "javascript link": ({"body": "[x](javascript:alert(1))"}, "uses javascript:"),
    "unknown field": ({"colour": "red"}, "unknown field 'colour'"),
}


@pytest.mark.parametrize("case", BAD_CARDS)
def test_a_bad_card_is_refused_with_one_line_and_nothing_changes(tmp_path, case):
    fields, reason = BAD_CARDS[case]
    path = exported(tmp_path)
    pack = json.loads(path.read_text())
    pack["cards"][0]["fields"]["title"] = "A change that must not land"
    next(c for c in pack["cards"] if c["slug"] == "sleep")["fields"].update(fields)
    path.write_text(json.dumps(pack))
    before = snapshot()
    with pytest.raises(CommandError) as raised:
        run_import(path)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("Nothing imported: card 'sleep': ")
    assert reason in message
    assert snapshot() == before


def test_a_bad_version_in_the_history_is_refused_too(tmp_path):
    edit("sleep", body="Sleep, first edit.")
    path = exported(tmp_path)
    pack = json.loads(path.read_text())
    sleep = next(c for c in pack["cards"] if c["slug"] == "sleep")
    sleep["versions"][0]["fields"]["body"] = "[x](javascript:alert(1))"
    path.write_text(json.dumps(pack))
    with pytest.raises(CommandError, match="the version of .*uses javascript:"):
        run_import(path)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "not JSON"),
        ('{"format": "something else"}', "not a guidance pack"),
        ('{"format": "gut-mood-guidance-pack", "format_version": 1, "cards": {}}', '"cards" should be a list'),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused(tmp_path, text, reason):
    path = tmp_path / "pack.json"
    path.write_text(text)
    with pytest.raises(CommandError, match=reason):
        run_import(path)


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_import(tmp_path / "missing.json")


def test_the_command_exits_non_zero_on_a_bad_pack(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "pack.json"
    path.write_text('{"format": "x"}')
    result = subprocess.run(
        [sys.executable, "manage.py", "import_guidance", str(path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
        check=False,
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "CommandError: Nothing imported: not a guidance pack (its \"format\" should be 'gut-mood-guidance-pack')."
    )
