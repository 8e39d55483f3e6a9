import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import Profile
from checkins.models import CheckinPlan, ScreenerResult
from experiments.models import AdherenceTick, Experiment
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from tests.checkins.factories import CheckinPlanFactory, ScreenerResultFactory
from tests.experiments.factories import AdherenceTickFactory, ExperimentFactory
from tests.factories import (
    PASSWORD,
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
)

User = get_user_model()
URL = "/accounts/delete/"


def fill_journal(user) -> None:
    """Two days with check-ins and meals, one meal eating the person's own food."""
    ProfileFactory(user=user)
    own_food = FoodFactory(owner=user)
    for _ in range(2):
        day = JournalDayFactory(user=user)
        MoodCheckInFactory(day=day)
        meal = MealFactory(day=day)
        MealItemFactory(meal=meal, food=own_food)
    first = ExperimentFactory(user=user)
    AdherenceTickFactory(experiment=first)
    ExperimentFactory(user=user, series=first, start=first.start + dt.timedelta(days=28))
    ScreenerResultFactory(user=user)
    CheckinPlanFactory(user=user)


def rows_of(user) -> dict[str, int]:
    return {
        "days": JournalDay.objects.filter(user=user).count(),
        "checkins": MoodCheckIn.objects.filter(day__user=user).count(),
        "meals": Meal.objects.filter(day__user=user).count(),
        "items": MealItem.objects.filter(meal__day__user=user).count(),
        "foods": Food.objects.filter(owner=user).count(),
        "profiles": Profile.objects.filter(user=user).count(),
        "experiments": Experiment.objects.filter(user=user).count(),
        "ticks": AdherenceTick.objects.filter(experiment__user=user).count(),
        "questionnaires": ScreenerResult.objects.filter(user=user).count(),
        "plans": CheckinPlan.objects.filter(user=user).count(),
    }


FULL = {
    "days": 2,
    "checkins": 2,
    "meals": 2,
    "items": 2,
    "foods": 1,
    "profiles": 1,
    "experiments": 2,
    "ticks": 1,
    "questionnaires": 1,
    "plans": 1,
}
EMPTY = dict.fromkeys(FULL, 0)


def test_delete_account_url_is_stable():
    assert reverse("delete_account") == URL


@pytest.mark.django_db
def test_delete_page_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


@pytest.mark.django_db
def test_delete_post_requires_login(client, user):
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_page_says_what_goes_in_numbers(client_a, user):
    fill_journal(user)
    html = client_a.get(URL).content.decode()
    assert "2 journal days" in html
    assert "2 mood check-ins" in html
    assert "2 meals" in html
    assert "1 food you added" in html
    assert "2 experiments" in html
    assert "1 questionnaire result" in html


@pytest.mark.django_db
def test_delete_with_wrong_password_keeps_everything(client_a, user):
    fill_journal(user)
    response = client_a.post(URL, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your current password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert rows_of(user) == FULL
    assert "_auth_user_id" in client_a.session


@pytest.mark.django_db
def test_delete_with_empty_password_keeps_everything(client_a, user):
    fill_journal(user)
    response = client_a.post(URL, {})
    assert response.context["form"].errors["password"]
    assert rows_of(user) == FULL


@pytest.mark.django_db
def test_delete_by_get_deletes_nothing(client_a, user):
    fill_journal(user)
    client_a.get(URL, {"password": PASSWORD})
    assert rows_of(user) == FULL


@pytest.mark.django_db
def test_delete_with_right_password_removes_every_row_of_that_user(client_a, user):
    fill_journal(user)
    client_a.post(URL, {"password": PASSWORD})
    assert not User.objects.filter(pk=user.pk).exists()
    assert rows_of(user) == EMPTY


@pytest.mark.django_db
def test_delete_leaves_other_users_rows_alone(client_a, user, other_user):
    fill_journal(user)
    fill_journal(other_user)
    client_a.post(URL, {"password": PASSWORD})
    assert rows_of(other_user) == FULL
    assert User.objects.filter(pk=other_user.pk).exists()


@pytest.mark.django_db
def test_delete_keeps_the_shared_catalogue(client_a, user):
    catalogue_food = FoodFactory(owner=None)
    MealItemFactory(meal=MealFactory(day=JournalDayFactory(user=user)), food=catalogue_food)
    client_a.post(URL, {"password": PASSWORD})
    assert Food.objects.filter(pk=catalogue_food.pk).exists()


@pytest.mark.django_db
def test_delete_logs_out_and_says_so_on_the_home_page(client_a, user):
    response = client_a.post(URL, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "_auth_user_id" not in client_a.session
    assert "Your account is closed, and it and your whole journal are being deleted." in response.content.decode()


def test_deleting_runs_as_a_background_task_and_closes_the_account_at_once(client, user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(user)
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "home.tasks.delete_account_later" and queued.args_kwargs["args"] == [user.pk]


def test_a_deletion_killed_halfway_leaves_everything_and_runs_again_to_the_end(client, user, settings):
    """PRODUCT 3.13: the task is one transaction, so a worker dying in it deletes nothing; running it again
    (the same task, enqueued again) deletes everything once."""
    from unittest import mock

    from home import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fill_journal(user)
    client.force_login(user)
    client.post(URL, {"password": PASSWORD})
    killed = mock.patch("home.services._end_sessions", side_effect=SystemExit("worker killed"))
    with killed, pytest.raises(SystemExit):
        tasks.delete_account_later.call(user.pk)  # after the days went, before the user row
    assert rows_of(user) == FULL and User.objects.filter(pk=user.pk).exists()
    tasks.delete_account_later.call(user.pk)
    assert rows_of(user) == EMPTY and not User.objects.filter(pk=user.pk).exists()
    tasks.delete_account_later.call(user.pk)  # a repeated delivery finds nothing left and does nothing
