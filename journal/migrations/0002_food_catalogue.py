"""Seeds the shared food catalogue (foods without an owner) from journal/data/foods.csv.

The CSV is read at migration time, so the data this migration loads is the
file's content when it runs; fiber is per serving, computed from USDA values
per 100 g (the source column names the record and the figures).

Reversing removes the catalogue foods named in the file that no meal uses:
MealItem.food is PROTECT, and a person's logged meals outlive a rollback.
Running forward again skips names the catalogue still holds.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CATALOGUE_CSV = Path(__file__).resolve().parent.parent / "data" / "foods.csv"

TAG_FIELDS = {
    "probiotic": "is_probiotic",
    "prebiotic": "is_prebiotic",
    "high_fiber": "is_high_fiber",
    "added_sugar": "has_added_sugar",
    "ultra_processed": "is_ultra_processed",
}


def read_catalogue(path: Path = CATALOGUE_CSV) -> list[dict]:
    """The CSV rows as Food field values (no fdc_id: the source text carries it)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            {
                "name": row["name"],
                "serving": row["serving"],
                "fiber_g": Decimal(row["fiber_g"]),
                "source": row["source"],
                **{field: row[column] == "1" for column, field in TAG_FIELDS.items()},
            }
            for row in csv.DictReader(handle)
        ]


def load_catalogue(apps, schema_editor) -> None:
    Food = apps.get_model("journal", "Food")
    rows = read_catalogue()
    present = set(
        Food.objects.filter(owner__isnull=True, name__in=[row["name"] for row in rows]).values_list("name", flat=True)
    )
    Food.objects.bulk_create([Food(owner=None, **row) for row in rows if row["name"] not in present])


def unload_catalogue(apps, schema_editor) -> None:
    Food = apps.get_model("journal", "Food")
    names = [row["name"] for row in read_catalogue()]
    Food.objects.filter(owner__isnull=True, name__in=names, meal_items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, unload_catalogue),
    ]
