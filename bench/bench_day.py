"""Speed and weight of the day page on the demo account (issue 12).

Runs in one process against a throw-away test database: builds the demo year
(transfer.demo, through the import service, as `manage.py demo` does), then prints
the issue's table: the server time of GET and POST of today's page and of a signed-in
/healthz as multiples of anonymous /healthz, the page's size (plain and gzipped as
served), and how long `manage.py check` takes in a fresh interpreter.

    DJANGO_SETTINGS_MODULE=config.test_settings .venv/bin/python bench/bench_day.py
    ... bench/bench_day.py --profile get   # cProfile of the day page instead of the table
"""

import cProfile
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: collectstatic has not run

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import profile_for, today_for  # noqa: E402
from tests.factories import UserFactory  # noqa: E402
from tests.journal.day_post import form_data  # noqa: E402
from transfer.demo import demo_year  # noqa: E402
from transfer.services import run_import  # noqa: E402

AIMS = {"get": 15.0, "post": 20.0, "signed_in": 1.5, "html_kib": 60.0, "check_s": 1.0}
ACTIONS = "tests/browser/test_action_count.py asserts a typical day in <= 20 actions on a 390 px phone"


def demo_user():
    user = UserFactory(username="demo")
    profile_for(user)
    run_import(user, demo_year(today_for(user), seed=1), replace=True)
    return user


def median_ms(action, repeat: int) -> tuple[float, float]:
    """Median wall and CPU time of this process, in ms (CPU too: on a shared machine the wall clock
    also counts the time other processes hold the CPU)."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def request(client: Client, method: str, url: str, status: int, data=None, headers=None):
    """A GET, or a POST sent as a browser sends a form (urlencoded, not the test client's multipart)."""

    def action():
        # A browser follows the save's redirect, which shows and drops the "Saved." message; without
        # that the test client's message cookie would grow with every POST measured.
        client.cookies.pop("messages", None)
        if method == "post":
            body = urlencode(data, doseq=True)
            response = client.post(url, body, content_type="application/x-www-form-urlencoded", headers=headers)
        else:
            response = client.get(url, data, headers=headers)
        assert response.status_code == status, (url, response.status_code)
        return response

    return action


def check_seconds() -> tuple[float, float]:
    """`manage.py check` in a fresh interpreter, best of three (start-up is what every command pays):
    wall and CPU seconds (CPU too: on a shared machine the wall clock counts other processes' turns)."""
    wall, cpu = [], []
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, check=True, capture_output=True)
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(wall), min(cpu)


def measure(user) -> dict:
    url = f"/day/{today_for(user).isoformat()}/"
    client = Client()
    client.force_login(user)
    page = request(client, "get", url, 200)()
    data = form_data(page)
    request(client, "post", url, 302, data)()
    anonymous = median_ms(request(Client(), "get", "/healthz", 200), 500)
    signed_in = median_ms(request(client, "get", "/healthz", 200), 500)
    get = median_ms(request(client, "get", url, 200), 60)
    post = median_ms(request(client, "post", url, 302, data), 40)
    gzipped = request(client, "get", url, 200, headers={"Accept-Encoding": "gzip"})()
    with CaptureQueriesContext(connection) as get_queries:
        request(client, "get", url, 200)()
    with CaptureQueriesContext(connection) as post_queries:
        request(client, "post", url, 302, data)()
    return {
        "healthz": anonymous,
        "signed_in": signed_in,
        "get": get,
        "post": post,
        "html": len(page.content),
        "gzip": len(gzipped.content) if gzipped.get("Content-Encoding") == "gzip" else None,
        "get_queries": len(get_queries),
        "post_queries": len(post_queries),
        "check": check_seconds(),
    }


def _ratio_line(name: str, figures: tuple[float, float], healthz: tuple[float, float], aim: float) -> bool:
    wall, cpu = figures
    ratio_wall, ratio_cpu = wall / healthz[0], cpu / healthz[1]
    met = min(ratio_wall, ratio_cpu) <= aim
    print(
        f"| {name} | {wall:.2f} ms = {ratio_wall:.1f}x (cpu {cpu:.2f} ms = {ratio_cpu:.1f}x) "
        f"| <= {aim:g}x | {'met' if met else 'NOT MET'} |"
    )
    return met


def report(figures: dict) -> bool:
    healthz = figures["healthz"]
    print(
        f"database: {connection.vendor}; the demo year; "
        f"anonymous /healthz wall {healthz[0]:.3f} ms, cpu {healthz[1]:.3f} ms"
    )
    print("| measured (demo account, in one process) | now | aim | |")
    print("| --- | --- | --- | --- |")
    results = [
        _ratio_line(f"GET /day/<today>/ ({figures['get_queries']} queries)", figures["get"], healthz, AIMS["get"]),
        _ratio_line(
            f"POST of the same day ({figures['post_queries']} queries)", figures["post"], healthz, AIMS["post"]
        ),
        _ratio_line("signed-in /healthz", figures["signed_in"], healthz, AIMS["signed_in"]),
    ]
    kib = figures["html"] / 1024
    gzip = figures["gzip"]
    html_met = kib <= AIMS["html_kib"] and gzip is not None
    wire = f"{gzip / 1024:.1f} KiB gzipped" if gzip is not None else "not compressed"
    print(f"| day page HTML | {kib:.1f} KiB, {wire} | <= {AIMS['html_kib']:g} KiB, compressed | {_word(html_met)} |")
    check_wall, check_cpu = figures["check"]
    check_met = min(check_wall, check_cpu) <= AIMS["check_s"]
    check = f"{check_wall:.2f} s (cpu {check_cpu:.2f} s)"
    print(f"| manage.py check | {check} | <= {AIMS['check_s']:g} s | {_word(check_met)} |")
    print(f"| actions for a typical day | {ACTIONS} | <= 20 | (browser test) |")
    return all(results) and html_met and check_met


def _word(met: bool) -> str:
    return "met" if met else "NOT MET"


def profile(user, what: str) -> None:
    url = f"/day/{today_for(user).isoformat()}/"
    client = Client()
    client.force_login(user)
    data = form_data(request(client, "get", url, 200)())
    action = request(client, "post", url, 302, data) if what == "post" else request(client, "get", url, 200)
    action()
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [action() for _ in range(10)])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> int:
    # No setup_test_environment(): its instrumented template renderer is test overhead, not server time.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = demo_user()
        if "--profile" in sys.argv:
            profile(user, sys.argv[-1])
            return 0
        ok = report(measure(user))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
