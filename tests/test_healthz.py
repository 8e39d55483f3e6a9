from unittest import mock

from django.db import OperationalError


def test_healthz_says_ok_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_needs_no_login(client, db):
    response = client.get("/healthz", follow=False)
    assert response.status_code == 200


def test_healthz_is_503_when_the_database_is_unreachable(client, db):
    with mock.patch("config.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
