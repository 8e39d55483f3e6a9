import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, JournalDayFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _factory_days_start_again():
    """Each test's factory days count from 1 January 2024 again. Counted over a whole session they ran past
    today after a thousand or so, into the future that imports and the day page refuse, so a test's outcome
    hung on how many tests ran before it."""
    JournalDayFactory.reset_sequence()


@pytest.fixture
def user(db):
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db):
    return UserFactory(username="bob")


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def client_a(client, user):
    client.force_login(user)
    return client
