"""Three foods of the seeded catalogue, made sure of: transactional browser tests empty the tables the seed
migration filled, so a test that logs "three meals from the catalogue" puts back the ones it types."""

from decimal import Decimal

from journal.models import Food

BREAKFAST = "Oats, rolled (dry)"
LUNCH = "Lentils, cooked"
DINNER = "Kefir, plain"
SEEDED = {
    BREAKFAST: {"serving": "1/2 cup (40 g)", "fiber_g": Decimal("4.0")},
    LUNCH: {"serving": "1 cup (198 g)", "fiber_g": Decimal("15.6")},
    DINNER: {"serving": "1 cup (243 g)", "fiber_g": Decimal("0.0"), "is_probiotic": True},
}


def catalogue_foods() -> list[Food]:
    """Breakfast, lunch and dinner foods, as catalogue entries (no owner)."""
    return [Food.objects.get_or_create(owner=None, name=name, defaults=fields)[0] for name, fields in SEEDED.items()]
