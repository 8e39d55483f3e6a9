"""The day page's "did you do it today?" tick, saved with the day in its one POST."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import today_for
from experiments.models import AdherenceTick
from experiments.versions import experiments_changed
from journal.models import JournalDay
from tests.experiments.factories import AdherenceTickFactory, ExperimentFactory
from tests.journal.day_post import day_post, form_data
from tests.journal.test_day_queries import DAY, DAY_PAGE_QUERIES, DAY_PAGE_QUERIES_PARTS_KEPT, _day_with_meals


def _day_url(day: dt.date) -> str:
    return reverse("day", args=[day.isoformat()])


def _running(user, **kwargs):
    today = today_for(user)
    return ExperimentFactory(user=user, start=today - dt.timedelta(days=4), **kwargs)


def _post(client, day, experiment, done: str, **fields):
    data = day_post(**fields)
    data[f"experiment-{experiment.pk}-shown"] = "True"
    data[f"experiment-{experiment.pk}-done"] = done
    return client.post(_day_url(day), data)


def test_the_day_page_asks_about_a_running_experiment(client_a, user):
    experiment = _running(user, change="one probiotic food a day")
    body = client_a.get(_day_url(today_for(user))).content.decode()
    assert "Your experiment: one probiotic food a day. Did you do it today?" in body
    assert f'name="experiment-{experiment.pk}-done"' in body
    assert "<legend" in body and 'type="radio"' in body


def test_days_outside_the_change_do_not_ask(client_a, user):
    experiment = _running(user)
    before = experiment.start - dt.timedelta(days=1)
    assert "Your experiment:" not in client_a.get(_day_url(before)).content.decode()


def test_a_stopped_experiment_asks_only_up_to_its_stop(client_a, user):
    today = today_for(user)
    experiment = _running(user, stopped_on=today - dt.timedelta(days=2))
    assert "Your experiment:" in client_a.get(_day_url(experiment.stopped_on)).content.decode()
    assert "Your experiment:" not in client_a.get(_day_url(today)).content.decode()


def test_yes_is_saved_with_the_day(client_a, user):
    experiment = _running(user)
    today = today_for(user)
    response = _post(client_a, today, experiment, "yes", stress=3)
    assert response.status_code == 302
    assert AdherenceTick.objects.get(experiment=experiment, date=today).done is True
    assert JournalDay.objects.get(user=user, date=today).stress == 3


def test_an_answer_can_be_changed_and_cleared(client_a, user):
    experiment = _running(user)
    today = today_for(user)
    _post(client_a, today, experiment, "yes")
    _post(client_a, today, experiment, "no")
    assert AdherenceTick.objects.get(experiment=experiment, date=today).done is False
    _post(client_a, today, experiment, "")
    assert not AdherenceTick.objects.filter(experiment=experiment).exists()


def test_a_tick_is_kept_even_when_the_day_has_nothing_else(client_a, user):
    experiment = _running(user)
    today = today_for(user)
    _post(client_a, today, experiment, "yes")
    assert AdherenceTick.objects.filter(experiment=experiment, date=today, done=True).exists()
    assert not JournalDay.objects.filter(user=user).exists()


def test_the_page_shows_the_saved_answer_and_posts_it_back_unchanged(client_a, user):
    experiment = _running(user)
    today = today_for(user)
    AdherenceTickFactory(experiment=experiment, date=today, done=False)
    data = form_data(client_a.get(_day_url(today)))
    assert data[f"experiment-{experiment.pk}-done"] == "no"
    client_a.post(_day_url(today), data)
    assert AdherenceTick.objects.get(experiment=experiment, date=today).done is False


def test_a_save_from_a_page_that_did_not_ask_keeps_the_answer(client_a, user):
    """A day page opened before the experiment started posts no tick: the answer stays."""
    experiment = _running(user)
    today = today_for(user)
    AdherenceTickFactory(experiment=experiment, date=today, done=True)
    client_a.post(_day_url(today), day_post(stress=2))
    assert AdherenceTick.objects.get(experiment=experiment, date=today).done is True


def test_a_bad_answer_saves_nothing(client_a, user):
    experiment = _running(user)
    today = today_for(user)
    response = _post(client_a, today, experiment, "maybe", stress=4)
    assert response.status_code == 200
    assert not AdherenceTick.objects.exists()
    assert not JournalDay.objects.exists()


def test_the_day_and_the_tick_are_one_transaction(client_a, user, monkeypatch):
    experiment = _running(user)
    today = today_for(user)

    def fail(*args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr("experiments.services.save_ticks", fail)
    with pytest.raises(IntegrityError):
        _post(client_a, today, experiment, "yes", stress=4)
    assert not JournalDay.objects.exists()


def test_another_users_experiment_is_never_shown_or_ticked(client_a, user, other_user):
    theirs = _running(other_user, change="their secret change")
    today = today_for(user)
    assert "their secret change" not in client_a.get(_day_url(today)).content.decode()
    _post(client_a, today, theirs, "yes", stress=2)
    assert not AdherenceTick.objects.exists()


def test_two_running_experiments_are_both_asked(client_a, user):
    first = _running(user, change="first change")
    second = _running(user, change="second change")
    today = today_for(user)
    data = day_post()
    for experiment, done in ((first, "yes"), (second, "no")):
        data[f"experiment-{experiment.pk}-shown"] = "True"
        data[f"experiment-{experiment.pk}-done"] = done
    client_a.post(_day_url(today), data)
    assert dict(AdherenceTick.objects.values_list("experiment_id", "done")) == {first.pk: True, second.pk: False}


@pytest.mark.parametrize("experiments", [0, 1, 3])
def test_the_day_page_costs_one_query_more_whatever_the_experiments(
    client_a, user, django_assert_num_queries, experiments
):
    _day_with_meals(user, 2)
    for n in range(experiments):
        experiment = ExperimentFactory(user=user, start=DAY - dt.timedelta(days=n), change=f"change {n}")
        AdherenceTickFactory(experiment=experiment, date=DAY)
    client_a.get(_day_url(DAY))
    experiments_changed(user.pk)  # drawn again around the journal's kept parts: one query for the section
    with django_assert_num_queries(DAY_PAGE_QUERIES_PARTS_KEPT):
        response = client_a.get(_day_url(DAY))
    assert response.status_code == 200
    assert response.content.decode().count("Did you do it on this day?") == experiments
    with django_assert_num_queries(DAY_PAGE_QUERIES):  # then kept whole
        again = client_a.get(_day_url(DAY))
    assert again.content.decode().count("Did you do it on this day?") == experiments
