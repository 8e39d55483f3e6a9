"""Issue 12: what every request and every command start costs (sessions, time zone, compression, imports)."""

import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def test_a_signed_in_healthz_costs_only_its_own_query(client_a, django_assert_num_queries):
    client_a.get("/healthz")  # the session reaches the cache
    with django_assert_num_queries(1):  # SELECT 1: no session, user or profile read
        assert client_a.get("/healthz").status_code == 200


def test_pages_are_gzipped_and_csrf_tokens_stay_masked(client_a):
    first = client_a.get("/day/2024-03-01/", headers={"Accept-Encoding": "gzip"})
    second = client_a.get("/day/2024-03-01/")
    assert first["Content-Encoding"] == "gzip"
    token = second.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    again = client_a.get("/day/2024-03-01/").content.decode().split('name="csrfmiddlewaretoken" value="')[1]
    assert not again.startswith(token)  # masked anew for every response (BREACH)


def test_the_day_page_is_under_60_kib(client_a, db):
    from journal.migrations import __path__  # noqa: F401  (the seeded catalogue is in the test database)

    assert len(client_a.get(reverse("today"), follow=True).content) < 60 * 1024


def test_start_up_does_not_import_scipy_or_pandas():
    code = (
        "import django, sys; django.setup(); import config.urls; "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "heavy = [m for m in ('scipy', 'pandas') if m in sys.modules]; print(heavy); sys.exit(bool(heavy))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
