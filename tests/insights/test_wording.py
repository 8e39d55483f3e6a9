"""insights.wording: the finding sentences through gettext, English exactly as analysis.py used to write it
(tests/insights/english_reference.py)."""

import dataclasses
import itertools
import re

import numpy as np
import pytest
from django.utils import translation
from django.utils.translation import trans_real

from insights import wording
from insights.analysis import FACTORS, GUIDELINES, LAGS, OUTCOMES, Finding, analyse, daily_frame
from tests.insights import english_reference as english
from tests.insights.test_analysis import _antibiotics_columns, _linked_columns, rows_of, synthetic_rows


@pytest.fixture(scope="module")
def planted_report():
    return analyse(daily_frame(synthetic_rows()))


def _median_split_report():
    """Fiber always above the guideline, so the fiber split falls back to the person's median."""
    rows = synthetic_rows()
    for row in rows:
        row["fiber_g"] += 30
    return analyse(daily_frame(rows))


def _lag_two_report():
    rng = np.random.default_rng(21)
    sleep = rng.normal(7, 1.2, 200).round(1)
    energy = 3 + rng.normal(0, 0.4, 200)
    energy[2:] += 0.6 * (sleep[:-2] - 7)
    return analyse(daily_frame(rows_of({"sleep_hours": sleep.tolist(), "energy": energy.round(1).tolist()})))


def _constant_mood_report():
    columns = _linked_columns(40)
    columns["mood"] = [3.0] * 40
    return analyse(daily_frame(rows_of(columns)))


def _one_value_report():
    columns = _linked_columns(40)
    columns["fiber_g"] = [20.0] * 40
    return analyse(daily_frame(rows_of(columns)))


REPORTS = {
    "empty": lambda: analyse(daily_frame([])),
    "one_pair": lambda: analyse(daily_frame(rows_of(_linked_columns(2)))),
    "twenty_pairs": lambda: analyse(daily_frame(rows_of(_linked_columns(20)))),
    "one_value": _one_value_report,
    "rare_antibiotics": lambda: analyse(daily_frame(rows_of(_antibiotics_columns(range(20, 24))))),
    "constant_outcome": _constant_mood_report,
    "planted": lambda: analyse(daily_frame(synthetic_rows())),
    "noise": lambda: analyse(daily_frame(synthetic_rows(planted=False))),
    "median_split": _median_split_report,
    "lag_two": _lag_two_report,
}


@pytest.mark.parametrize("name", REPORTS)
def test_english_sentences_equal_the_analysis_sentences_for_every_finding(name):
    for finding in REPORTS[name]().findings:
        assert wording.summary(finding) == english.summary(finding), finding
        assert wording.reason(finding) == english.reason(finding), finding


def test_the_reports_above_cover_every_reason_code_and_every_lag():
    codes, lags_worded = set(), set()
    for build in REPORTS.values():
        for finding in build().findings:
            codes.add(finding.reason_code)
            if wording.summary(finding):
                lags_worded.add(finding.lag)
    assert codes == {None, "too_few_pairs", "one_value", "rare_binary", "constant_outcome"}
    assert lags_worded == set(LAGS)


def test_the_median_split_report_really_splits_fiber_at_the_median():
    lagged = next(f for f in _median_split_report().findings if (f.outcome, f.factor, f.lag) == ("mood", "fiber_g", 1))
    assert lagged.significant and lagged.threshold != GUIDELINES["fiber_g"]
    assert wording.summary(lagged) == english.summary(lagged)


def _worded_finding(factor: str, lag: int, threshold: float, rho: float, high_n: int = 34) -> Finding:
    finding = Finding(
        "mood" if factor != "mood" else "energy", factor, lag, n=62, rho=rho, significant=True, threshold=threshold
    )
    finding.high_mean, finding.high_n, finding.low_mean, finding.low_n = 3.8649, high_n, 3.35, 62 - high_n
    return finding


# Guideline thresholds, severities, a whole number, a half and a one (singular words).
THRESHOLDS = sorted({*GUIDELINES.values(), 1, 2, 3, 0.5, 7.5, 12, 41.25})


