import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


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
