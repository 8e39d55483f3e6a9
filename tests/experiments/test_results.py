"""The result page on generated journals: a planted effect is found, no effect is not, the washout is left out,
adherence is counted, and repeats are pooled."""

import datetime as dt
import random

import pytest
from django.urls import reverse

from accounts.models import today_for
from experiments.models import Experiment
from tests.experiments.factories import AdherenceTickFactory, ExperimentFactory, days_between, log_days


def _finished(user, effect: float = 0.0, outcome: str = "mood", seed: int = 11, days_ago: int = 20, **kwargs):
    """A 14-day run that ended a week ago, over a journal whose outcome moves by `effect` during the change."""
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=days_ago), outcome=outcome, **kwargs)
    rng = random.Random(seed)

    def rating(day):
        during = experiment.start <= day <= experiment.end
        return min(5, max(1, round(rng.gauss(3 + (effect if during else 0), 0.7))))

    if outcome == "mood":
        log_days(user, days_between(experiment.baseline_start, experiment.end), mood=rating)
    elif outcome == "bloating":
        log_days(
            user, days_between(experiment.baseline_start, experiment.end), bloating=lambda d: min(3, rating(d) - 1)
        )
    return experiment


def _detail(client, experiment):
    response = client.get(reverse("experiment_detail", args=[experiment.pk]))
    assert response.status_code == 200
    return response


def test_a_planted_effect_is_clear(client_a, user):
    experiment = _finished(user, effect=1.5)
    response = _detail(client_a, experiment)
    comparison = response.context["result"].comparison
    assert comparison.clear
    assert comparison.difference == pytest.approx(1.5, abs=0.6)
    body = response.content.decode()
    assert "your diary was clearly better during the change" in body
    assert "higher (95% interval: in simulated experiments with no real change" in body


def test_no_effect_is_not_clear(client_a, user):
    experiment = _finished(user, effect=0.0, seed=3)
    response = _detail(client_a, experiment)
    comparison = response.context["result"].comparison
    assert comparison.ci_low < 0 < comparison.ci_high
    assert not comparison.clear
    assert "cannot tell this apart from no change" in response.content.decode()


def test_a_planted_worsening_is_called_worse(client_a, user):
    experiment = _finished(user, effect=-1.5)
    assert "your diary was clearly worse during the change" in _detail(client_a, experiment).content.decode()


def test_for_bloating_lower_is_better(client_a, user):
    experiment = _finished(user, effect=-1.5, outcome="bloating")
    response = _detail(client_a, experiment)
    assert response.context["result"].comparison.difference < 0
    body = response.content.decode()
    assert "your diary was clearly better during the change" in body
    assert "For bloating, lower is better." in body


def test_the_washout_days_are_shown_but_left_out(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=20), washout_days=3)
    washout = days_between(experiment.start, experiment.used_from - dt.timedelta(days=1))
    log_days(user, days_between(experiment.baseline_start, experiment.end), mood=lambda d: 1 if d in washout else 4)
    result = _detail(client_a, experiment).context["result"]
    assert [d for d, _v in result.washout] == washout
    assert result.comparison.intervention_mean == 4
    assert result.comparison.intervention_days == 11
    assert result.comparison.baseline_days == 14
    table = _detail(client_a, experiment).context["table"]
    assert sum(1 for row in table if row["phase"] == "Washout (not counted)") == 3


def test_changing_the_washout_recomputes_the_result(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=20), washout_days=3)
    washout = days_between(experiment.start, experiment.used_from - dt.timedelta(days=1))
    log_days(user, days_between(experiment.baseline_start, experiment.end), mood=lambda d: 1 if d in washout else 4)
    response = client_a.post(reverse("experiment_washout", args=[experiment.pk]), {"washout_days": 0})
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.washout_days == 0
    result = _detail(client_a, experiment).context["result"]
    assert result.comparison.intervention_days == 14
    assert result.comparison.intervention_mean == pytest.approx((3 * 1 + 11 * 4) / 14)


