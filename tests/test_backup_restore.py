"""Backups: a pg_dump of a database with a journal in it, restored into an empty database, serves that journal.

The dump and the restore use PostgreSQL's own tools, as the README's operations section says; the
restored copy is then read by a fresh process of the app (manage.py), as after a real restore.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from checkins.models import ScreenerResult
from experiments.models import AdherenceTick, Experiment
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)
from transfer.full_json import export_document

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="pg_dump/pg_restore need PostgreSQL (runs in CI's PostgreSQL pass)",
    ),
    pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="no pg_dump/pg_restore"),
    pytest.mark.django_db(transaction=True),  # pg_dump sees committed rows only
]


def _journal():
    user = UserFactory(username="restored-alice")
    ProfileFactory(user=user, display_name="Alice", time_zone="Europe/Amsterdam")
    porridge = FoodFactory(name="Gran's porridge", owner=user, fiber_g=Decimal("4.0"))
    day = JournalDayFactory(user=user, date=dt.date(2024, 5, 2), sleep_hours=Decimal("6.5"), notes="A good day")
    MoodCheckInFactory(day=day, time=dt.time(8, 15), mood=4)
    MealItemFactory(meal=MealFactory(day=day, meal_type="lunch", description="with tea"), food=porridge, servings=2)
    JournalDayFactory(user=user, date=dt.date(2024, 5, 3), stress=2)
    experiment = Experiment.objects.create(
        user=user, change="25 g of fiber", outcome="bloating", start=dt.date(2024, 5, 2)
    )
    AdherenceTick.objects.create(experiment=experiment, date=dt.date(2024, 5, 2), done=True)
    ScreenerResult.objects.create(user=user, instrument="gad7", taken_on=dt.date(2024, 5, 3), answers=[1] * 7, score=7)
    return user


def _server() -> dict[str, str]:
    """libpq settings for the command-line tools, from the test database's connection."""
    params = connection.settings_dict
    env = {"PGHOST": params["HOST"] or "localhost", "PGPORT": str(params["PORT"] or 5432), "PGUSER": params["USER"]}
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def _admin(sql: str) -> None:
    admin = psycopg2.connect(**{**connection.get_connection_params(), "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _app(database: str, *args: str) -> str:
    """Runs the app in a new process against `database`, as it would run after a restore."""
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    url = f"postgres://{params['USER']}{password}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


SERVE_DAY = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(username="restored-alice"))
response = client.get("/day/2024-05-02/")
print(response.status_code, "A good day" in response.content.decode(), "porridge" in response.content.decode())
"""


def test_a_dump_restored_into_an_empty_database_serves_the_same_journal(empty_database, tmp_path):
    user = _journal()
    original = export_document(user)
    dump = tmp_path / "journal.dump"
    env = {**os.environ, **_server()}

    subprocess.run(["pg_dump", "-Fc", "-f", dump, connection.settings_dict["NAME"]], env=env, check=True)
    subprocess.run(["pg_restore", "--no-owner", "-d", empty_database, dump], env=env, check=True)

    restored = json.loads(_app(empty_database, "manage.py", "export_journal", "restored-alice", "--format", "json"))
    original_json = json.loads(json.dumps(original, default=str))
    assert {**restored, "exported_at": None} == {**original_json, "exported_at": None}
    assert [e["change"] for e in restored["experiments"]] == ["25 g of fiber"]
    assert _app(empty_database, "-c", SERVE_DAY).split() == ["200", "True", "True"]
