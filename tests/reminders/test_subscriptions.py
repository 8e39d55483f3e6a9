"""The JSON endpoints a browser calls to subscribe and unsubscribe, and the profile's remove button."""

import json

import pytest
from django.test import Client

from reminders.models import PushSubscription
from tests.reminders.conftest import FakeBrowser, subscribe_browser

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/reminders/push/subscribe/"
UNSUBSCRIBE = "/reminders/push/unsubscribe/"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def post_json(client, url: str, data) -> object:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_USER_AGENT="Firefox on Linux")


def subscription_json(endpoint: str = ENDPOINT) -> dict:
    return {"endpoint": endpoint, "expirationTime": None, "keys": FakeBrowser.new().keys()}


def test_a_browser_subscribes(client_a, user, vapid):
    response = post_json(client_a, SUBSCRIBE, subscription_json())
    assert response.status_code == 201
    subscription = PushSubscription.objects.get()
    assert (subscription.user, subscription.endpoint, subscription.browser) == (user, ENDPOINT, "Firefox on Linux")


def test_subscribing_again_updates_the_keys_and_keeps_one_row(client_a, vapid):
    post_json(client_a, SUBSCRIBE, subscription_json())
    again = subscription_json()
    assert post_json(client_a, SUBSCRIBE, again).status_code == 200
    assert PushSubscription.objects.get().p256dh == again["keys"]["p256dh"]


@pytest.mark.parametrize(
    "bad",
    [
        {"endpoint": ENDPOINT},  # no keys
        {"endpoint": ENDPOINT, "keys": {}},
        {"endpoint": ENDPOINT, "keys": {"p256dh": "abc", "auth": "def"}},
        {"endpoint": "http://push.example.org/x", "keys": FakeBrowser.new().keys()},  # not https
        {"endpoint": "not a url", "keys": FakeBrowser.new().keys()},
        {"keys": FakeBrowser.new().keys()},
        [],
        "just a string",
    ],
)
def test_an_unsound_subscription_is_refused_and_nothing_is_stored(client_a, vapid, bad):
    response = post_json(client_a, SUBSCRIBE, bad)
    assert response.status_code == 400
    assert "errors" in response.json()
    assert not PushSubscription.objects.exists()


def test_a_body_that_is_not_json_is_refused(client_a, vapid):
    response = client_a.post(SUBSCRIBE, "{endpoint:", content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_a_sign_in(client, vapid):
    response = post_json(client, SUBSCRIBE, subscription_json())
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_the_csrf_token(user, vapid):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert post_json(client, SUBSCRIBE, subscription_json()).status_code == 403
    assert not PushSubscription.objects.exists()


def test_without_vapid_keys_push_is_off(client_a, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert post_json(client_a, SUBSCRIBE, subscription_json()).status_code == 503


def test_a_browser_unsubscribes(client_a, user):
    subscribe_browser(user, ENDPOINT)
    assert post_json(client_a, UNSUBSCRIBE, {"endpoint": ENDPOINT}).status_code == 200
    assert not PushSubscription.objects.exists()


def test_nobody_can_unsubscribe_another_persons_browser(client_a, other_user):
    subscribe_browser(other_user, ENDPOINT)
    assert post_json(client_a, UNSUBSCRIBE, {"endpoint": ENDPOINT}).status_code == 404
    assert PushSubscription.objects.filter(user=other_user).exists()


def test_nobody_can_remove_another_persons_browser_from_the_list(client_a, other_user):
    subscription, _ = subscribe_browser(other_user, ENDPOINT)
    assert client_a.post(f"/reminders/push/{subscription.pk}/remove/").status_code == 404
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_remove_button_removes_ones_own_browser(client_a, user):
    subscription, _ = subscribe_browser(user, ENDPOINT)
    response = client_a.post(f"/reminders/push/{subscription.pk}/remove/")
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_another_persons_browsers_are_not_on_my_profile(client_a, user, other_user):
    subscribe_browser(user, "https://push.example.org/mine")
    subscribe_browser(other_user, "https://push.example.org/theirs")
    html = client_a.get("/accounts/profile/").content.decode()
    assert "push.example.org/mine" in html
    assert "push.example.org/theirs" not in html


def test_the_browsers_go_with_the_account(user):
    subscribe_browser(user, ENDPOINT)
    user.delete()
    assert not PushSubscription.objects.exists()