def test_a_washout_leaving_fewer_than_four_days_is_refused(client_a, user):
    experiment = _finished(user, length_days=10)
    client_a.post(reverse("experiment_washout", args=[experiment.pk]), {"washout_days": 7})
    experiment.refresh_from_db()
    assert experiment.washout_days == 3


def test_the_washout_of_a_running_experiment_stays(client_a, user):
    experiment = ExperimentFactory(user=user, start=today_for(user))
    client_a.post(reverse("experiment_washout", args=[experiment.pk]), {"washout_days": 0})
    experiment.refresh_from_db()
    assert experiment.washout_days == 3


def test_adherence_counts_done_not_done_and_unanswered(client_a, user):
    experiment = _finished(user)
    days = days_between(experiment.start, experiment.end)
    for day in days[:11]:
        AdherenceTickFactory(experiment=experiment, date=day, done=True)
    for day in days[11:13]:
        AdherenceTickFactory(experiment=experiment, date=day, done=False)
    response = _detail(client_a, experiment)
    adherence = response.context["result"].adherence
    assert (adherence.days, adherence.done, adherence.not_done, adherence.unanswered) == (14, 11, 2, 1)
    assert "done on 11 of 14 days, 1 not answered" in response.content.decode()
    assert "Low adherence" in response.content.decode()  # 11 of 14 is under 80%


def test_no_answers_at_all_are_not_called_low_adherence(client_a, user):
    body = _detail(client_a, _finished(user)).content.decode()
    assert "done on 0 of 14 days, 14 not answered" in body
    assert "Adherence unknown" in body
    assert "Low adherence" not in body


def test_full_adherence_has_no_low_adherence_caveat(client_a, user):
    experiment = _finished(user)
    for day in days_between(experiment.start, experiment.end):
        AdherenceTickFactory(experiment=experiment, date=day)
    body = _detail(client_a, experiment).content.decode()
    assert "done on 14 of 14 days" in body
    assert "Low adherence" not in body


def test_the_caveats_are_always_there(client_a, user):
    body = _detail(client_a, _finished(user)).content.decode()
    for words in ("No blinding", "expectation effect", "Trends over time", "Other changes"):
        assert words in body


def test_a_running_experiment_shows_progress_and_why_the_result_waits(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=4))
    log_days(user, days_between(experiment.baseline_start, today), mood=5)
    for day in days_between(experiment.start, today - dt.timedelta(days=1)):
        AdherenceTickFactory(experiment=experiment, date=day)
    response = _detail(client_a, experiment)
    body = response.content.decode()
    assert response.context["result"] is None
    assert "Day 5 of 14" in body
    assert "done on 4 of 4 days" in body
    assert "Your result comes after the last day" in body
    assert "experiment-chart-data" not in body


def test_too_few_days_say_what_is_missing(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=20))
    log_days(user, days_between(experiment.baseline_start, experiment.baseline_end))
    log_days(user, days_between(experiment.used_from, experiment.used_from + dt.timedelta(days=2)))
    response = _detail(client_a, experiment)
    assert response.context["result"].comparison is None
    assert "after the washout: 3 logged days, 4 needed" in response.content.decode()


def test_the_chart_data_covers_both_phases(client_a, user):
    experiment = _finished(user, effect=1)
    chart = _detail(client_a, experiment).context["chart"]
    assert len(chart["dates"]) == 14 + 14
    assert chart["phases"].count("baseline") == 14
    assert chart["phases"].count("washout") == 3
    assert chart["phases"].count("change") == 11
    assert chart["baseline_mean"] is not None
    body = _detail(client_a, experiment).content.decode()
    assert 'id="experiment-chart-data"' in body
    assert "Show as table" in body


def test_stopping_early_finishes_the_run_today(client_a, user):
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=9))
    log_days(user, days_between(experiment.baseline_start, today))
    assert client_a.get(reverse("experiment_stop", args=[experiment.pk])).status_code == 405
    response = client_a.post(reverse("experiment_stop", args=[experiment.pk]))
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.stopped_on == today
    detail = _detail(client_a, experiment)
    assert detail.context["finished"]
    assert [d for d, _v in detail.context["result"].used][-1] == today
    assert "stopped early" in detail.content.decode()