@pytest.mark.parametrize(("factor", "lag"), list(itertools.product(FACTORS, LAGS)))
def test_english_summary_equals_the_analysis_for_every_threshold_lag_and_direction(factor, lag):
    for threshold, rho, high_n in itertools.product(THRESHOLDS, (0.3, -0.3), (1, 34)):
        finding = _worded_finding(factor, lag, threshold, rho, high_n)
        assert wording.summary(finding) == english.summary(finding)


def test_every_outcome_is_worded_like_the_analysis():
    for outcome in OUTCOMES:
        finding = dataclasses.replace(_worded_finding("fiber_g", 1, 25, 0.3), outcome=outcome)
        assert wording.summary(finding) == english.summary(finding)


def test_a_split_without_both_means_gives_the_link_sentence_only():
    finding = _worded_finding("sleep_hours", 0, 7, 0.4)
    finding.low_mean = None
    assert (
        wording.summary(finding) == english.summary(finding) == "Longer sleep is linked with higher mood the same day."
    )


def test_the_product_contract_example_sentence_comes_out_exactly():
    finding = _worded_finding("fiber_g", 1, 25, 0.31)
    finding.high_mean, finding.high_n, finding.low_mean, finding.low_n = 3.9, 34, 3.4, 28
    assert wording.summary(finding).startswith(
        "On days after you ate 25 g of fiber or more, your mood averaged 3.9 (34 days) against 3.4 (28 days)."
    )


def test_an_untested_or_unclear_finding_has_no_sentence():
    assert wording.summary(Finding("mood", "fiber_g", 1, n=90, rho=0.05)) is None
    assert wording.reason(Finding("mood", "fiber_g", 1, n=90, rho=0.05)) is None


def test_every_string_goes_through_gettext(monkeypatch, planted_report):
    monkeypatch.setattr(wording, "gettext", lambda message: f"<{message}>")
    monkeypatch.setattr(wording, "ngettext", lambda one, many, n: f"<{one if n == 1 else many}>")
    lagged = next(f for f in planted_report.findings if (f.outcome, f.factor, f.lag) == ("mood", "fiber_g", 1))
    text = wording.summary(lagged)
    assert text.startswith("<On days after you <ate 25 g of fiber or more>, your <mood> averaged")
    assert "<More fiber>" in text
    assert wording.reason(Finding("mood", "fiber_g", 0, n=0, reason_code="too_few_pairs")).startswith("<No days")


GERMAN = {
    "On days after you %(split)s, your %(outcome)s averaged %(mean_high)s (%(days_high)s) "
    "against %(mean_low)s (%(days_low)s).": "An Tagen nach %(split)s lag deine %(outcome)s im Mittel bei "
    "%(mean_high)s (%(days_high)s) gegenüber %(mean_low)s (%(days_low)s).",
    "%(more)s is linked with higher %(outcome)s the day after.": "%(more)s geht mit besserer %(outcome)s am Folgetag "
    "einher.",
    "ate %(threshold)s g of fiber or more": "mindestens %(threshold)s g Ballaststoffen",
    "mood": "Stimmung",
    "More fiber": "Mehr Ballaststoffe",
    ("%(count)s day", 0): "%(count)s Tag",
    ("%(count)s day", 1): "%(count)s Tagen",
    "after a factor\x04the day after": "am Folgetag",
}


@pytest.fixture
def german(monkeypatch):
    """A tiny in-memory German catalogue layered over Django's own."""
    with translation.override("de"):
        active = trans_real.translation("de")
        catalog = trans_real.TranslationCatalog()
        catalog._catalogs = [dict(GERMAN), *active._catalog._catalogs]
        catalog._plurals = [lambda n: int(n != 1), *active._catalog._plurals]
        monkeypatch.setattr(active, "_catalog", catalog)
        yield


