"""Self-experiments, the check-in plan and questionnaire results in the full JSON backup
(docs/formats.md, Full JSON backup)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.models import CheckinPlan, ScreenerResult
from experiments.models import AdherenceTick, Experiment
from insights.models import Guidance
from journal.services import journal_version
from tests.accounts.test_signup import signup_data
from tests.factories import PASSWORD, JournalDayFactory, ProfileFactory, UserFactory
from tests.insights.journal_builder import published_card
from tests.transfer.conftest import row_counts
from tests.transfer.test_data_views import confirm_data
from transfer.formats import ImportRejected
from transfer.full_json import export_document, export_json
from transfer.services import parse_file, plan_import, run_import

pytestmark = pytest.mark.django_db

PHQ9 = [0, 1, 2, 3, 0, 1, 2, 0, 1]  # item 9 above zero
GAD7 = [1, 1, 0, 2, 3, 0, 1]


def restore(user, data: bytes | str | dict, replace=False):
    if isinstance(data, dict):
        data = json.dumps(data, default=str)
    if isinstance(data, str):
        data = data.encode()
    return run_import(user, parse_file(user, data, "json"), replace=replace)


def comparable(user) -> dict:
    document = export_document(user)
    document.pop("exported_at")
    return document


def all_rows() -> dict[str, int]:
    return {
        **row_counts(),
        "experiments": Experiment.objects.count(),
        "ticks": AdherenceTick.objects.count(),
        "plans": CheckinPlan.objects.count(),
        "screeners": ScreenerResult.objects.count(),
    }


def card() -> Guidance:
    """A card of our own: browser tests empty the seeded ones when they run first."""
    return Guidance.objects.filter(slug="fiber").first() or published_card(slug="fiber", factor="fiber_g")


def run(user, change="One probiotic food a day", start=dt.date(2024, 3, 1), **fields) -> Experiment:
    defaults = {"factor": "", "outcome": "mood", "length_days": 14, "washout_days": 3}
    return Experiment.objects.create(user=user, change=change, start=start, **{**defaults, **fields})


def tick(experiment: Experiment, day: dt.date, done: bool = True) -> AdherenceTick:
    return AdherenceTick.objects.create(experiment=experiment, date=day, done=done)


def screener(user, instrument="phq9", taken_on=dt.date(2024, 3, 1), answers=PHQ9, **fields) -> ScreenerResult:
    return ScreenerResult.objects.create(
        user=user, instrument=instrument, taken_on=taken_on, answers=answers, score=sum(answers), **fields
    )


@pytest.fixture
def full_backup(user):
    """A journal with a series of two runs (ticks, a guidance card, one stopped early), a second
    experiment between them, a check-in plan and a result of each questionnaire."""
    ProfileFactory(user=user, display_name="Alice", time_zone="Europe/Amsterdam")
    JournalDayFactory(user=user, date=dt.date(2024, 3, 2), sleep_hours=Decimal("7.5"))
    first = run(user, factor="probiotic_servings", guidance=card())
    tick(first, dt.date(2024, 3, 1))
    tick(first, dt.date(2024, 3, 2), done=False)
    tick(first, dt.date(2024, 3, 14))
    repeat = run(user, start=dt.date(2024, 4, 1), series=first, stopped_on=dt.date(2024, 4, 9))
    tick(repeat, dt.date(2024, 4, 1))
    run(user, change="In bed by 23:00", start=dt.date(2024, 3, 10), outcome="energy", length_days=7, washout_days=0)
    CheckinPlan.objects.create(user=user, phq9=True, gad7=False, every_days=7, reminders=False)
    screener(user, safety_pending=True)
    screener(user, instrument="gad7", answers=GAD7)
    return user


def backup(**parts) -> dict:
    """A minimal valid document with the given top-level parts."""
    return {"format": "gut-mood-journal", "version": 1, "days": [], **parts}


def experiment_json(**fields) -> dict:
    return {
        "change": "25 g of fiber",
        "factor": "fiber_g",
        "guidance": None,
        "outcome": "bloating",
        "start": "2024-05-01",
        "length_days": 14,
        "washout_days": 3,
        "stopped_on": None,
        "series": None,
        "ticks": [{"date": "2024-05-01", "done": True}],
        **fields,
    }


def screener_json(**fields) -> dict:
    return {"instrument": "phq9", "taken_on": "2024-05-01", "answers": PHQ9, "safety_pending": False, **fields}


# --- export --------------------------------------------------------------------------


def test_export_lists_experiments_oldest_first_with_their_series_by_place(full_backup):
    experiments = export_document(full_backup)["experiments"]
    assert [e["start"] for e in experiments] == ["2024-03-01", "2024-03-10", "2024-04-01"]
    assert experiments[0] == {
        "change": "One probiotic food a day",
        "factor": "probiotic_servings",
        "guidance": card().slug,
        "outcome": "mood",
        "start": "2024-03-01",
        "length_days": 14,
        "washout_days": 3,
        "stopped_on": None,
        "series": None,
        "ticks": [
            {"date": "2024-03-01", "done": True},
            {"date": "2024-03-02", "done": False},
            {"date": "2024-03-14", "done": True},
        ],
    }
    assert (experiments[2]["series"], experiments[2]["stopped_on"]) == (0, "2024-04-09")
    assert experiments[1]["guidance"] is None


def test_export_holds_the_plan_and_the_answers_but_never_a_score_or_an_id(full_backup):
    document = export_document(full_backup)
    assert document["checkin_plan"] == {"phq9": True, "gad7": False, "every_days": 7, "reminders": False}
    assert document["screeners"] == [
        {"instrument": "gad7", "taken_on": "2024-03-01", "answers": GAD7, "safety_pending": False},
        {"instrument": "phq9", "taken_on": "2024-03-01", "answers": PHQ9, "safety_pending": True},
    ]
    text = export_json(full_backup)
    assert '"score"' not in text and '"id"' not in text and '"pk"' not in text


def test_an_account_without_them_exports_empty_parts(user):
    document = export_document(user)
    assert (document["experiments"], document["checkin_plan"], document["screeners"]) == ([], None, [])


def test_export_never_shows_another_users_experiments_or_results(full_backup, other_user):
    run(other_user, change="Bob's change")
    screener(other_user, taken_on=dt.date(2024, 2, 2))
    document = export_document(full_backup)
    assert "Bob's change" not in json.dumps(document, default=str)
    assert "2024-02-02" not in json.dumps(document, default=str)


# --- round trip ------------------------------------------------------------------------


def test_export_delete_sign_up_import_gives_an_equal_export(client, full_backup):
    client.force_login(full_backup)
    original = json.loads(client.get(reverse("export_json")).content)
    client.post(reverse("delete_account"), {"password": PASSWORD})
    gone = all_rows()
    assert (gone["experiments"], gone["ticks"], gone["plans"], gone["screeners"]) == (0, 0, 0, 0)
    client.post(reverse("signup"), signup_data(username="alice", display_name="", time_zone="UTC"))

    upload = client.get(reverse("export_json"))  # a logged-in client, to be sure the new account is in use
    assert json.loads(upload.content)["experiments"] == []
    file = SimpleUploadedFile("backup.json", json.dumps(original).encode(), content_type="application/json")
    preview = client.post(reverse("import_preview"), {"file": file, "format": "auto"})
    summary = preview.context["summary"]
    assert (summary.experiments_created, summary.screeners_created, summary.checkin_plan_set) == (3, 2, True)
    assert client.post(reverse("import_confirm"), confirm_data(preview)).status_code == 302

    restored = json.loads(client.get(reverse("export_json")).content)
    assert {**restored, "exported_at": None} == {**original, "exported_at": None}


def test_restore_into_a_new_account_gives_an_equal_export(full_backup):
    newcomer = UserFactory(username="alice2")
    summary = restore(newcomer, export_json(full_backup))
    assert comparable(newcomer) == comparable(full_backup)
    assert (summary.experiments_created, summary.screeners_created, summary.checkin_plan_set) == (3, 2, True)
    repeat = newcomer.experiments.get(start=dt.date(2024, 4, 1))
    assert repeat.series == newcomer.experiments.get(start=dt.date(2024, 3, 1))


def test_restoring_twice_changes_nothing(full_backup):
    newcomer = UserFactory(username="alice2")
    data = export_json(full_backup)
    restore(newcomer, data)
    before = all_rows()
    summary = restore(newcomer, data)
    assert all_rows() == before
    assert (summary.experiments_skipped, summary.screeners_skipped, summary.checkin_plan_set) == (3, 2, False)


def test_a_backup_without_the_new_parts_imports_as_before(user):
    summary = restore(user, {"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-05-02"}]})
    assert summary.days_created == 1
    assert (all_rows()["experiments"], all_rows()["plans"], all_rows()["screeners"]) == (0, 0, 0)


def test_the_score_is_the_sum_of_the_answers_whatever_the_file_says(user):
    restore(user, backup(screeners=[screener_json(score=27)]))
    assert user.screener_results.get().score == sum(PHQ9)


def test_a_waiting_help_message_is_restored_only_for_an_answer_above_zero_on_item_9(user):
    quiet = [1, 1, 1, 1, 1, 1, 1, 1, 0]
    restore(
        user,
        backup(
            screeners=[
                screener_json(taken_on="2024-05-01", safety_pending=True),
                screener_json(taken_on="2024-05-02", answers=quiet, safety_pending=True),
                screener_json(instrument="gad7", answers=GAD7, safety_pending=True),
            ]
        ),
    )
    pending = dict(user.screener_results.values_list("taken_on", "safety_pending").filter(instrument="phq9"))
    assert pending == {dt.date(2024, 5, 1): True, dt.date(2024, 5, 2): False}
    assert not user.screener_results.get(instrument="gad7").safety_pending


def test_an_unknown_guidance_card_becomes_none(user):
    summary = restore(user, backup(experiments=[experiment_json(guidance="a-card-from-another-server")]))
    assert summary.experiments_created == 1
    assert user.experiments.get().guidance is None


def test_a_known_guidance_card_is_linked_by_its_slug(user):
    restore(user, backup(experiments=[experiment_json(guidance=card().slug)]))
    assert user.experiments.get().guidance == card()


def test_a_plan_with_missing_keys_takes_the_defaults(user):
    restore(user, backup(checkin_plan={"gad7": False}))
    plan = CheckinPlan.objects.get(user=user)
    assert (plan.phq9, plan.gad7, plan.every_days, plan.reminders) == (True, False, 14, True)


def test_an_import_retires_the_cached_insights(user):
    before = journal_version(user)
    restore(user, backup(screeners=[screener_json()]))
    assert journal_version(user) != before


# --- skip or replace ---------------------------------------------------------------------


def test_an_experiment_already_there_is_kept_unless_replacing(user):
    mine = run(user, change="25 g of fiber", start=dt.date(2024, 5, 1), length_days=21)
    tick(mine, dt.date(2024, 5, 20))
    document = backup(experiments=[experiment_json(), experiment_json(start="2024-06-01", series=0, ticks=[])])

    summary = restore(user, document)
    mine.refresh_from_db()
    assert (summary.experiments_skipped, summary.experiments_created) == (1, 1)
    assert mine.length_days == 21 and [t.date for t in mine.ticks.all()] == [dt.date(2024, 5, 20)]
    assert user.experiments.get(start=dt.date(2024, 6, 1)).series == mine  # the repeat joins the kept run

    summary = restore(user, document, replace=True)
    mine.refresh_from_db()
    assert (summary.experiments_replaced, summary.experiments_created) == (2, 0)
    assert mine.length_days == 14 and [t.date for t in mine.ticks.all()] == [dt.date(2024, 5, 1)]
    assert user.experiments.count() == 2
    assert user.experiments.get(start=dt.date(2024, 6, 1)).series == mine  # kept its row, so its id


def test_an_existing_repeat_keeps_its_series_when_its_first_run_is_replaced(user):
    first = run(user, change="25 g of fiber", start=dt.date(2024, 5, 1))
    repeat = run(user, change="25 g of fiber", start=dt.date(2024, 6, 1), series=first)
    restore(user, backup(experiments=[experiment_json(length_days=10)]), replace=True)
    repeat.refresh_from_db()
    assert repeat.series == first
    first.refresh_from_db()
    assert first.length_days == 10


def test_a_questionnaire_result_already_there_is_kept_unless_replacing(user):
    screener(user, taken_on=dt.date(2024, 5, 1), answers=[0] * 9)
    document = backup(screeners=[screener_json(), screener_json(instrument="gad7", answers=GAD7)])
    summary = restore(user, document)
    assert (summary.screeners_skipped, summary.screeners_created) == (1, 1)
    assert user.screener_results.get(instrument="phq9").score == 0
    summary = restore(user, document, replace=True)
    assert (summary.screeners_replaced, summary.screeners_created) == (2, 0)
    assert user.screener_results.get(instrument="phq9").score == sum(PHQ9)
    assert user.screener_results.count() == 2


def test_a_plan_already_chosen_is_kept_unless_replacing(user):
    CheckinPlan.objects.create(user=user, every_days=14)
    document = backup(checkin_plan={"phq9": False, "gad7": True, "every_days": 7, "reminders": False})
    assert not restore(user, document).checkin_plan_set
    assert CheckinPlan.objects.get(user=user).every_days == 14
    assert restore(user, document, replace=True).checkin_plan_set
    plan = CheckinPlan.objects.get(user=user)
    assert (plan.phq9, plan.every_days, plan.reminders) == (False, 7, False)


def test_the_preview_counts_what_would_be_written_and_writes_nothing(user):
    screener(user, taken_on=dt.date(2024, 5, 1))
    parsed = parse_file(
        user, json.dumps(backup(experiments=[experiment_json()], screeners=[screener_json()])).encode(), "json"
    )
    before = all_rows()
    _days, summary = plan_import(user, parsed)
    assert (summary.experiments_created, summary.screeners_skipped) == (1, 1)
    assert all_rows() == before


def test_the_import_pages_show_experiment_and_questionnaire_counts(client_a, user):
    document = backup(experiments=[experiment_json()], screeners=[screener_json()], checkin_plan={"phq9": True})
    file = SimpleUploadedFile("backup.json", json.dumps(document).encode(), content_type="application/json")
    preview = client_a.post(reverse("import_preview"), {"file": file, "format": "auto"})
    html = preview.content.decode()
    assert 'id="preview-experiments"' in html and 'id="preview-screeners"' in html
    assert 'id="preview-checkin-plan"' in html
    done = client_a.post(reverse("import_confirm"), confirm_data(preview), follow=True).content.decode()
    assert "1 experiment added." in done
    assert "1 questionnaire result added." in done
    assert "Your check-in plan was taken from the backup." in done


# --- rejections: a clear path, nothing written -----------------------------------------------


REJECTED_EXPERIMENTS = [
    ({"length_days": 6}, "experiments[0].length_days", "6 is outside 7–28"),
    ({"length_days": 29}, "experiments[0].length_days", "29 is outside 7–28"),
    ({"length_days": None}, "experiments[0].length_days", "is required"),
    ({"length_days": 14.5}, "experiments[0].length_days", "must be a whole number"),
    ({"washout_days": 8}, "experiments[0].washout_days", "8 is outside 0–7"),
    ({"length_days": 8, "washout_days": 5}, "experiments[0].washout_days", "leaves fewer than 4 days"),
    ({"outcome": "sleep"}, "experiments[0].outcome", "'sleep' is not one of mood, anxiety, energy, bloating"),
    ({"factor": "shoe_size"}, "experiments[0].factor", "'shoe_size' is not a column of the journal"),
    ({"change": " "}, "experiments[0].change", "must be non-empty text"),
    ({"change": "x" * 121}, "experiments[0].change", "121 characters, more than 120"),
    ({"start": "2999-01-01"}, "experiments[0].start", "is in the future"),
    ({"start": "1999-12-31"}, "experiments[0].start", "is before 2000-01-01"),
    ({"start": "1 May"}, "experiments[0].start", "is not a date in YYYY-MM-DD form"),
    ({"stopped_on": "2024-04-30"}, "experiments[0].stopped_on", "is before the start"),
    ({"guidance": 3}, "experiments[0].guidance", "must be text or null"),
    ({"series": 0}, "experiments[0].series", "must be the place of an earlier experiment"),
    ({"series": "0"}, "experiments[0].series", "must be the place of an earlier experiment"),
    ({"ticks": [{"date": "2024-04-30", "done": True}]}, "experiments[0].ticks[0].date", "not one of the experiment"),
    ({"ticks": [{"date": "2024-05-15", "done": True}]}, "experiments[0].ticks[0].date", "(2024-05-01 to 2024-05-14)"),
    (
        {"ticks": [{"date": "2024-05-02", "done": True}, {"date": "2024-05-02", "done": False}]},
        "experiments[0].ticks[1].date",
        "2024-05-02 appears twice",
    ),
    ({"ticks": [{"date": "2024-05-02"}]}, "experiments[0].ticks[0].done", "must be true or false"),
    ({"ticks": "all"}, "experiments[0].ticks", "must be a list"),
]


@pytest.mark.parametrize(("fields", "path", "reason"), REJECTED_EXPERIMENTS)
def test_a_bad_experiment_is_refused_with_its_path_and_nothing_is_written(user, fields, path, reason):
    document = backup(
        days=[{"date": "2024-05-02"}], experiments=[experiment_json(**fields)], screeners=[screener_json()]
    )
    before = all_rows()
    with pytest.raises(ImportRejected) as caught:
        restore(user, document)
    assert f'Column "{path}": ' in caught.value.one_line()
    assert reason in caught.value.one_line()
    assert all_rows() == before


@pytest.mark.parametrize(
    ("experiments", "path", "reason"),
    [
        ([experiment_json(), experiment_json(series=2)], "experiments[1].series", "must be the place of an earlier"),
        ([experiment_json(), experiment_json(series=-1)], "experiments[1].series", "must be the place of an earlier"),
        (
            [
                experiment_json(),
                experiment_json(start="2024-06-01", series=0),
                experiment_json(start="2024-07-01", series=1),
            ],
            "experiments[2].series",
            "experiment 1 repeats another one; point at the first run of the series",
        ),
        (
            [experiment_json(), experiment_json()],
            "experiments[1].change",
            "'25 g of fiber' starting 2024-05-01 appears twice",
        ),
        ([experiment_json(), "fiber"], "experiments[1]", "must be an object"),
    ],
)
def test_a_bad_series_or_a_twice_listed_experiment_is_refused(user, experiments, path, reason):
    before = all_rows()
    with pytest.raises(ImportRejected) as caught:
        restore(user, backup(experiments=experiments))
    assert f'Column "{path}": {reason}' in caught.value.one_line()
    assert all_rows() == before


@pytest.mark.parametrize(
    ("document", "path", "reason"),
    [
        (backup(screeners=[screener_json(answers=PHQ9[:8])]), "screeners[0].answers", "PHQ-9 has 9 answers, not 8"),
        (backup(screeners=[screener_json(instrument="gad7")]), "screeners[0].answers", "GAD-7 has 7 answers, not 9"),
        (backup(screeners=[screener_json(answers=[4, *PHQ9[1:]])]), "screeners[0].answers[0]", "4 is outside 0–3"),
        (backup(screeners=[screener_json(answers=[-1, *PHQ9[1:]])]), "screeners[0].answers[0]", "is outside 0–3"),
        (backup(screeners=[screener_json(answers=[1.5, *PHQ9[1:]])]), "screeners[0].answers[0]", "must be a whole"),
        (backup(screeners=[screener_json(answers=[True, *PHQ9[1:]])]), "screeners[0].answers[0]", "is not a number"),
        (backup(screeners=[screener_json(answers=[None, *PHQ9[1:]])]), "screeners[0].answers[0]", "is required"),
        (backup(screeners=[screener_json(answers="012")]), "screeners[0].answers", "must be a list"),
        (backup(screeners=[screener_json(instrument="bdi")]), "screeners[0].instrument", "'bdi' is not one of"),
        (backup(screeners=[screener_json(taken_on="2999-01-01")]), "screeners[0].taken_on", "is in the future"),
        (backup(screeners=[screener_json(safety_pending="no")]), "screeners[0].safety_pending", "must be true or"),
        (
            backup(screeners=[screener_json(), screener_json()]),
            "screeners[1].taken_on",
            "a phq9 result for 2024-05-01 appears twice",
        ),
        (backup(checkin_plan={"every_days": 10}), "checkin_plan.every_days", "10 is not one of 7, 14"),
        (backup(checkin_plan={"phq9": "yes"}), "checkin_plan.phq9", "must be true or false"),
        (backup(checkin_plan=[]), "checkin_plan", "must be an object"),
        (backup(experiments={"change": "x"}), "experiments", "must be a list"),
    ],
)
def test_a_bad_questionnaire_result_or_plan_is_refused_and_nothing_is_written(user, document, path, reason):
    document["days"] = [{"date": "2024-05-02"}]
    document.setdefault("experiments", [experiment_json()])
    before = all_rows()
    with pytest.raises(ImportRejected) as caught:
        restore(user, document)
    assert f'Column "{path}": ' in caught.value.one_line()
    assert reason in caught.value.one_line()
    assert all_rows() == before


# --- any journal ------------------------------------------------------------------------------

run_strategy = st.fixed_dictionaries(
    {
        "change": st.sampled_from(["One probiotic food a day", "25 g of fiber", "In bed by 23:00"]),
        "outcome": st.sampled_from(Experiment.Outcome.values),
        "length_days": st.integers(7, 28),
        "washout": st.integers(0, 7),
        "repeat_of": st.one_of(st.none(), st.integers(0, 3)),
        "ticks": st.lists(st.tuples(st.integers(0, 27), st.booleans()), max_size=6),
        "stopped_after": st.one_of(st.none(), st.integers(0, 27)),
        "with_card": st.booleans(),
    }
)
screener_strategy = st.one_of(
    st.tuples(st.just("phq9"), st.lists(st.integers(0, 3), min_size=9, max_size=9)),
    st.tuples(st.just("gad7"), st.lists(st.integers(0, 3), min_size=7, max_size=7)),
)
plan_strategy = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "phq9": st.booleans(),
            "gad7": st.booleans(),
            "every_days": st.sampled_from([7, 14]),
            "reminders": st.booleans(),
        }
    ),
)


def _build(user, runs: list[dict], screeners: list[tuple[str, list[int]]], plan: dict | None) -> None:
    """Runs 35 days apart (so starts differ); a repeat points at an earlier first run when there is one."""
    made: list[Experiment] = []
    for i, spec in enumerate(runs):
        start = dt.date(2021, 1, 1) + dt.timedelta(days=35 * i)
        first_runs = [e for e in made if e.series_id is None]
        series = (
            first_runs[spec["repeat_of"] % len(first_runs)] if spec["repeat_of"] is not None and first_runs else None
        )
        length = spec["length_days"]
        experiment = run(
            user,
            change=spec["change"],
            start=start,
            outcome=spec["outcome"],
            length_days=length,
            washout_days=min(spec["washout"], length - 4),
            series=series,
            guidance=card() if spec["with_card"] else None,
            stopped_on=start + dt.timedelta(days=spec["stopped_after"] % length)
            if spec["stopped_after"] is not None
            else None,
        )
        for offset, done in {offset % length: done for offset, done in spec["ticks"]}.items():
            tick(experiment, start + dt.timedelta(days=offset), done)
        made.append(experiment)
    taken = set()
    for i, (instrument, answers) in enumerate(screeners):
        taken_on = dt.date(2022, 1, 1) + dt.timedelta(days=i // 2)
        if (instrument, taken_on) not in taken:
            taken.add((instrument, taken_on))
            screener(
                user,
                instrument=instrument,
                taken_on=taken_on,
                answers=answers,
                safety_pending=answers[-1] > 0 and instrument == "phq9",
            )
    if plan is not None:
        CheckinPlan.objects.create(user=user, **plan)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    runs=st.lists(run_strategy, max_size=4),
    screeners=st.lists(screener_strategy, max_size=4),
    plan=plan_strategy,
)
def test_json_round_trip_is_exact_for_any_experiments_and_questionnaires(runs, screeners, plan):
    original, restored = UserFactory(), UserFactory()
    _build(original, runs, screeners, plan)
    restore(restored, export_json(original))
    assert comparable(restored) == comparable(original)
