"""Import speed: 4,000 Daylio rows (about five years) and 1,500 daily CSV rows.

Runs against a throwaway test database on whatever DATABASE_URL names (SQLite by
default; run again with a PostgreSQL DATABASE_URL for those figures). Each
timing covers the whole path a person waits for: check the file, then write it.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from journal.constants import DAILY_COLUMNS  # noqa: E402
from journal.models import Food  # noqa: E402
from transfer.services import parse_file, run_import  # noqa: E402

MOODS = ("rad", "good", "meh", "bad", "awful")


def daylio_file(rows: int) -> bytes:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    start = date.today() - timedelta(days=rows // 2 + 1)
    for i in range(rows):
        day = start + timedelta(days=i // 2)
        clock = "8:15 am" if i % 2 == 0 else "21:40"
        lines.append(
            f'{day.isoformat()},x,x,{clock},{MOODS[i % 5]},"work | walk | yogurt","Title {i}","A note, with ""quotes"""'
        )
    return ("\n".join(lines) + "\n").encode()


def daily_csv_file(rows: int) -> bytes:
    lines = [",".join(DAILY_COLUMNS)]
    start = date.today() - timedelta(days=rows + 1)
    for i in range(rows):
        values = [(start + timedelta(days=i)).isoformat(), str(1 + i % 5), str(1 + i % 4), "3", "2", "7.5", "4"]
        values += ["30", "10", "8", "22.5", "1", "0", "0.5", "1", "0", "4", "0", "a note"]
        lines.append(",".join(values))
    return ("\n".join(lines) + "\n").encode()


def timed(label: str, data: bytes, file_format: str, runs: int = 3) -> None:
    """Median of a few runs, each into a fresh user; CPU time beside wall time (steadier on a busy machine)."""
    walls, cpus = [], []
    for run in range(runs):
        user = get_user_model().objects.create(username=f"bench-{file_format}-{run}")
        wall, cpu = time.perf_counter(), time.process_time()
        summary = run_import(user, parse_file(user, data, file_format))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"  {label}: median wall {statistics.median(walls):.2f} s, cpu {statistics.median(cpus):.2f} s"
        f" (aim < 5 s: {'met' if statistics.median(walls) < 5 else 'MISSED'}; each run: {summary.describe()})"
    )


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        Food.objects.get_or_create(name="Yogurt", owner=None, defaults={"serving": "1 cup", "fiber_g": 0})
        timed("Daylio, 4,000 rows (with a snack per row)", daylio_file(4000), "daylio")
        timed("daily CSV, 1,500 rows", daily_csv_file(1500), "csv")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