def test_under_german_the_sentence_is_translated_with_a_decimal_comma(german):
    finding = _worded_finding("fiber_g", 1, 25, 0.31)
    finding.high_mean, finding.low_mean, finding.low_n = 3.86, 3.4, 1
    assert wording.summary(finding) == (
        "An Tagen nach mindestens 25 g Ballaststoffen lag deine Stimmung im Mittel bei 3,9 (34 Tagen) "
        "gegenüber 3,4 (1 Tag). Mehr Ballaststoffe geht mit besserer Stimmung am Folgetag einher."
    )


def test_under_german_a_fractional_threshold_uses_the_decimal_comma():
    with translation.override("de"):
        assert wording.split_label("sleep_hours", 7.5).startswith("slept 7,5 hours")
        assert wording.mean(3.86) == "3,9"


def test_under_german_a_reason_uses_the_catalogue_placeholders(german):
    finding = Finding("mood", "fiber_g", 1, n=3, reason_code="too_few_pairs")
    assert wording.reason(finding) == ("Only 3 days pair fiber with Stimmung am Folgetag; at least 21 are needed.")


# --- the web layer: page, JSON and command word findings through wording ---------


@pytest.fixture
def journal_user(user):
    from tests.insights.journal_builder import build_journal

    build_journal(user, 90)
    return user


def _analysis_findings(user) -> dict[tuple, Finding]:
    from insights.frame import load_frame

    return {(f.outcome, f.factor, f.lag): f for f in analyse(load_frame(user)[0]).findings}


@pytest.mark.django_db
def test_data_json_in_english_carries_the_analysis_sentences_and_reasons(client_a, journal_user):
    from django.urls import reverse

    expected = _analysis_findings(journal_user)
    findings = client_a.get(reverse("insights_data")).json()["findings"]
    assert any(f["summary"] for f in findings) and any(f["reason"] for f in findings)
    for item in findings:
        finding = expected[(item["outcome"], item["factor"], item["lag"])]
        assert (item["summary"], item["reason"], item["reason_code"]) == (
            english.summary(finding),
            english.reason(finding),
            finding.reason_code,
        )


@pytest.mark.django_db
def test_insights_for_words_the_cached_findings_in_the_active_language(journal_user):
    from insights.queries import insights_for

    english = insights_for(journal_user)["contract"]["findings"]
    with translation.override("de"):
        german = insights_for(journal_user)["contract"]["findings"]
    sentences = [(e["summary"], g["summary"]) for e, g in zip(english, german, strict=True) if e["summary"]]
    assert sentences and all(e != g == re.sub(r"(\d)\.(\d)", r"\1,\2", e) for e, g in sentences)
    assert insights_for(journal_user)["contract"]["findings"] == english


@pytest.mark.django_db
def test_the_insights_page_shows_the_worded_sentence(client_a, journal_user, monkeypatch):
    from django.urls import reverse

    monkeypatch.setattr(wording, "gettext", lambda message: message.replace("is linked with", "GOES WITH"))
    body = client_a.get(reverse("insights")).content.decode()
    assert "GOES WITH higher mood the day after." in body


@pytest.mark.django_db
def test_the_command_prints_the_worded_sentence(journal_user, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr(wording, "gettext", lambda message: message.replace("is linked with", "GOES WITH"))
    out = StringIO()
    call_command("insights", journal_user.username, stdout=out)
    assert "GOES WITH higher mood the day after." in out.getvalue()


@pytest.mark.django_db
def test_a_finding_card_quotes_the_sentence_in_the_language_of_the_visit(journal_user):
    from insights.queries import insights_for
    from tests.insights.journal_builder import published_card

    published_card(slug="fiber-link", factor="fiber_g", rule="finding", threshold=None)

    def card_reason() -> str:
        contract = insights_for(journal_user)["contract"]
        quoted = next(f["summary"] for f in contract["findings"] if f["significant"] and f["factor"] == "fiber_g")
        reason = next(card["reason"] for card in contract["guidance"] if card["slug"] == "fiber-link")
        assert quoted in reason
        return reason

    english = card_reason()
    with translation.override("de"):
        german = card_reason()
    assert re.search(r"averaged \d\.\d", english) and re.search(r"averaged \d,\d", german)
