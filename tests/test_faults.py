"""Faults: the database going away gives a 503 page, the app recovers on its own, a failed import leaves nothing.

The outage tests on a real connection need PostgreSQL: they end the app's server process with
pg_terminate_backend from a second connection, as a database restart or failover would.
"""

import datetime as dt
from decimal import Decimal

import psycopg2
import pytest
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection
from django.test import Client

from journal.models import MealItem
from tests.factories import JournalDayFactory, ProfileFactory
from tests.transfer.conftest import row_counts
from transfer.formats import DayData, ItemData, MealData, ParsedImport
from transfer.services import run_import

ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="ends a real server connection; runs in CI's PostgreSQL pass"
)


def _raises(error: type[Exception]):
    def fail(*args, **kwargs):
        raise error("server closed the connection unexpectedly")

    return fail


_refused = _raises(OperationalError)


@pytest.fixture
def visitor(user) -> Client:
    """A signed-in client that gets the error pages, as a browser would, instead of the exception."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_outage_in_a_view_is_a_503_page(client_a, monkeypatch, error):
    monkeypatch.setattr("journal.pages.days_for", _raises(error))
    response = client_a.get("/history/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.content.decode()


def test_a_database_outage_before_the_view_is_a_503_page(visitor, monkeypatch):
    monkeypatch.setattr("accounts.middleware.zone_for", _refused)  # the time-zone middleware's read
    response = visitor.get("/history/")
    assert response.status_code == 503
    assert "cannot reach its database" in response.content.decode()


def test_the_503_page_mentions_no_one_and_carries_the_security_headers(client_a, user, monkeypatch):
    monkeypatch.setattr("journal.pages.days_for", _refused)
    response = client_a.get("/history/")
    assert user.username not in response.content.decode()
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_any_other_fault_is_still_the_500_page(visitor, monkeypatch):
    monkeypatch.setattr("accounts.middleware.zone_for", _raises(ZeroDivisionError))
    assert visitor.get("/history/").status_code == 500


def _end_app_connection() -> None:
    """Ends the app's database session from a second connection, as a server restart would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    admin.close()


@pytest.fixture
def kept_connection():
    """Persistent connections with health checks, as in production with DATABASE_CONN_MAX_AGE set."""
    connection.close()
    saved = (connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"])
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = 60, True
    yield
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"], connection.settings_dict["CONN_HEALTH_CHECKS"] = saved


def _between_requests() -> None:
    """What a real server does at a request boundary (Django's test client skips it)."""
    close_old_connections()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_losing_the_database_mid_request_is_a_503_and_the_next_request_recovers(visitor, kept_connection):
    assert visitor.get("/history/").status_code == 200
    _end_app_connection()

    assert visitor.get("/history/").status_code == 503
    _between_requests()
    assert visitor.get("/history/").status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_its_connection_is_gone_and_ok_after(client, kept_connection):
    assert client.get("/healthz").status_code == 200
    _end_app_connection()

    assert client.get("/healthz").status_code == 503
    _between_requests()
    assert client.get("/healthz").content == b"ok"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_ended_between_requests_is_replaced_without_an_error(client_a, kept_connection):
    assert client_a.get("/history/").status_code == 200
    _end_app_connection()
    _between_requests()
    assert client_a.get("/history/").status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_server_cannot_be_reached(client, monkeypatch):
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")  # nothing listens there
    assert client.get("/healthz").status_code == 503
    connection.close()
    monkeypatch.undo()
    assert client.get("/healthz").status_code == 200


def _backup(user, food_name: str) -> ParsedImport:
    meal = MealData(meal_type="lunch", time=None, description="soup", items=[ItemData(food_name, True, Decimal(1))])
    days = [DayData(dt.date(2024, 5, d), {"notes": "imported"}, [], [meal]) for d in (1, 2, 3)]
    foods = [{"name": food_name, "serving": "1 bowl", "fiber_g": Decimal("3.0")}]
    return ParsedImport(days=days, foods=foods, profile={"display_name": "Restored", "time_zone": "Europe/Oslo"})


def test_an_import_failing_at_its_last_write_leaves_nothing_behind(user, monkeypatch):
    ProfileFactory(user=user, display_name="", time_zone="UTC")
    JournalDayFactory(user=user, date=dt.date(2024, 5, 2), notes="mine")
    before = row_counts()

    def disk_full(*args, **kwargs):
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(MealItem.objects, "bulk_create", disk_full)
    with pytest.raises(DatabaseError):
        run_import(user, _backup(user, "Grandma's soup"), replace=True)

    assert row_counts() == before
    assert user.days.get(date=dt.date(2024, 5, 2)).notes == "mine"
    user.profile.refresh_from_db()
    assert (user.profile.display_name, user.profile.time_zone) == ("", "UTC")


def test_the_same_import_succeeds_once_the_fault_is_gone(user):
    summary = run_import(user, _backup(user, "Grandma's soup"), replace=True)
    assert (summary.days_created, MealItem.objects.filter(meal__day__user=user).count()) == (3, 3)
