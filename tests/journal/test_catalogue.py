"""The seeded food catalogue (journal/migrations/0002_food_catalogue.py, journal/data/foods.csv)."""

import csv
import importlib
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps

from journal.models import Food
from tests.factories import FoodFactory, MealItemFactory, UserFactory

catalogue_migration = importlib.import_module("journal.migrations.0002_food_catalogue")

HIGH_FIBER_GRAMS = Decimal("3")
TAGS = ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")
FIGURES = re.compile(r"([\d.]+) g fiber/100 g x (\d+) g$")


def catalogue():
    return Food.objects.filter(owner__isnull=True)


def csv_rows() -> list[dict]:
    with catalogue_migration.CATALOGUE_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def fiber_of(name: str) -> Decimal:
    return catalogue().get(name=name).fiber_g


@pytest.mark.django_db
def test_a_fresh_database_has_at_least_100_catalogue_foods():
    assert catalogue().count() >= 100


@pytest.mark.django_db
def test_the_catalogue_holds_every_row_of_the_csv():
    assert set(catalogue().values_list("name", flat=True)) == {row["name"] for row in csv_rows()}


@pytest.mark.django_db
@pytest.mark.parametrize("tag", TAGS)
def test_every_tag_has_at_least_five_foods(tag):
    assert catalogue().filter(**{tag: True}).count() >= 5


@pytest.mark.django_db
def test_the_classic_fermented_foods_are_tagged_probiotic():
    probiotic = [name.lower() for name in catalogue().filter(is_probiotic=True).values_list("name", flat=True)]
    assert len(probiotic) >= 6
    for ferment in ("yogurt", "kefir", "sauerkraut", "kimchi", "kombucha", "miso", "tempeh"):
        assert any(ferment in name for name in probiotic), ferment


@pytest.mark.django_db
def test_baked_sourdough_is_not_counted_as_probiotic():
    assert not catalogue().get(name="Sourdough bread").is_probiotic


@pytest.mark.django_db
def test_every_fiber_value_is_between_0_and_30_grams():
    assert not catalogue().exclude(fiber_g__gte=0, fiber_g__lte=30).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("Oats, rolled (dry)", "3.5", "5"),
        ("Lentils, cooked", "13", "18"),
        ("Black beans, cooked", "13", "17"),
        ("Apple, with skin", "3.5", "5.5"),
        ("Banana", "2.5", "3.5"),
        ("White rice, cooked", "0", "1"),
        ("Cola (regular)", "0", "0"),
    ],
)
def test_spot_checked_fiber_per_serving_is_plausible(name, low, high):
    assert Decimal(low) <= fiber_of(name) <= Decimal(high)


@pytest.mark.django_db
def test_every_food_names_its_source():
    assert not catalogue().filter(source="").exists()
    usda = catalogue().filter(source__startswith="USDA FoodData Central").count()
    assert usda >= catalogue().count() - 5


@pytest.mark.django_db
def test_high_fiber_tag_means_at_least_3_grams_per_serving():
    assert not catalogue().filter(is_high_fiber=True, fiber_g__lt=HIGH_FIBER_GRAMS).exists()
    assert not catalogue().filter(is_high_fiber=False, fiber_g__gte=HIGH_FIBER_GRAMS).exists()


@pytest.mark.django_db
def test_every_serving_states_its_weight_in_grams():
    for serving in catalogue().values_list("serving", flat=True):
        assert re.search(r"\d+ g\)$", serving), serving


def test_fiber_per_serving_is_the_usda_figure_per_100_g_scaled_to_the_serving():
    for row in csv_rows():
        figures = FIGURES.search(row["source"])
        if figures is None:
            continue
        per_100_g, grams = Decimal(figures[1]), Decimal(figures[2])
        expected = (per_100_g * grams / 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert Decimal(row["fiber_g"]) == expected, row["name"]
        assert f"({figures[2]} g)" in row["serving"] or f", {figures[2]} g)" in row["serving"], row["name"]


def test_every_fdc_id_in_the_csv_is_cited_in_its_source():
    for row in csv_rows():
        if row["fdc_id"]:
            assert f"FDC ID {row['fdc_id']} " in row["source"], row["name"]


def test_catalogue_names_are_unique_and_tags_are_0_or_1():
    rows = csv_rows()
    assert len({row["name"] for row in rows}) == len(rows)
    for row in rows:
        for column in catalogue_migration.TAG_FIELDS:
            assert row[column] in ("0", "1"), (row["name"], column)


@pytest.mark.django_db
def test_reversing_the_migration_removes_unused_catalogue_foods_only():
    used = catalogue().get(name="Kefir, plain")
    MealItemFactory(food=used)
    own = FoodFactory(owner=UserFactory(), name="Grandma's kefir")

    catalogue_migration.unload_catalogue(apps, None)

    assert list(catalogue()) == [used]
    assert Food.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_running_the_migration_again_after_a_reverse_restores_the_whole_catalogue():
    MealItemFactory(food=catalogue().get(name="Kefir, plain"))
    catalogue_migration.unload_catalogue(apps, None)

    catalogue_migration.load_catalogue(apps, None)

    assert catalogue().count() == len(csv_rows())


@pytest.mark.django_db
def test_running_the_migration_twice_adds_nothing():
    before = catalogue().count()
    catalogue_migration.load_catalogue(apps, None)
    assert catalogue().count() == before
