"""The plan: optional, every week or two, reminders on home when a questionnaire is due."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import today_for
from checkins.models import CheckinPlan
from checkins.pages import home_notices
from checkins.queries import due_for
from tests.checkins.factories import CheckinPlanFactory, ScreenerResultFactory
from tests.factories import ProfileFactory, UserFactory

TODAY = dt.date(2024, 6, 20)
DUE = "Your check-in is due"


def test_without_a_plan_nothing_is_due(user):
    ScreenerResultFactory(user=user, taken_on=TODAY - dt.timedelta(days=100))
    assert due_for(user, TODAY) == []
    assert home_notices(user, TODAY) is None


def test_a_plan_with_nothing_chosen_is_off(user):
    CheckinPlanFactory(user=user, phq9=False, gad7=False)
    assert due_for(user, TODAY) == []


def test_a_questionnaire_never_taken_is_due(user):
    CheckinPlanFactory(user=user, gad7=False)
    assert due_for(user, TODAY) == ["phq9"]


@pytest.mark.parametrize(
    ("every", "days_ago", "due"),
    [(7, 0, False), (7, 6, False), (7, 7, True), (7, 20, True), (14, 7, False), (14, 13, False), (14, 14, True)],
)
def test_due_after_every_week_or_two(user, every, days_ago, due):
    CheckinPlanFactory(user=user, every_days=every, gad7=False)
    ScreenerResultFactory(user=user, instrument="phq9", taken_on=TODAY - dt.timedelta(days=days_ago))
    assert (due_for(user, TODAY) == ["phq9"]) is due


def test_each_questionnaire_is_due_on_its_own_date(user):
    CheckinPlanFactory(user=user, every_days=7)
    ScreenerResultFactory(user=user, instrument="phq9", taken_on=TODAY - dt.timedelta(days=8))
    ScreenerResultFactory(user=user, instrument="gad7", taken_on=TODAY - dt.timedelta(days=2))
    ScreenerResultFactory(user=user, instrument="gad7", taken_on=TODAY - dt.timedelta(days=30))
    assert due_for(user, TODAY) == ["phq9"]


def test_another_persons_results_do_not_count(user, other_user):
    CheckinPlanFactory(user=user, gad7=False)
    ScreenerResultFactory(user=other_user, instrument="phq9", taken_on=TODAY)
    assert due_for(user, TODAY) == ["phq9"]


@pytest.mark.parametrize(("zone", "due"), [("Pacific/Auckland", True), ("America/Los_Angeles", False)])
def test_due_follows_the_persons_time_zone(db, monkeypatch, zone, due):
    person = UserFactory()
    ProfileFactory(user=person, time_zone=zone)
    CheckinPlanFactory(user=person, gad7=False, every_days=7)
    ScreenerResultFactory(user=person, instrument="phq9", taken_on=dt.date(2024, 3, 4))
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2024, 3, 10, 23, 30, tzinfo=dt.UTC))
    # 11 March in Auckland (a week on), still 10 March in Los Angeles.
    assert (due_for(person, today_for(person)) == ["phq9"]) is due


def test_home_says_a_check_in_is_due_with_a_link(client_a, user):
    CheckinPlanFactory(user=user, gad7=False)
    html = client_a.get("/").content.decode()
    assert DUE in html
    assert reverse("checkins_take", kwargs={"instrument": "phq9"}) in html


def test_home_stays_quiet_when_reminders_are_off(client_a, user):
    CheckinPlanFactory(user=user, reminders=False)
    assert DUE not in client_a.get("/").content.decode()
    assert "due" in client_a.get(reverse("checkins")).content.decode()


def test_home_stays_quiet_when_nothing_is_due(client_a, user):
    CheckinPlanFactory(user=user, gad7=False)
    ScreenerResultFactory(user=user, instrument="phq9", taken_on=today_for(user))
    assert DUE not in client_a.get("/").content.decode()


def test_home_notices_cost_two_queries(user, django_assert_num_queries):
    CheckinPlanFactory(user=user)
    for n in range(5):
        ScreenerResultFactory(user=user, taken_on=TODAY - dt.timedelta(days=n), safety_pending=n == 2)
    with django_assert_num_queries(2):
        notices = home_notices(user, TODAY)
    assert notices["safety"] is True and [s.instrument for s in notices["due"]] == ["gad7"]


def test_saving_the_plan(client_a, user):
    response = client_a.post(reverse("checkins"), {"phq9": "on", "every_days": "14", "reminders": "on"})
    assert response.status_code == 302
    plan = CheckinPlan.objects.get(user=user)
    assert (plan.phq9, plan.gad7, plan.every_days, plan.reminders) == (True, False, 14, True)
    client_a.post(reverse("checkins"), {"gad7": "on", "every_days": "7"})
    plan.refresh_from_db()
    assert (plan.phq9, plan.gad7, plan.every_days, plan.reminders) == (False, True, 7, False)
    assert CheckinPlan.objects.count() == 1


@pytest.mark.parametrize("every", ["3", "", "week"])
def test_a_wrong_frequency_saves_nothing(client_a, user, every):
    response = client_a.post(reverse("checkins"), {"phq9": "on", "every_days": every})
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not CheckinPlan.objects.exists()


def test_the_plan_form_never_takes_a_user(client_a, user, other_user):
    client_a.post(reverse("checkins"), {"phq9": "on", "every_days": "7", "user": other_user.pk})
    assert CheckinPlan.objects.get().user == user
