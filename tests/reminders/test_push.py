"""Web Push through a push service on loopback: the payload arrives encrypted and the browser's keys open it."""

import json

import pytest

from reminders import services
from reminders.models import Delivery, PushSubscription
from tests.reminders.conftest import subscribe_browser, utc, wants_reminders

pytestmark = pytest.mark.django_db


def test_the_browser_decrypts_the_reminder_with_its_own_keys(push_service, vapid, user):
    wants_reminders(user, "21:00", by_email=False)
    _, browser = subscribe_browser(user, f"{push_service.url}/push/alice")
    assert services.send_due(utc("2026-12-01T21:00")).sent == 1
    [received] = push_service.to("/push/alice")
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["authorization"].startswith("vapid t=")
    payload = json.loads(browser.decrypt(received.body))
    assert payload["url"] == "/today/"
    assert payload["title"] == "Gut–Mood Journal"
    assert "today's entry" in payload["body"]


def test_every_browser_of_the_person_gets_it(push_service, vapid, user):
    wants_reminders(user, "21:00", by_email=False)
    subscribe_browser(user, f"{push_service.url}/push/phone")
    subscribe_browser(user, f"{push_service.url}/push/laptop")
    assert services.send_due(utc("2026-12-01T21:00")).sent == 2
    assert {r.path for r in push_service.received} == {"/push/phone", "/push/laptop"}


@pytest.mark.parametrize("status", [404, 410])
def test_a_browser_the_push_service_no_longer_knows_is_deleted(push_service, vapid, user, status):
    wants_reminders(user, "21:00", by_email=False)
    subscribe_browser(user, f"{push_service.url}/push/gone")
    subscribe_browser(user, f"{push_service.url}/push/here")
    push_service.answers["/push/gone"] = status
    report = services.send_due(utc("2026-12-01T21:00"))
    assert (report.sent, report.gone) == (1, 1)
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [f"{push_service.url}/push/here"]


def test_a_failing_push_service_is_retried_with_back_off_and_holds_up_nobody(push_service, vapid, user, other_user):
    wants_reminders(user, "21:00", by_email=False)
    wants_reminders(other_user, "21:00", by_email=False)
    subscribe_browser(user, f"{push_service.url}/push/flaky")
    subscribe_browser(other_user, f"{push_service.url}/push/fine")
    push_service.answers["/push/flaky"] = 500
    report = services.send_due(utc("2026-12-01T21:00"))
    assert (report.sent, report.failed) == (1, 1)
    assert len(push_service.to("/push/fine")) == 1
    flaky = Delivery.objects.get(subscription__endpoint__endswith="/flaky")
    assert (flaky.status, flaky.attempts, flaky.next_try_at) == ("pending", 1, utc("2026-12-01T21:01"))

    assert services.send_due(utc("2026-12-01T21:00:30")).retried == 0  # back-off not over yet
    assert services.send_due(utc("2026-12-01T21:01")).retried == 1
    flaky.refresh_from_db()
    assert (flaky.attempts, flaky.next_try_at) == (2, utc("2026-12-01T21:03"))  # then 2 minutes

    push_service.answers["/push/flaky"] = 201
    assert services.send_due(utc("2026-12-01T21:03")).sent == 1
    flaky.refresh_from_db()
    assert (flaky.status, flaky.attempts) == ("sent", 3)
    assert len(push_service.to("/push/fine")) == 1  # nobody got it twice
    assert len(push_service.to("/push/flaky")) == 3


def test_retries_stop_when_the_ten_minutes_are_over(push_service, vapid, user):
    wants_reminders(user, "21:00", by_email=False)
    subscribe_browser(user, f"{push_service.url}/push/down")
    push_service.answers["/push/down"] = 503
    for moment in ("21:00", "21:01", "21:03", "21:07", "21:15", "21:30"):
        services.send_due(utc(f"2026-12-01T{moment}"))
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert len(push_service.to("/push/down")) == 4  # 21:00, 21:01, 21:03, 21:07; the next (21:15) is too late


def test_an_unreachable_push_service_fails_alone(push_service, vapid, user, other_user):
    wants_reminders(user, "21:00", by_email=False)
    wants_reminders(other_user, "21:00", by_email=False)
    subscribe_browser(user, "http://127.0.0.1:9/push/nobody-listens")
    subscribe_browser(other_user, f"{push_service.url}/push/fine")
    report = services.send_due(utc("2026-12-01T21:00"))
    assert (report.sent, report.failed) == (1, 1)


def test_the_test_button_pushes_to_each_browser_and_drops_a_gone_one(push_service, vapid, client_a, user):
    _, browser = subscribe_browser(user, f"{push_service.url}/push/phone")
    subscribe_browser(user, f"{push_service.url}/push/old")
    push_service.answers["/push/old"] = 410
    response = client_a.post("/reminders/test/", follow=True)
    assert b"A test notification went to 1 browser." in response.content
    assert json.loads(browser.decrypt(push_service.to("/push/phone")[0].body))["url"] == "/today/"
    assert not PushSubscription.objects.filter(endpoint__endswith="/old").exists()
