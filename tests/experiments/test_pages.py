"""Every experiments URL: ownership, methods, query counts; the home line; the guidance cards' link; no admin."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import today_for
from experiments.models import AdherenceTick, Experiment
from experiments.pages import home_summary
from tests.experiments.factories import AdherenceTickFactory, ExperimentFactory, days_between, log_days
from tests.insights.journal_builder import published_card

OBJECT_URLS = ["experiment_detail", "experiment_stop", "experiment_washout", "experiment_repeat", "experiment_delete"]
# The experiments with their tick counts, three for the outcome's days (the session and the person are cached).
LIST_QUERIES = 4
# The same, with the experiment itself and its series' runs in place of the list.
DETAIL_QUERIES = 5
# Which methods each URL answers; the other gets a 405 before anything is looked up.
ALLOWED = {
    "experiment_detail": {"get"},
    "experiment_stop": {"post"},
    "experiment_washout": {"post"},
    "experiment_repeat": {"get", "post"},
    "experiment_delete": {"get", "post"},
}


def _rows(experiment) -> list:
    return [
        list(Experiment.objects.filter(pk=experiment.pk).values()),
        list(AdherenceTick.objects.filter(experiment=experiment).values()),
    ]


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_experiment_is_a_404_and_stays_unchanged(client_a, other_user, name, method):
    theirs = ExperimentFactory(user=other_user, start=today_for(other_user) - dt.timedelta(days=20))
    AdherenceTickFactory(experiment=theirs)
    before = _rows(theirs)
    response = getattr(client_a, method)(reverse(name, args=[theirs.pk]), {"washout_days": 0})
    assert response.status_code == 404
    assert _rows(theirs) == before


def test_a_missing_experiment_is_a_404(client_a):
    assert client_a.get(reverse("experiment_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["experiment_stop", "experiment_washout"])
def test_writes_answer_post_only(client_a, user, name):
    experiment = ExperimentFactory(user=user, start=today_for(user))
    assert client_a.get(reverse(name, args=[experiment.pk])).status_code == 405


def test_posts_need_the_csrf_token(client, user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    experiment = ExperimentFactory(user=user, start=today_for(user))
    assert csrf_client.post(reverse("experiment_stop", args=[experiment.pk])).status_code == 403
    assert csrf_client.post(reverse("experiment_delete", args=[experiment.pk])).status_code == 403
    assert Experiment.objects.filter(pk=experiment.pk, stopped_on=None).exists()


def test_the_list_never_shows_another_users_experiments(client_a, other_user):
    ExperimentFactory(user=other_user, change="their private change")
    assert "their private change" not in client_a.get(reverse("experiments")).content.decode()


def _many(user, count: int) -> None:
    """`count` finished runs 30 days apart (each with ticks and days) and one running.

    Their baselines overlap the run before; the factory does not check, and the list does not care."""
    today = today_for(user)
    for n in range(count):
        outcome = "bloating" if n % 2 else "mood"  # outcomes mixed: still one fetch of the days
        start = today - dt.timedelta(days=30 * (n + 1))
        experiment = ExperimentFactory(user=user, start=start, change=f"change {n}", outcome=outcome)
        days = days_between(experiment.baseline_start, experiment.end)
        log_days(user, days, mood=lambda d: 2 + d.day % 3, bloating=lambda d: d.day % 4)
        for day in days_between(experiment.start, experiment.end):
            AdherenceTickFactory(experiment=experiment, date=day, done=day.day % 4 != 0)
    ExperimentFactory(user=user, start=today, outcome="bloating")


@pytest.mark.parametrize("count", [1, 4])
def test_the_list_costs_the_same_queries_for_one_or_many(client_a, user, django_assert_num_queries, count):
    _many(user, count)
    client_a.get(reverse("experiments"))
    with django_assert_num_queries(LIST_QUERIES):
        response = client_a.get(reverse("experiments"))
    assert response.status_code == 200
    assert len(response.context["finished"]) == count


@pytest.mark.parametrize("runs", [1, 3])
def test_the_detail_page_costs_the_same_queries_for_one_or_many_runs(client_a, user, django_assert_num_queries, runs):
    today = today_for(user)
    head = None
    for n in range(runs):
        run = ExperimentFactory(user=user, series=head, start=today - dt.timedelta(days=30 * (runs - n)))
        head = head or run
        log_days(user, days_between(run.baseline_start, run.end))
        for day in days_between(run.start, run.end):
            AdherenceTickFactory(experiment=run, date=day)
    url = reverse("experiment_detail", args=[head.pk])
    client_a.get(url)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client_a.get(url)
    assert response.status_code == 200
    assert len(response.context["runs"]) == runs  # every run's result, not an error page


def test_home_shows_progress_of_the_running_experiment(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=4), change="one probiotic food a day")
    for day in days_between(experiment.start, today - dt.timedelta(days=1)):
        AdherenceTickFactory(experiment=experiment, date=day)
    body = client_a.get("/").content.decode()
    assert "Day 5 of 14 · one probiotic food a day · done on 4 of 4 days so far" in " ".join(body.split())
    assert f"/day/{today.isoformat()}/#experiment-{experiment.pk}" in body
    assert reverse("experiment_detail", args=[experiment.pk]) in body


def test_todays_answer_counts_on_home_once_given(user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=1))
    AdherenceTickFactory(experiment=experiment, date=today, done=False)
    summary = home_summary(user, today)
    assert summary["adherence"].line() == "done on 0 of 2 days, 1 not answered"


def test_home_says_a_recent_result_is_ready(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=16))  # ended two days ago
    body = client_a.get("/").content.decode()
    assert "Your result is ready" in body
    assert reverse("experiment_detail", args=[experiment.pk]) in body


def test_home_says_nothing_about_old_or_other_peoples_experiments(user, other_user):
    today = today_for(user)
    ExperimentFactory(user=user, start=today - dt.timedelta(days=40))
    ExperimentFactory(user=other_user, start=today - dt.timedelta(days=2))
    assert home_summary(user, today) is None


def test_home_summary_is_one_query(user, django_assert_num_queries):
    today = today_for(user)
    for n in range(3):
        experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=n * 5))
        AdherenceTickFactory(experiment=experiment, date=today)
    with django_assert_num_queries(1):
        summary = home_summary(user, today)
        line = summary["adherence"].line()  # what home shows, with no query of its own
    assert (summary["kind"], summary["experiment"].start) == ("running", today)
    assert line == "done on 1 of 1 day"


def test_guidance_cards_with_a_suggestion_offer_to_try_it(client_a, user):
    published_card("hydration-test", "water_glasses", "always")
    published_card("general-test", "general", "always")
    body = client_a.get(reverse("insights")).content.decode()
    assert f"{reverse('experiment_new')}?guidance=hydration-test" in body
    assert "?guidance=general-test" not in body
    assert body.count("Try it for yourself") == 1


def test_experiments_and_ticks_are_not_in_the_admin(admin_client, user):
    """Staff never see journal contents (docs/privacy.md)."""
    experiment = ExperimentFactory(user=user, change="searchable change")
    AdherenceTickFactory(experiment=experiment)
    assert admin_client.get("/admin/experiments/experiment/?q=searchable").status_code == 404
    assert admin_client.get(f"/admin/experiments/experiment/{experiment.pk}/change/").status_code == 404
    assert admin_client.get("/admin/experiments/adherencetick/").status_code == 404
