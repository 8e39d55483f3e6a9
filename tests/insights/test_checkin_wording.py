"""insights.wording for check-in findings: sentences through gettext, English exactly as checkin_outcomes.py
used to write them (tests/insights/english_reference.py)."""

import itertools

import pytest
from django.utils import translation

from insights import wording
from insights.analysis import GUIDELINES, daily_frame
from insights.checkin_outcomes import CHECKIN_FACTORS, INSTRUMENTS, CheckinFinding, analyse_checkins
from tests.insights import english_reference as english
from tests.insights.test_checkin_outcomes import generated


def _report(**options):
    rows, results = generated(**options)
    return analyse_checkins(daily_frame(rows), results)


def _few():
    rows, results = generated()
    return analyse_checkins(daily_frame(rows), [results[1], *results[-10::2]])  # 1 GAD-7, 5 PHQ-9


def _constant():
    rows, results = generated()
    return analyse_checkins(daily_frame(rows), [(i, day, 5) for i, day, _ in results])


def _rare_antibiotics():
    rows, results = generated()
    for row in rows[:20]:
        row["antibiotics"] = 1.0
    return analyse_checkins(daily_frame(rows), results)


REPORTS = {
    "planted": _report,
    "noise": lambda: _report(planted=False, seed=2),
    "none": lambda: analyse_checkins(daily_frame(generated()[0]), []),
    "few": _few,
    "constant": _constant,
    "rare_antibiotics": _rare_antibiotics,
}


@pytest.mark.parametrize("name", REPORTS)
def test_english_sentences_equal_the_engine_sentences_for_every_finding(name):
    for finding in REPORTS[name]().findings:
        assert wording.checkin_summary(finding) == english.checkin_summary(finding), finding
        assert wording.checkin_reason(finding) == english.checkin_reason(finding), finding


def test_the_reports_above_cover_every_reason_code():
    codes = {f.reason_code for build in REPORTS.values() for f in build().findings}
    counts = {f.n for f in _few().findings if f.reason_code == "too_few_checkins"}

    assert codes == {None, "too_few_checkins", "one_value", "rare_binary", "constant_outcome"}
    assert {0, 1, 5} <= counts


def _worded(instrument: str, factor: str, threshold: float, rho: float, high_n: int) -> CheckinFinding:
    finding = CheckinFinding(instrument, factor, n=20, rho=rho, significant=True, threshold=threshold)
    finding.high_mean, finding.high_n, finding.low_mean, finding.low_n = 4.04, high_n, 7.55, 20 - high_n
    return finding


THRESHOLDS = sorted({*GUIDELINES.values(), 1, 2, 0.5, 6.9, 12})


@pytest.mark.parametrize(("instrument", "factor"), list(itertools.product(INSTRUMENTS, CHECKIN_FACTORS)))
def test_english_summary_equals_the_engine_for_every_threshold_and_direction(instrument, factor):
    for threshold, rho, high_n in itertools.product(THRESHOLDS, (0.5, -0.5), (1, 6)):
        finding = _worded(instrument, factor, threshold, rho, high_n)
        assert wording.checkin_summary(finding) == english.checkin_summary(finding)


def test_the_briefs_example_sentence_comes_out_exactly():
    finding = _worded("phq9", "fiber_g", 25, -0.6, 6)
    finding.high_mean, finding.low_mean, finding.low_n = 4.0, 7.5, 5

    assert wording.checkin_summary(finding) == (
        "When your fiber averaged 25 g or more over the two weeks before a check-in, your PHQ-9 score averaged "
        "4.0 (6 check-ins) against 7.5 (5 check-ins). More fiber is linked with lower PHQ-9 scores "
        "(fewer symptoms of low mood)."
    )


def test_a_daily_rating_reads_as_daily():
    finding = _worded("gad7", "anxiety", 3, 0.6, 6)

    assert wording.checkin_summary(finding).endswith(
        "Higher daily anxiety is linked with higher GAD-7 scores (more symptoms of anxiety)."
    )


def test_every_string_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(wording, "gettext", lambda message: f"<{message}>")
    monkeypatch.setattr(wording, "ngettext", lambda one, many, n: f"<{one if n == 1 else many}>")
    finding = _worded("phq9", "sleep_hours", 7, -0.6, 6)

    text = wording.checkin_summary(finding)

    assert text.startswith("<When <your sleep averaged 7 hours or more> over the two weeks")
    assert "<<More fiber>" not in text and "(<6 check-ins>)" in text
    too_few = CheckinFinding("gad7", "fiber_g", 0, reason_code="too_few_checkins")
    assert wording.checkin_reason(too_few).startswith("<No GAD-7 check-in")


def test_under_german_numbers_use_the_decimal_comma():
    finding = _worded("phq9", "sleep_hours", 6.5, -0.6, 6)

    with translation.override("de"):
        text = wording.checkin_summary(finding)

    assert "6,5 hours" in text and "4,0 (6 check-ins)" in text
