"""PHQ-9 and GAD-7 scoring, bands at every edge, the doctor suggestion and the item-9 safety rule."""

import pytest

from checkins import scales
from checkins.models import Instrument
from tests.checkins.factories import answers_for

PHQ9, GAD7 = Instrument.PHQ9, Instrument.GAD7


@pytest.mark.parametrize(
    ("total", "key"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_scores_and_bands_at_every_edge(total, key):
    answers = answers_for(PHQ9, total, item9=max(0, total - 24))
    assert scales.score(PHQ9, answers) == total
    assert scales.band(PHQ9, total).key == key


@pytest.mark.parametrize(
    ("total", "key"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_scores_and_bands_at_every_edge(total, key):
    answers = answers_for(GAD7, total)
    assert scales.score(GAD7, answers) == total
    assert scales.band(GAD7, total).key == key


def test_band_labels_and_ranges_are_the_published_ones():
    assert [(b.key, b.range) for b in scales.PHQ9.bands] == [
        ("minimal", "0–4"),
        ("mild", "5–9"),
        ("moderate", "10–14"),
        ("moderately_severe", "15–19"),
        ("severe", "20–27"),
    ]
    assert [(str(b.label), b.range) for b in scales.GAD7.bands] == [
        ("Minimal", "0–4"),
        ("Mild", "5–9"),
        ("Moderate", "10–14"),
        ("Severe", "15–21"),
    ]


def test_bands_cover_every_possible_score_once():
    for scale in scales.SCALES.values():
        covered = [n for b in scale.bands for n in range(b.low, b.high + 1)]
        assert covered == list(range(scale.max_score + 1))


@pytest.mark.parametrize(("instrument", "too_high"), [(PHQ9, 28), (GAD7, 22), (PHQ9, -1)])
def test_a_score_outside_the_range_has_no_band(instrument, too_high):
    with pytest.raises(ValueError):
        scales.band(instrument, too_high)


def test_the_questionnaires_have_nine_and_seven_items_with_four_answers():
    assert len(scales.PHQ9.items) == 9 and scales.PHQ9.max_score == 27
    assert len(scales.GAD7.items) == 7 and scales.GAD7.max_score == 21
    assert [(v, str(label)) for v, label in scales.ANSWER_CHOICES] == [
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    ]


def test_the_standard_stem_and_item_9_wording_are_kept():
    assert str(scales.PHQ9.stem) == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert str(scales.PHQ9.items[8]) == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert str(scales.GAD7.items[0]) == "Feeling nervous, anxious or on edge"


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        (PHQ9, [0] * 8),
        (PHQ9, [0] * 10),
        (GAD7, [0] * 9),
        (GAD7, [0] * 6 + [4]),
        (GAD7, [0] * 6 + [-1]),
        (GAD7, [0] * 6 + ["1"]),
        (GAD7, [0] * 6 + [1.0]),
        (GAD7, [0] * 6 + [True]),
        (GAD7, [0] * 6 + [None]),
        (GAD7, "0000000"),
    ],
)
def test_wrong_answer_counts_and_values_are_refused(instrument, answers):
    with pytest.raises(scales.InvalidAnswers):
        scales.score(instrument, answers)


def test_an_unknown_questionnaire_is_refused():
    with pytest.raises(ValueError):
        scales.score("bdi2", [0] * 21)


@pytest.mark.parametrize(
    ("instrument", "total", "expected"),
    [(PHQ9, 14, False), (PHQ9, 15, True), (PHQ9, 27, True), (GAD7, 14, False), (GAD7, 15, True)],
)
def test_the_doctor_is_suggested_from_15(instrument, total, expected):
    assert scales.suggests_doctor(instrument, total) is expected


@pytest.mark.parametrize(("item9", "expected"), [(0, False), (1, True), (2, True), (3, True)])
def test_any_answer_above_zero_on_item_9_needs_the_safety_message(item9, expected):
    answers = [3] * 8 + [item9]
    assert scales.needs_safety_message(PHQ9, answers) is expected


def test_gad7_never_needs_the_safety_message():
    assert scales.needs_safety_message(GAD7, [3] * 7) is False
