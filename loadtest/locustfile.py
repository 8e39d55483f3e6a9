"""Simulated people for `make loadtest`: log in once, then open today, save the day, open insights.

LOAD_HOSTS (comma-separated base URLs) spreads every request over several app servers at
random: a person logs in on one and carries the session and CSRF cookies to the others.
LOAD_SESSIONS names the file of signed-in session keys written by seed.py (one person each);
without it, each person logs in through the form with LOAD_PASSWORD.
"""

import itertools
import os
import random
import re
import sys
from pathlib import Path

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser
from requests.cookies import create_cookie

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.journal.day_post import form_data

HOSTS = [h.strip() for h in os.getenv("LOAD_HOSTS", "http://127.0.0.1:8011").split(",") if h.strip()]
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
ACCOUNTS = int(os.getenv("LOAD_USERS", "50"))
SESSIONS = Path(os.environ["LOAD_SESSIONS"]).read_text().split() if os.getenv("LOAD_SESSIONS") else []
_numbers = itertools.count()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(FastHttpUser):
    host = HOSTS[0]
    wait_time = between(0.5, 1.5) if os.getenv("LOAD_WAIT", "think") == "think" else constant(0)

    def url(self, path: str) -> str:
        return random.choice(HOSTS) + path

    def on_start(self) -> None:
        number = next(_numbers) % ACCOUNTS
        if SESSIONS:
            self.client.cookiejar.set_cookie(create_cookie("sessionid", SESSIONS[number], domain="127.0.0.1"))
            return
        self.username = f"load-{number}"
        page = self.client.get(self.url("/accounts/login/"), name="log in (form)")
        token = CSRF_INPUT.search(page.text).group(1)
        form = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        with self.client.post(self.url("/accounts/login/"), data=form, name="log in", catch_response=True) as resp:
            if resp.status_code != 200 or 'name="password"' in (resp.text or ""):
                resp.failure(f"log-in refused for {self.username}: {resp.status_code}")

    @task
    def a_day(self) -> None:
        today = self.client.get(self.url("/today/"), name="/today/ (redirect)", allow_redirects=False)
        day_path = today.headers.get("Location", "")
        if today.status_code != 302 or not day_path.startswith("/day/"):
            return
        page = self.client.get(self.url(day_path), name="day page")
        if page.status_code != 200:
            return
        data = form_data(page)
        data["sleep_hours"] = f"{random.randint(5, 9)}.5"
        data["stress"] = str(random.randint(1, 5))
        data["notes"] = f"load run {random.randint(1, 10**6)}"
        with self.client.post(self.url(day_path), data=data, name="save day", catch_response=True) as resp:
            if resp.status_code != 200 or "Saved." not in (resp.text or ""):
                resp.failure(f"not saved: {resp.status_code}")
        self.client.get(self.url("/insights/"), name="insights")


class Probe(FastHttpUser):
    """Only /healthz: the ceiling a request that does one database round trip can reach."""

    host = HOSTS[0]
    wait_time = constant(0)

    @task
    def healthz(self) -> None:
        self.client.get(self.url("/healthz"), name="/healthz")

    def url(self, path: str) -> str:
        return random.choice(HOSTS) + path
