"""Starting an experiment: the baseline rules, lengths, dates, one change at a time, and repeats."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import today_for
from experiments.models import Experiment, baseline_length
from tests.experiments.factories import ExperimentFactory, days_between, log_days
from tests.insights.journal_builder import published_card

NEW = reverse("experiment_new")


def _form(today: dt.date, **fields) -> dict:
    data = {"change": "one probiotic food a day", "factor": "", "outcome": "mood", "start": today.isoformat()}
    data.update({"length_days": 14, "washout_days": 3})
    data.update(fields)
    return data


def _log_before(user, start: dt.date, logged: int, **kwargs) -> None:
    """`logged` days with the outcome, the latest days before the start."""
    log_days(user, days_between(start - dt.timedelta(days=logged), start - dt.timedelta(days=1)), **kwargs)


def _errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def test_the_baseline_window_is_the_length_but_never_shorter_than_ten_days():
    assert baseline_length(7) == 10
    assert baseline_length(9) == 10
    assert baseline_length(14) == 14
    assert baseline_length(28) == 28


def test_ten_logged_baseline_days_start_the_experiment(client_a, user):
    today = today_for(user)
    _log_before(user, today, 10)
    response = client_a.post(NEW, _form(today))
    experiment = Experiment.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == reverse("experiment_detail", args=[experiment.pk])
    assert (experiment.start, experiment.length_days, experiment.washout_days) == (today, 14, 3)
    assert experiment.series is None


def test_nine_logged_baseline_days_are_refused_with_how_many_are_missing(client_a, user):
    today = today_for(user)
    _log_before(user, today, 9)
    response = client_a.post(NEW, _form(today))
    assert response.status_code == 200
    assert not Experiment.objects.exists()
    (error,) = _errors(response)
    assert "9 of 14" in error
    assert "1 more logged day is needed" in error
    assert "The experiment was not started." in response.content.decode()


def test_the_message_counts_several_missing_days(client_a, user):
    today = today_for(user)
    _log_before(user, today, 4)
    (error,) = _errors(client_a.post(NEW, _form(today)))
    assert "4 of 14" in error
    assert "6 more logged days are needed" in error


def test_only_days_with_the_chosen_outcome_count(client_a, user):
    """Ten days with mood but no bloating rating: enough for mood, not for bloating."""
    today = today_for(user)
    _log_before(user, today, 10, bloating=None)
    (error,) = _errors(client_a.post(NEW, _form(today, outcome="bloating")))
    assert "bloating logged: 0 of 14" in error
    assert not Experiment.objects.exists()
    _log_before(user, today - dt.timedelta(days=10), 4, mood=None, bloating=1)
    assert client_a.post(NEW, _form(today)).status_code == 302


def test_bloating_days_count_without_any_check_in(client_a, user):
    today = today_for(user)
    _log_before(user, today, 10, mood=None, bloating=2)
    assert client_a.post(NEW, _form(today, outcome="bloating")).status_code == 302
    (error,) = _errors(client_a.post(NEW, _form(today, outcome="anxiety", change="other")))
    assert error  # refused, but for another reason: this is one change at a time


def test_days_logged_before_the_window_do_not_count(client_a, user):
    """A 14-day change looks at the 14 days before it; logged days further back are not part of it."""
    today = today_for(user)
    log_days(user, days_between(today - dt.timedelta(days=30), today - dt.timedelta(days=15)))
    _log_before(user, today, 5)
    (error,) = _errors(client_a.post(NEW, _form(today)))
    assert "5 of 14" in error


def test_a_seven_day_change_still_looks_at_ten_days_before(client_a, user):
    today = today_for(user)
    _log_before(user, today, 10)
    response = client_a.post(NEW, _form(today, length_days=7, washout_days=2))
    assert response.status_code == 302
    experiment = Experiment.objects.get(user=user)
    assert experiment.baseline_start == today - dt.timedelta(days=10)


def test_a_seven_day_change_with_nine_logged_days_is_refused_of_ten(client_a, user):
    today = today_for(user)
    _log_before(user, today, 9)
    (error,) = _errors(client_a.post(NEW, _form(today, length_days=7, washout_days=2)))
    assert "9 of 10" in error


@pytest.mark.parametrize(
    "factor", ["fiber_g", "probiotic_servings", "added_sugar_servings", "ultra_processed_servings"]
)
def test_diet_and_probiotic_changes_need_fourteen_days(client_a, user, factor):
    today = today_for(user)
    _log_before(user, today, 14)
    response = client_a.post(NEW, _form(today, factor=factor, length_days=13))
    assert "at least 14 days" in str(response.context["form"].errors["length_days"])
    assert not Experiment.objects.exists()
    assert client_a.post(NEW, _form(today, factor=factor, length_days=14)).status_code == 302


def test_other_changes_may_last_seven_days(client_a, user):
    today = today_for(user)
    _log_before(user, today, 10)
    assert client_a.post(NEW, _form(today, factor="sleep_hours", length_days=7, washout_days=3)).status_code == 302
    assert Experiment.objects.get(user=user).length_days == 7


@pytest.mark.parametrize("length", [6, 29])
def test_lengths_outside_seven_to_twenty_eight_days_are_refused(client_a, user, length):
    today = today_for(user)
    _log_before(user, today, 28)
    response = client_a.post(NEW, _form(today, length_days=length, washout_days=0))
    assert "length_days" in response.context["form"].errors
    assert not Experiment.objects.exists()


def test_the_washout_must_leave_four_days(client_a, user):
    today = today_for(user)
    _log_before(user, today, 10)
    response = client_a.post(NEW, _form(today, length_days=10, washout_days=7))
    assert "washout_days" in response.context["form"].errors
    assert client_a.post(NEW, _form(today, length_days=10, washout_days=6)).status_code == 302


@pytest.mark.parametrize("days_ago, allowed", [(-1, False), (0, True), (7, True), (8, False)])
def test_the_start_is_today_or_up_to_seven_days_back(client_a, user, days_ago, allowed):
    today = today_for(user)
    start = today - dt.timedelta(days=days_ago)
    _log_before(user, start, 14)
    response = client_a.post(NEW, _form(today, start=start.isoformat()))
    assert (response.status_code == 302) is allowed
    assert Experiment.objects.exists() is allowed
    if not allowed:
        assert "start" in response.context["form"].errors


def test_the_form_starts_today_with_fourteen_days(client_a, user):
    today = today_for(user)
    form = client_a.get(NEW).context["form"]
    assert form.initial["start"] == today
    assert form.initial["length_days"] == 14
    assert form.initial["outcome"] == "mood"


def test_another_running_experiment_is_refused_by_name(client_a, user):
    today = today_for(user)
    _log_before(user, today, 20)
    ExperimentFactory(user=user, change="in bed by 23:00", start=today - dt.timedelta(days=5))
    response = client_a.post(NEW, _form(today))
    (error,) = _errors(response)
    assert "“in bed by 23:00”" in error
    assert "one change at a time" in error
    assert Experiment.objects.count() == 1


def test_an_experiment_that_ended_inside_the_new_baseline_is_refused(client_a, user):
    today = today_for(user)
    _log_before(user, today, 20)
    ExperimentFactory(user=user, start=today - dt.timedelta(days=20), length_days=14)  # ended 7 days ago
    (error,) = _errors(client_a.post(NEW, _form(today)))
    assert "can start from" in error


def test_an_experiment_stopped_before_the_new_baseline_does_not_count(client_a, user):
    today = today_for(user)
    _log_before(user, today, 20)
    ExperimentFactory(user=user, start=today - dt.timedelta(days=25), stopped_on=today - dt.timedelta(days=20))
    assert client_a.post(NEW, _form(today)).status_code == 302
    assert Experiment.objects.filter(user=user, start=today).exists()


def test_another_users_experiment_never_blocks(client_a, user, other_user):
    today = today_for(user)
    _log_before(user, today, 14)
    ExperimentFactory(user=other_user, start=today - dt.timedelta(days=3))
    assert client_a.post(NEW, _form(today)).status_code == 302
    assert Experiment.objects.filter(user=user, start=today).exists()


def test_starting_from_a_guidance_card_fills_in_its_suggestion(client_a, user):
    card = published_card("fermented", "probiotic_servings")
    form = client_a.get(NEW, {"guidance": card.slug}).context["form"]
    assert form.initial["change"] == "one probiotic food a day"
    assert form.initial["factor"] == "probiotic_servings"
    assert form.initial["outcome"] == "mood"


def test_a_gut_card_watches_bloating(client_a, user):
    card = published_card("tummy", "gut_symptoms", "finding")
    form = client_a.get(NEW, {"guidance": card.slug}).context["form"]
    assert form.initial["outcome"] == "bloating"
    assert form.initial["change"] == ""


def test_an_experiment_from_a_card_remembers_the_card(client_a, user):
    card = published_card("sleep-card", "sleep_hours")
    today = today_for(user)
    _log_before(user, today, 14)
    response = client_a.post(f"{NEW}?guidance={card.slug}", _form(today, change="in bed by 23:00"))
    assert response.status_code == 302
    assert Experiment.objects.get().guidance == card


def test_an_unknown_guidance_slug_starts_from_scratch(client_a, user):
    form = client_a.get(NEW, {"guidance": "no-such-card"}).context["form"]
    assert form.initial["change"] == ""


def test_a_repeat_is_refused_while_its_baseline_holds_the_earlier_run(client_a, user):
    today = today_for(user)
    _log_before(user, today, 40)
    earlier = ExperimentFactory(user=user, start=today - dt.timedelta(days=20), length_days=14)
    response = client_a.post(reverse("experiment_repeat", args=[earlier.pk]), _form(today))
    (error,) = _errors(response)
    earliest = earlier.end + dt.timedelta(days=15)
    assert f"can start from {earliest.day} " in error
    assert Experiment.objects.count() == 1


def test_a_repeat_after_a_full_baseline_joins_the_series(client_a, user):
    today = today_for(user)
    _log_before(user, today, 60)
    earlier = ExperimentFactory(user=user, start=today - dt.timedelta(days=40), length_days=14)
    response = client_a.post(reverse("experiment_repeat", args=[earlier.pk]), _form(today, change="ignored"))
    assert response.status_code == 302
    repeat = Experiment.objects.exclude(pk=earlier.pk).get()
    assert repeat.series == earlier
    assert repeat.change == earlier.change  # a repeat keeps its series' change and outcome
    again = client_a.post(reverse("experiment_repeat", args=[repeat.pk]), _form(today))
    assert again.status_code == 302  # still running: refused, nothing written
    assert Experiment.objects.count() == 2


def test_the_repeat_form_is_prefilled(client_a, user):
    today = today_for(user)
    earlier = ExperimentFactory(user=user, start=today - dt.timedelta(days=40), length_days=21, washout_days=5)
    form = client_a.get(reverse("experiment_repeat", args=[earlier.pk])).context["form"]
    assert form.initial["change"] == earlier.change
    assert form.initial["length_days"] == 21
    assert form.initial["washout_days"] == 5
    assert form.initial["start"] == today


def test_the_blank_form_offers_ideas_that_fill_it_in(client_a, user):
    response = client_a.get(NEW)
    assert "?factor=fiber_g" in response.content.decode()
    form = client_a.get(NEW, {"factor": "fiber_g"}).context["form"]
    assert form.initial["change"] == "25 g of fiber a day"
    assert form.initial["factor"] == "fiber_g"
    assert client_a.get(NEW, {"factor": "stool_type"}).context["form"].initial["change"] == ""
