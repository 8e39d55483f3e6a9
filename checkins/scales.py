"""PHQ-9 and GAD-7: their items, answer options, scoring and bands.

The one place this project reproduces text word for word: a validated questionnaire must
not be reworded, and both are free to reproduce, display and distribute (docs/guidance-sources.md,
"Scales used on the day page and check-ins").
PHQ-9: Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16(9):606–13.
GAD-7: Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166(10):1092–7.

The bands' labels and everything around the questionnaires are our own words. PHQ-9's
optional last question (how difficult the problems made things) is not scored and not asked.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from checkins.models import Instrument

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

ANSWER_CHOICES: tuple[tuple[int, "StrPromise"], ...] = (
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
)
ANSWER_VALUES = frozenset(value for value, _label in ANSWER_CHOICES)
DOCTOR_FROM_SCORE = 15
SAFETY_ITEM = 9  # PHQ-9 item 9, counted from 1: thoughts of being better off dead or of self-harm


@dataclass(frozen=True)
class Band:
    key: str
    label: "StrPromise"
    low: int
    high: int

    @property
    def range(self) -> str:
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Scale:
    instrument: str
    name: str
    topic: "StrPromise"
    stem: "StrPromise"
    items: tuple["StrPromise", ...]
    bands: tuple[Band, ...]
    citation: str
    doi: str

    @property
    def max_score(self) -> int:
        return 3 * len(self.items)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}"

    @property
    def doi_text(self) -> str:
        return f"doi:{self.doi}"


MINIMAL = _("Minimal")
MILD = _("Mild")
MODERATE = _("Moderate")
SEVERE = _("Severe")

PHQ9 = Scale(
    instrument=Instrument.PHQ9,
    name="PHQ-9",
    topic=_("low mood"),
    stem=_("Over the last 2 weeks, how often have you been bothered by any of the following problems?"),
    items=(
        _("Little interest or pleasure in doing things"),
        _("Feeling down, depressed, or hopeless"),
        _("Trouble falling or staying asleep, or sleeping too much"),
        _("Feeling tired or having little energy"),
        _("Poor appetite or overeating"),
        _("Feeling bad about yourself — or that you are a failure or have let yourself or your family down"),
        _("Trouble concentrating on things, such as reading the newspaper or watching television"),
        _(
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
            "fidgety or restless that you have been moving around a lot more than usual"
        ),
        _("Thoughts that you would be better off dead or of hurting yourself in some way"),
    ),
    bands=(
        Band("minimal", MINIMAL, 0, 4),
        Band("mild", MILD, 5, 9),
        Band("moderate", MODERATE, 10, 14),
        Band("moderately_severe", _("Moderately severe"), 15, 19),
        Band("severe", SEVERE, 20, 27),
    ),
    citation=(
        "Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure. "
        "J Gen Intern Med 2001;16(9):606–13."
    ),
    doi="10.1046/j.1525-1497.2001.016009606.x",
)

GAD7 = Scale(
    instrument=Instrument.GAD7,
    name="GAD-7",
    topic=_("anxiety"),
    stem=_("Over the last 2 weeks, how often have you been bothered by the following problems?"),
    items=(
        _("Feeling nervous, anxious or on edge"),
        _("Not being able to stop or control worrying"),
        _("Worrying too much about different things"),
        _("Trouble relaxing"),
        _("Being so restless that it is hard to sit still"),
        _("Becoming easily annoyed or irritable"),
        _("Feeling afraid as if something awful might happen"),
    ),
    bands=(
        Band("minimal", MINIMAL, 0, 4),
        Band("mild", MILD, 5, 9),
        Band("moderate", MODERATE, 10, 14),
        Band("severe", SEVERE, 15, 21),
    ),
    citation=(
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety "
        "disorder: the GAD-7. Arch Intern Med 2006;166(10):1092–7."
    ),
    doi="10.1001/archinte.166.10.1092",
)

SCALES: dict[str, Scale] = {PHQ9.instrument: PHQ9, GAD7.instrument: GAD7}


class InvalidAnswers(ValueError):
    """Answers that are not one whole number from 0 to 3 per item of the questionnaire."""


def scale_for(instrument: str) -> Scale:
    try:
        return SCALES[instrument]
    except KeyError:
        raise ValueError(f"unknown questionnaire: {instrument!r}") from None


def validate_answers(instrument: str, answers: Sequence[int]) -> list[int]:
    """The answers as a list, or InvalidAnswers: exactly one 0–3 integer per item (bools refused)."""
    scale = scale_for(instrument)
    if isinstance(answers, str | bytes) or len(answers) != len(scale.items):
        raise InvalidAnswers(f"{scale.name} needs {len(scale.items)} answers")
    if any(type(value) is not int or value not in ANSWER_VALUES for value in answers):
        raise InvalidAnswers("each answer must be 0, 1, 2 or 3")
    return list(answers)


def score(instrument: str, answers: Sequence[int]) -> int:
    """The total: the sum of the item answers (0–27 for PHQ-9, 0–21 for GAD-7)."""
    return sum(validate_answers(instrument, answers))


def band(instrument: str, total: int) -> Band:
    for candidate in scale_for(instrument).bands:
        if candidate.low <= total <= candidate.high:
            return candidate
    raise ValueError(f"{total} is outside the {scale_for(instrument).name} range")


def suggests_doctor(instrument: str, total: int) -> bool:
    """Moderately severe or severe (PHQ-9), severe (GAD-7): suggest talking to a doctor."""
    scale_for(instrument)
    return total >= DOCTOR_FROM_SCORE


def needs_safety_message(instrument: str, answers: Sequence[int]) -> bool:
    """Any answer above "Not at all" on PHQ-9 item 9 needs the help message, at once."""
    return instrument == Instrument.PHQ9 and len(answers) >= SAFETY_ITEM and answers[SAFETY_ITEM - 1] > 0
