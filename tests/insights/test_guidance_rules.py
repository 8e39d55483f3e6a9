"""The display rules of insights.guidance on small hand-made daily frames (no database)."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from insights.guidance import select_cards, to_contract
from insights.models import FACTOR_COLUMNS, Guidance

START = dt.date(2026, 3, 1)


def frame_of(rows: list[dict | None], start: dt.date = START) -> pd.DataFrame:
    """One row per calendar day from `start`; None is a day with nothing logged."""
    index = pd.date_range(start, periods=len(rows), freq="D", name="date")
    data = {c: [np.nan if r is None else float(r.get(c, np.nan)) for r in rows] for c in FACTOR_COLUMNS}
    frame = pd.DataFrame(data, index=index)
    frame["logged"] = [r is not None for r in rows]
    return frame


def item(**fields) -> Guidance:
    defaults = {
        "title": "Sleep",
        "slug": "sleep",
        "body": "Sleep *matters*.",
        "factor": "sleep_hours",
        "rule": "mean_below",
        "threshold": Decimal("7"),
        "window": 7,
        "figure_label": "Your sleep",
        "unit": "h a night",
        "decimals": 1,
        "reference": "adults do best on 7–9 h.",
        "source_citation": "Watson NF et al. Sleep 2015.",
        "source_url": "https://doi.org/10.5665/sleep.4716",
        "published": True,
        "order": 10,
    }
    return Guidance(**{**defaults, **fields})


def doctor_item() -> Guidance:
    return item(title="Talk to a doctor", slug="doctor", factor="doctor", rule="doctor", threshold=None, order=99)


def slugs(cards) -> list[str]:
    return [c.slug for c in cards]


def test_mean_below_shows_with_the_persons_own_figure():
    frame = frame_of([{"sleep_hours": h} for h in (6, 6, 6.5, 6, 6.5, 6.5, 6)])
    [card] = select_cards([item()], frame, [], [])
    assert card.reason == "Your sleep over the last 7 logged days: 6.2 h a night; adults do best on 7–9 h."


def test_mean_below_is_not_shown_at_the_threshold():
    frame = frame_of([{"sleep_hours": h} for h in (6, 8, 7, 7)])
    assert select_cards([item()], frame, [], []) == []


def test_mean_below_compares_the_figure_it_quotes():
    frame = frame_of([{"sleep_hours": 6.96}, {"sleep_hours": 6.98}])  # mean 6.97 shows as 7.0
    assert select_cards([item()], frame, [], []) == []


def test_mean_below_shows_just_under_the_threshold():
    frame = frame_of([{"sleep_hours": 6.9}, {"sleep_hours": 6.9}])
    assert slugs(select_cards([item()], frame, [], [])) == ["sleep"]


def test_mean_above_shows_above_and_not_at_the_threshold():
    stress = item(slug="stress", factor="stress", rule="mean_above", threshold=Decimal("3.5"), figure_label="")
    assert slugs(select_cards([stress], frame_of([{"stress": 4}, {"stress": 3}]), [], [])) == []
    [card] = select_cards([stress], frame_of([{"stress": 4}, {"stress": 4}, {"stress": 3}]), [], [])
    assert card.reason.startswith("Your stress over the last 3 logged days: 3.7")


def test_window_counts_logged_days_not_calendar_days():
    # Seven logged days of short sleep, then long sleep on three days spread over two weeks with gaps.
    rows: list[dict | None] = (
        [{"sleep_hours": 5}] * 7 + [None] * 5 + [{"sleep_hours": 9}, None, None, {"sleep_hours": 9}]
    )
    three_days = item(window=3)
    assert select_cards([three_days], frame_of(rows), [], []) == []  # last 3 logged: 5, 9, 9 -> 7.7
    [card] = select_cards([item(window=7)], frame_of(rows), [], [])  # last 7 logged: 5×5, 9, 9 -> 6.1
    assert "last 7 logged days" in card.reason
    assert "6.1 h" in card.reason


def test_missing_values_in_the_window_are_ignored_not_zero():
    rows = [{"sleep_hours": 8}, {"mood": 3}, {"sleep_hours": 8}, {"mood": 4}]
    assert select_cards([item()], frame_of(rows), [], []) == []  # a zero fill would give 4.0 h


def test_the_reason_says_on_how_many_days_the_value_was_recorded():
    rows = [{"sleep_hours": 6}, {"mood": 3}, {"sleep_hours": 6}]
    [card] = select_cards([item()], frame_of(rows), [], [])
    assert card.reason.startswith("Your sleep over the last 3 logged days (recorded on 2): 6.0 h a night")


@pytest.mark.parametrize("rows", [[], [None], [{"mood": 3}] * 5])
def test_no_value_in_the_window_shows_nothing(rows):
    assert select_cards([item()], frame_of(rows), [], []) == []


def test_value_older_than_the_window_does_not_count():
    rows = [{"sleep_hours": 5}] + [{"mood": 3}] * 7
    assert select_cards([item()], frame_of(rows), [], []) == []


def test_an_empty_frame_without_columns_shows_only_always_cards():
    always = item(slug="axis", factor="general", rule="always", threshold=None)
    cards = select_cards([always, item()], pd.DataFrame(), [], [])
    assert slugs(cards) == ["axis"]
    assert cards[0].reason == ""


def test_always_card_quotes_a_figure_when_it_has_one():
    always = item(rule="always", threshold=None)
    [card] = select_cards([always], frame_of([{"sleep_hours": 8}]), [], [])
    assert card.reason == "Your sleep over your last logged day: 8.0 h a night; adults do best on 7–9 h."


def test_unpublished_items_are_never_shown():
    hidden = item(slug="axis", factor="general", rule="always", threshold=None, published=False)
    assert select_cards([hidden], frame_of([{"mood": 3}]), [], []) == []


def test_days_figure_counts_the_days_above_zero():
    antibiotics = item(
        slug="antibiotics",
        factor="antibiotics",
        rule="mean_above",
        threshold=Decimal("0"),
        window=14,
        figure="days",
        figure_label="Antibiotics",
        reference="",
    )
    rows = [{"antibiotics": 0}] * 10 + [{"antibiotics": 1}] * 3
    [card] = select_cards([antibiotics], frame_of(rows), [], [])
    assert card.reason == "Antibiotics over the last 13 logged days: on 3 days."
    assert select_cards([antibiotics], frame_of([{"antibiotics": 0}] * 5), [], []) == []


FINDING = {"outcome": "mood", "factor": "fiber_g", "lag": 1, "significant": True, "q": 0.04, "summary": "Fiber days."}


def fiber_finding_item() -> Guidance:
    return item(slug="fiber", factor="fiber_g", rule="finding", threshold=None)


def test_finding_rule_shows_when_a_significant_finding_involves_the_factor():
    [card] = select_cards([fiber_finding_item()], frame_of([{"mood": 3}]), [FINDING], [])
    assert card.reason == "A pattern in your own data: Fiber days."


def test_finding_rule_ignores_findings_that_are_not_significant_or_about_another_factor():
    findings = [{**FINDING, "significant": False}, {**FINDING, "factor": "sleep_hours"}]
    assert select_cards([fiber_finding_item()], frame_of([{"mood": 3}]), findings, []) == []


def test_finding_rule_quotes_the_finding_with_the_smallest_q():
    findings = [{**FINDING, "q": 0.09, "summary": "Weaker."}, {**FINDING, "q": 0.01, "summary": "Stronger."}]
    [card] = select_cards([fiber_finding_item()], frame_of([{"mood": 3}]), findings, [])
    assert card.reason.endswith("Stronger.")


def test_finding_rule_on_an_outcome_and_on_gut_symptoms():
    bloating = {**FINDING, "outcome": "bloating", "factor": "stress"}
    mood_item = item(slug="mood", factor="mood", rule="finding", threshold=None)
    gut_item = item(slug="gut", factor="gut_symptoms", rule="finding", threshold=None)
    assert slugs(select_cards([mood_item, gut_item], frame_of([{"mood": 3}]), [bloating], [])) == ["gut"]


def symptom_rows(symptom_days: int, mood: float, logged: int = 14) -> list[dict | None]:
    rows: list[dict | None] = []
    for i in range(logged):
        rows.append({"bloating": 2 if i < symptom_days else 0, "abdominal_pain": 0, "mood": mood})
        rows.append(None)  # gaps between logged days do not matter
    return rows


def test_doctor_card_goes_first_after_10_of_14_symptom_days_with_low_mood():
    rows = symptom_rows(10, 2.5)
    rows[-2]["sleep_hours"] = 5  # the last logged day
    cards = select_cards([item(), doctor_item()], frame_of(rows), [], [])
    assert slugs(cards) == ["doctor", "sleep"]
    assert cards[0].is_doctor
    assert "10 of your last 14 logged days" in cards[0].reason


def test_doctor_card_counts_abdominal_pain_as_well():
    rows = [{"abdominal_pain": 3, "bloating": 0, "mood": 2}] * 10 + [{"mood": 2}] * 4
    assert slugs(select_cards([doctor_item()], frame_of(rows), [], [])) == ["doctor"]


def test_doctor_card_not_shown_after_9_of_14_symptom_days():
    assert select_cards([doctor_item()], frame_of(symptom_rows(9, 2.0)), [], []) == []


def test_doctor_card_not_shown_when_mood_is_above_2_5():
    assert select_cards([doctor_item()], frame_of(symptom_rows(14, 2.6)), [], []) == []


def test_doctor_card_not_shown_for_mild_symptoms():
    rows = [{"bloating": 1, "abdominal_pain": 1, "mood": 1}] * 14
    assert select_cards([doctor_item()], frame_of(rows), [], []) == []


def test_doctor_card_looks_only_at_the_last_14_logged_days():
    rows = symptom_rows(14, 2.0) + [{"bloating": 0, "mood": 2.0}] * 5  # the last 14 hold 9 symptom days
    assert select_cards([doctor_item()], frame_of(rows), [], []) == []


def test_doctor_card_at_once_after_a_red_flag():
    frame = frame_of([{"mood": 4, "bloating": 0}])
    cards = select_cards([item(), doctor_item()], frame, [], [START], today=START)
    assert slugs(cards) == ["doctor"]
    assert "checked by a doctor soon" in cards[0].reason


def test_red_flag_counts_for_30_days():
    frame = frame_of([{"mood": 4}])
    flagged = START - dt.timedelta(days=29)
    assert slugs(select_cards([doctor_item()], frame, [], [flagged], today=START)) == ["doctor"]
    older = START - dt.timedelta(days=30)
    assert select_cards([doctor_item()], frame, [], [older], today=START) == []


def test_red_flag_window_defaults_to_the_latest_logged_date():
    frame = frame_of([{"mood": 4}] * 40)
    assert select_cards([doctor_item()], frame, [], [START]) == []  # 39 days before the last logged day
    assert slugs(select_cards([doctor_item()], frame, [], [START + dt.timedelta(days=20)])) == ["doctor"]


def test_contract_entries_have_the_four_public_keys():
    cards = select_cards([item()], frame_of([{"sleep_hours": 5}]), [], [])
    assert to_contract(cards) == [
        {
            "slug": "sleep",
            "title": "Sleep",
            "factor": "sleep_hours",
            "reason": "Your sleep over your last logged day: 5.0 h a night; adults do best on 7–9 h.",
        }
    ]


def test_card_carries_body_and_source():
    [card] = select_cards([item()], frame_of([{"sleep_hours": 5}]), [], [])
    assert card.body_html == "<p>Sleep <em>matters</em>.</p>"
    assert card.source_url == "https://doi.org/10.5665/sleep.4716"
    assert card.source_citation.startswith("Watson")


def test_works_on_the_frame_built_by_the_analysis():
    from insights.analysis import daily_frame

    rows = [{"date": START + dt.timedelta(days=2 * i), "sleep_hours": 6.0} for i in range(7)]
    [card] = select_cards([item()], daily_frame(rows), [], [])
    assert "6.0 h a night" in card.reason
