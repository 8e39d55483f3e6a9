from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from scipy.stats import spearmanr

from journal.models import Food, JournalDay, MealItem
from journal.queries import daily_values_for
from tests.factories import FoodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    FoodFactory(name="Oats", fiber_g=Decimal("4.0"), is_high_fiber=True)
    FoodFactory(name="Lentils", fiber_g=Decimal("7.8"), is_high_fiber=True)
    FoodFactory(name="Kefir", fiber_g=Decimal("0.0"), is_probiotic=True)
    FoodFactory(name="White bread", fiber_g=Decimal("0.8"), is_ultra_processed=True)
    FoodFactory(name="Crisps", fiber_g=Decimal("1.0"), is_ultra_processed=True)
    FoodFactory(name="Apple", fiber_g=Decimal("4.4"))


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_creates_an_account_with_a_printed_password(catalogue):
    output = run_demo("--seed", "1")
    password = output.strip().rsplit(" ", 1)[-1]
    assert get_user_model().objects.get(username="demo").check_password(password)


def test_demo_holds_most_of_a_year_with_meals_from_the_catalogue(catalogue):
    run_demo("--seed", "1")
    days = JournalDay.objects.filter(user__username="demo")
    assert 300 <= days.count() <= 365
    assert days.first().checkins.count() == 2
    assert days.first().meals.count() == 3
    assert MealItem.objects.filter(meal__day__user__username="demo").exists()


def test_running_demo_again_refreshes_instead_of_doubling(catalogue):
    run_demo("--seed", "1")
    first_password = run_demo("--seed", "1").strip().rsplit(" ", 1)[-1]
    second_password = run_demo("--seed", "2").strip().rsplit(" ", 1)[-1]
    assert first_password != second_password
    assert JournalDay.objects.filter(user__username="demo").count() <= 365


def test_demo_data_links_fiber_to_next_days_mood_and_stress_to_anxiety(catalogue):
    run_demo("--seed", "3")
    rows = daily_values_for(get_user_model().objects.get(username="demo"))
    by_date = {row["date"]: row for row in rows}
    pairs = [
        (row["fiber_g"], by_date[d]["mood"])
        for row in rows
        if (d := row["date"].fromordinal(row["date"].toordinal() + 1)) in by_date
    ]
    assert spearmanr([float(a) for a, _ in pairs], [float(b) for _, b in pairs]).statistic > 0.1
    stress = spearmanr([r["stress"] for r in rows], [float(r["anxiety"]) for r in rows]).statistic
    assert stress > 0.3


def test_demo_works_without_a_catalogue():
    Food.objects.filter(owner__isnull=True).delete()
    run_demo("--seed", "1")
    day = JournalDay.objects.filter(user__username="demo").first()
    assert day.fiber_g is not None
    assert not day.meals.exists()


def test_demo_shows_experiments_and_fortnightly_questionnaires(catalogue):
    run_demo("--seed", "1")
    user = get_user_model().objects.get(username="demo")
    fiber_runs = user.experiments.filter(factor="fiber_g").order_by("start")
    assert fiber_runs.count() == 2
    assert fiber_runs[1].series_id == fiber_runs[0].pk  # a repeat (ABAB), so the pooled result shows
    assert user.experiments.filter(factor="sleep_hours").exists()  # one under way, ticked on the day page
    results = user.screener_results.all()
    assert {r.instrument for r in results} == {"phq9", "gad7"}
    assert results.count() >= 40
    assert not any(r.safety_pending or r.answers[8] for r in results if r.instrument == "phq9")
    assert user.checkin_plan.every_days == 14