def test_stopping_a_finished_run_changes_nothing(client_a, user):
    experiment = _finished(user)
    client_a.post(reverse("experiment_stop", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.stopped_on is None


def _series(user, effects=(1.5, 1.5)) -> list[Experiment]:
    """Runs of one experiment, 40 days apart, oldest first, each over its own generated days."""
    runs = []
    for n, effect in enumerate(effects):
        series = runs[0] if runs else None
        runs.append(
            _finished(user, effect=effect, seed=20 + n, days_ago=20 + 40 * (len(effects) - 1 - n), series=series)
        )
    return runs


def test_two_finished_runs_are_pooled(client_a, user):
    first, second = _series(user)
    response = _detail(client_a, second)
    pooled = response.context["pooled"]
    assert pooled.runs == 2
    assert pooled.clear
    body = response.content.decode()
    assert "All 2 runs pooled" in body
    assert "Run 1" in body and "Run 2 (this one)" in body
    assert _detail(client_a, first).context["pooled"] == pooled


def test_one_run_has_no_pooled_result(client_a, user):
    response = _detail(client_a, _finished(user, effect=1))
    assert response.context["pooled"] is None
    assert "pooled" not in response.content.decode()


def test_a_running_repeat_is_listed_but_not_pooled(client_a, user):
    first = _finished(user, effect=1, days_ago=40)
    today = today_for(user)
    repeat = ExperimentFactory(user=user, series=first, start=today - dt.timedelta(days=2))
    response = _detail(client_a, first)
    assert response.context["pooled"] is None
    assert "Running: the result waits for the last day." in response.content.decode()
    assert repeat.pk in [row["run"].pk for row in response.context["runs"]]


def test_the_repeat_link_shows_once_finished(client_a, user):
    experiment = _finished(user)
    assert reverse("experiment_repeat", args=[experiment.pk]) in _detail(client_a, experiment).content.decode()
    running = ExperimentFactory(user=user, start=today_for(user))
    assert reverse("experiment_repeat", args=[running.pk]) not in _detail(client_a, running).content.decode()


def test_deleting_asks_first_then_deletes(client_a, user):
    experiment = _finished(user)
    AdherenceTickFactory(experiment=experiment)
    url = reverse("experiment_delete", args=[experiment.pk])
    assert "Delete this experiment?" in client_a.get(url).content.decode()
    assert Experiment.objects.filter(pk=experiment.pk).exists()
    response = client_a.post(url)
    assert response.url == reverse("experiments")
    assert not Experiment.objects.filter(pk=experiment.pk).exists()


def test_deleting_the_first_run_keeps_the_repeats_as_a_series(client_a, user):
    first, second, third = _series(user, effects=(1, 1, 1))
    client_a.post(reverse("experiment_delete", args=[first.pk]))
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.series is None
    assert third.series == second


def test_the_list_shows_running_then_finished_with_their_result(client_a, user):
    finished = _finished(user, effect=1.5, days_ago=50, change="more fiber")
    running = ExperimentFactory(user=user, start=today_for(user), change="earlier bedtime")
    response = client_a.get(reverse("experiments"))
    body = response.content.decode()
    assert body.index("earlier bedtime") < body.index("more fiber")
    assert "clearly better" in body
    assert [row["experiment"] for row in response.context["running"]] == [running]
    assert [row["experiment"] for row in response.context["finished"]] == [finished]
    assert "Start an experiment" in body


def test_an_interval_on_one_side_of_zero_reads_as_one_range():
    from experiments.results import _signed_range

    assert _signed_range(0.09, 1.11) == "0.09 to 1.11 higher"
    assert _signed_range(-1.2, -0.3) == "0.30 to 1.20 lower"
    assert _signed_range(-0.88, 0.96) == "0.88 lower to 0.96 higher"
