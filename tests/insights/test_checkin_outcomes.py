"""Check-in scores as outcomes, on generated data: planted links found, noise left alone, the rules kept.

Framework-free like the engine itself: no database here.
"""

import json
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insights import wording
from insights.analysis import COLUMNS, daily_frame
from insights.checkin_outcomes import (
    CHECKIN_FACTORS,
    CHECKIN_PAIRS,
    CHECKINS_FOR_STRONG_LINK,
    MIN_CHECKINS,
    WINDOW_DAYS,
    CheckinFinding,
    analyse_checkins,
    window_means,
)

START = date(2025, 1, 6)


def generated(
    checkins: int = 30, every: int = 14, seed: int = 5, planted: bool = True, logged: float = 1.0
) -> tuple[list[dict], list[tuple[str, date, int]]]:
    """A journal whose sleep drifts fortnight by fortnight; PHQ-9 falls as the window's sleep rises (planted),
    GAD-7 is noise. Each check-in is taken on the last day of its window."""
    rng = np.random.default_rng(seed)
    days = WINDOW_DAYS + every * (checkins - 1)
    sleep = 7 + np.repeat(rng.normal(0, 0.8, days // every + 2), every)[:days] + rng.normal(0, 0.5, days)
    rows = []
    for i in range(days):
        if rng.random() >= logged:
            continue
        row = dict.fromkeys(COLUMNS)
        row.update(
            date=START + timedelta(days=i),
            sleep_hours=float(round(sleep[i], 1)),
            fiber_g=float(round(rng.uniform(5, 45), 1)),
            stress=float(rng.integers(1, 6)),
            mood=float(rng.integers(1, 6)),
            antibiotics=0.0,
        )
        rows.append(row)
    results = []
    for k in range(checkins):
        end = WINDOW_DAYS - 1 + every * k
        window_sleep = sleep[end - WINDOW_DAYS + 1 : end + 1].mean()
        phq9 = 10 - 3 * (window_sleep - 7) + rng.normal(0, 1.5) if planted else rng.integers(0, 28)
        taken_on = START + timedelta(days=end)
        results.append(("phq9", taken_on, int(np.clip(round(phq9), 0, 27))))
        results.append(("gad7", taken_on, int(rng.integers(0, 22))))
    return rows, results


def finding(report, outcome: str, factor: str) -> CheckinFinding:
    return next(f for f in report.findings if (f.outcome, f.factor) == (outcome, factor))


@pytest.fixture(scope="module")
def planted():
    rows, results = generated()
    return analyse_checkins(daily_frame(rows), results)


# --- the planted link and noise ---------------------------------------------------


def test_a_score_that_tracks_the_windows_sleep_is_found_with_the_right_sign(planted):
    sleep = finding(planted, "phq9", "sleep_hours")

    assert sleep.significant
    assert sleep.rho < -0.5
    assert sleep.ci_low <= sleep.rho <= sleep.ci_high < 0
    assert sleep.q <= 0.10
    assert sleep.n == 30


def test_the_planted_link_comes_first(planted):
    assert (planted.findings[0].outcome, planted.findings[0].factor) == ("phq9", "sleep_hours")


def test_the_summary_splits_at_the_guideline_and_says_lower_is_fewer_symptoms(planted):
    sleep = finding(planted, "phq9", "sleep_hours")

    assert sleep.threshold == 7
    assert wording.checkin_summary(sleep).startswith(
        "When your sleep averaged 7 hours or more over the two weeks before a check-in,"
    )
    assert f"({sleep.high_n} check-ins) against" in wording.checkin_summary(sleep)
    assert sleep.high_mean < sleep.low_mean
    assert wording.checkin_summary(sleep).endswith(
        "Longer sleep is linked with lower PHQ-9 scores (fewer symptoms of low mood)."
    )
    assert sleep.high_n + sleep.low_n == sleep.n


def test_noise_scores_give_nothing_significant(planted):
    assert not any(f.significant for f in planted.findings if f.outcome == "gad7")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pure_noise_gives_no_finding(seed):
    rows, results = generated(planted=False, seed=seed)

    report = analyse_checkins(daily_frame(rows), results)

    assert not any(f.significant for f in report.findings)
    assert report.checkins_needed == {"phq9": None, "gad7": None}  # 30 check-ins: enough for a strong link


def test_every_instrument_and_factor_pair_is_listed_once(planted):
    assert sorted((f.outcome, f.factor) for f in planted.findings) == sorted(CHECKIN_PAIRS)
    assert {"mood", "anxiety", "energy"} <= set(CHECKIN_FACTORS)


def test_check_in_tests_are_their_own_family(planted):
    """BH over the check-in tests alone: q is p times (tests / rank), the largest p keeps its own."""
    tested = sorted((f for f in planted.findings if f.p is not None), key=lambda f: f.p)

    assert tested[-1].q == pytest.approx(tested[-1].p)
    assert tested[0].q == pytest.approx(min(f.p * len(tested) / (i + 1) for i, f in enumerate(tested)))


def test_n_eff_stays_within_three_and_n(planted):
    for f in planted.findings:
        if f.rho is not None:
            assert 3 <= f.n_eff <= f.n


def test_weekly_check_ins_share_their_windows_and_lose_effective_size():
    """Weekly check-ins over two-week windows: the factor's means overlap, so n_eff falls below n."""
    rows, results = generated(checkins=40, every=7, seed=8)

    sleep = finding(analyse_checkins(daily_frame(rows), results), "phq9", "sleep_hours")

    assert sleep.n == 40
    assert sleep.n_eff < sleep.n


# --- not enough data ------------------------------------------------------------------


def test_fewer_than_eight_check_ins_are_not_enough_with_the_reason():
    rows, results = generated(checkins=30)
    few = [r for r in results if r[0] == "phq9"][:5]

    report = analyse_checkins(daily_frame(rows), few)
    sleep = finding(report, "phq9", "sleep_hours")

    assert sleep.reason_code == "too_few_checkins"
    assert (sleep.rho, sleep.p, sleep.q, sleep.significant) == (None, None, None, False)
    assert sleep.checkins_needed == MIN_CHECKINS - 5 == 3
    assert wording.checkin_reason(sleep) == (
        "Only 5 PHQ-9 check-ins have at least 7 logged days of sleep in the two weeks before them; "
        "at least 8 are needed."
    )
    assert report.counts == {"phq9": 5, "gad7": 0}
    assert report.checkins_needed == {"phq9": 3, "gad7": 8}


def test_no_check_ins_at_all_lists_every_pair_as_not_enough():
    rows, _ = generated(checkins=10)

    report = analyse_checkins(daily_frame(rows), [])

    assert len(report.findings) == len(CHECKIN_PAIRS)
    assert all(f.reason_code == "too_few_checkins" and f.n == 0 for f in report.findings)
    assert wording.checkin_reason(finding(report, "gad7", "fiber_g")).startswith(
        "No GAD-7 check-in has at least 7 logged days"
    )


def test_a_window_with_fewer_than_seven_logged_days_is_skipped():
    rows = [{"date": START + timedelta(days=i), "sleep_hours": 7.0} for i in range(14) if i % 2 == 0]  # 7 days
    rows.append({"date": START + timedelta(days=20), "sleep_hours": 8.0})
    frame = daily_frame(rows)
    seven = START + timedelta(days=13)
    six = START + timedelta(days=15)  # its window (days 2-15) holds 6 of them

    means = window_means(frame, [seven, six])

    assert means[0, COLUMNS.index("sleep_hours")] == 7.0
    assert np.isnan(means[1, COLUMNS.index("sleep_hours")])
    assert np.isnan(means[0, COLUMNS.index("fiber_g")])


def test_the_window_is_the_fourteen_days_ending_on_the_check_in():
    rows = [{"date": START + timedelta(days=i), "fiber_g": float(i)} for i in range(30)]

    means = window_means(daily_frame(rows), [START + timedelta(days=20), START + timedelta(days=40)])

    assert means[0, COLUMNS.index("fiber_g")] == np.mean(range(7, 21))
    assert np.isnan(means[1, COLUMNS.index("fiber_g")])  # days 27-40: only 3 logged


def test_check_ins_whose_windows_are_mostly_unlogged_do_not_count():
    rows, results = generated(checkins=30, logged=0.4, seed=4)  # about 5-6 of 14 days logged

    report = analyse_checkins(daily_frame(rows), results)
    sleep = finding(report, "phq9", "sleep_hours")

    phq9_dates = [day for instrument, day, _ in results if instrument == "phq9"]
    usable = ~np.isnan(window_means(daily_frame(rows), phq9_dates)[:, COLUMNS.index("sleep_hours")])
    assert 0 < sleep.n == np.count_nonzero(usable) < 30


def test_a_factor_that_never_changes_is_one_value():
    rows, results = generated()

    report = analyse_checkins(daily_frame(rows), results)
    antibiotics = finding(report, "phq9", "antibiotics")

    assert antibiotics.reason_code == "one_value"
    assert wording.checkin_reason(antibiotics) == (
        "Your antibiotics averaged the same in the two weeks before all 30 check-ins, so there is nothing to compare."
    )


def test_antibiotics_need_five_check_ins_on_each_side():
    rows, results = generated()
    for row in rows[:20]:
        row["antibiotics"] = 1.0  # only the first two windows touch them

    antibiotics = finding(analyse_checkins(daily_frame(rows), results), "phq9", "antibiotics")

    assert antibiotics.reason_code == "rare_binary"
    assert antibiotics.rarer_side == 2
    assert wording.checkin_reason(antibiotics).endswith("need at least 5 each; the rarer side has 2.")


def test_a_score_that_never_changes_is_not_tested():
    rows, results = generated()
    same = [(instrument, day, 4) for instrument, day, _ in results]

    sleep = finding(analyse_checkins(daily_frame(rows), same), "phq9", "sleep_hours")

    assert sleep.reason_code == "constant_outcome"
    assert (
        wording.checkin_reason(sleep)
        == "Your PHQ-9 score was the same at all 30 of these check-ins, so there is nothing to compare."
    )


def test_once_tested_without_a_clear_link_it_says_how_many_more_for_a_strong_one():
    rows, results = generated(checkins=12, planted=False)

    report = analyse_checkins(daily_frame(rows), results)

    assert report.checkins_needed == {"phq9": CHECKINS_FOR_STRONG_LINK - 12, "gad7": CHECKINS_FOR_STRONG_LINK - 12}


def test_a_clear_link_needs_no_more(planted):
    assert planted.checkins_needed["phq9"] is None


# --- input and output ------------------------------------------------------------


def test_two_check_ins_of_one_kind_on_one_day_are_refused():
    with pytest.raises(ValueError, match="Two phq9 check-ins"):
        analyse_checkins(daily_frame([]), [("phq9", START, 3), ("phq9", START, 4)])


def test_an_unknown_instrument_is_refused():
    with pytest.raises(ValueError, match="Unknown instrument"):
        analyse_checkins(daily_frame([]), [("bdi2", START, 3)])


def test_the_report_serialises_with_the_contract_keys(planted):
    data = planted.to_dict()
    json.dumps(data, allow_nan=False)

    assert set(data) == {"checkin_findings", "checkins", "checkins_needed"}
    assert data["checkins"] == {"phq9": 30, "gad7": 30}
    first = data["checkin_findings"][0]
    assert {"outcome", "factor", "n", "rho", "ci_low", "ci_high", "p", "q", "significant", "summary"} <= set(first)
    assert {"reason", "reason_code", "checkins_needed", "window_days", "split"} <= set(first)
    assert first["split"]["threshold"] == 7


def test_an_empty_journal_with_check_ins_analyses():
    report = analyse_checkins(daily_frame([]), [("phq9", START, 3)])

    assert report.counts == {"phq9": 1, "gad7": 0}
    assert all(f.n == 0 for f in report.findings)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 40), st.integers(0, 2**16), st.floats(0.3, 1.0))
def test_any_check_ins_analyse_with_rho_inside_its_interval(count, seed, logged):
    rng = np.random.default_rng(seed)
    rows, _ = generated(checkins=max(count, 1), seed=seed, logged=logged)
    results = [("phq9", START + timedelta(days=13 + 7 * k), int(rng.integers(0, 28))) for k in range(count)]

    report = analyse_checkins(daily_frame(rows), results)

    json.dumps(report.to_dict(), allow_nan=False)
    for f in report.findings:
        if f.rho is not None:
            assert -1 <= f.rho <= 1
            assert f.ci_low <= f.rho <= f.ci_high
            assert 0 <= f.p <= 1 and 0 <= f.q <= 1
            assert 3 <= f.n_eff <= f.n


def test_enough_check_ins_with_nothing_testable_ask_for_no_more():
    rows, results = generated(checkins=12)

    report = analyse_checkins(daily_frame(rows), [(i, day, 0) for i, day, _ in results])

    assert report.checkins_needed == {"phq9": None, "gad7": None}
