import pytest

from tests.factories import ProfileFactory, UserFactory


@pytest.fixture
def user(db):
    """A person in UTC, so tests.report.builders.today() is their today too."""
    person = UserFactory(username="alice")
    ProfileFactory(user=person, display_name="Alice Example", time_zone="UTC")
    return person
