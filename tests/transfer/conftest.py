from decimal import Decimal
from pathlib import Path

import pytest

from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn

# Real exports copied into the repository (origins and licences: tests/data/README.md).
DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = DATA / "daylio"


def row_counts() -> dict[str, int]:
    return {
        "days": JournalDay.objects.count(),
        "checkins": MoodCheckIn.objects.count(),
        "meals": Meal.objects.count(),
        "items": MealItem.objects.count(),
        "foods": Food.objects.count(),
    }


def catalogue_food(name: str, **fields) -> Food:
    """A catalogue food, whether or not the seeded catalogue already holds it."""
    defaults = {"serving": "1 serving", "fiber_g": Decimal("1.0"), "source": "test", **fields}
    return Food.objects.get_or_create(owner=None, name=name, defaults=defaults)[0]


@pytest.fixture
def counts():
    """counts() -> the number of rows of every journal table, to assert that nothing was written."""
    return row_counts


@pytest.fixture
def sample():
    def read(name: str) -> bytes:
        return (SAMPLES / name).read_bytes()

    return read
