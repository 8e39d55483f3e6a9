"""The seeded food catalogue, put back for browser tests: transactional tests empty the tables the seed
migration filled, so a test that logs "three meals from the catalogue" reloads it (the load skips foods present)."""

import importlib

from django.apps import apps

from journal.models import Food

BREAKFAST = "Oats, rolled (dry)"
LUNCH = "Lentils, cooked"
DINNER = "Kefir, plain"


def catalogue_foods() -> list[Food]:
    """Loads the whole seeded catalogue; returns a breakfast, a lunch and a dinner food from it."""
    seed = importlib.import_module("journal.migrations.0002_food_catalogue")
    seed.load_catalogue(apps, None)
    return [Food.objects.get(owner=None, name=name) for name in (BREAKFAST, LUNCH, DINNER)]
