import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from insights.management.commands.insights import Command
from tests.insights.journal_builder import START, build_journal, published_card

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("insights", *args, stdout=out)
    return out.getvalue()


def test_json_output_is_the_same_object_as_data_json(client_a, user):
    build_journal(user, 60)

    printed = json.loads(run("alice", "--json"))

    assert printed == client_a.get(reverse("insights_data")).json()


def test_the_readable_report_names_days_findings_and_guidance(user):
    published_card()
    build_journal(user, 90)
    contract = json.loads(run("alice", "--json"))
    significant = [f for f in contract["findings"] if f["significant"]]

    report = run("alice")

    assert "Days logged: 90" in report
    assert f"Range: {START.isoformat()} to " in report
    assert significant[0]["summary"] in report
    assert "95% interval" in report
    assert f"No clear link yet: {len(contract['findings']) - len(significant)} of {len(contract['findings'])}" in report
    assert contract["guidance"][0]["title"] in report


def test_a_short_journal_says_what_unlocks_when(user):
    build_journal(user, 5)

    assert "Insights unlock at 21 logged days: 16 to go." in run("alice")


def test_an_unknown_user_is_a_command_error():
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("nobody")


def test_an_unknown_user_exits_non_zero_with_one_line_on_stderr(capsys):
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "insights", "nobody", "--json"])

    captured = capsys.readouterr()
    assert exit_info.value.code != 0
    assert captured.out == ""
    assert captured.err.strip().count("\n") == 0
    assert "nobody" in captured.err
