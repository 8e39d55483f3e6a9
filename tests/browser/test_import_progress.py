"""A large Apple Health export through the browser: uploaded, checked and imported by the background worker
while the page shows its progress, then found in History."""

import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.factories import ProfileFactory, UserFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from make_apple_health import write_zip

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(settings, live_server):
    """The database queue's worker (its own run_task) in a thread beside the live server. Like the live server,
    the thread shares the test's in-memory SQLite connection: a second connection would meet table locks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    shared = connections["default"]
    shared.inc_thread_sharing()
    stop = threading.Event()

    def work() -> None:
        connections["default"] = shared
        loop = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test",
            excluded_queue_names=[],
        )
        while not stop.is_set():
            for result in DBTaskResult.objects.ready():
                result.claim("browser-test")
                loop.run_task(result)
            stop.wait(0.3)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)
    shared.dec_thread_sharing()


@pytest.fixture
def signed_in(live_server, page):
    user = UserFactory(username="erin")
    ProfileFactory(user=user, display_name="Erin", time_zone="Europe/Amsterdam")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return user


def test_a_large_export_shows_progress_then_its_days_are_in_history(
    live_server, page, signed_in, worker, tmp_path, screenshot, console_errors
):
    export = tmp_path / "export.zip"
    days = write_zip(export, 60_000)  # about 190 days, 15 MB of XML
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Check the file")
    page.wait_for_selector("progress#import-bar")
    screenshot(page, "import-progress-phone")
    page.wait_for_selector("text=Check your import", timeout=120_000)
    assert page.inner_text('#preview-fields tr[data-field="sleep_hours"] [data-count="filled"]') == str(days)
    page.click("button:has-text('Import')")
    page.wait_for_selector("progress#import-bar")
    seen = page.eval_on_selector("progress#import-bar", "bar => bar.max")
    page.wait_for_selector("text=Import finished", timeout=120_000)
    assert seen == 100 and signed_in.days.count() == days
    page.click("text=See your history")
    page.wait_for_load_state()
    newest = signed_in.days.order_by("-date").first()
    assert newest is not None and newest.sleep_hours is not None
    assert page.locator(f"a[href='/day/{newest.date.isoformat()}/']").count() >= 1
    assert console_errors == []
