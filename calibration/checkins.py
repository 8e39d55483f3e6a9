"""Check-in scenarios: PHQ-9 and GAD-7 scores with no true link to the daily factors, through
insights.checkin_outcomes.analyse_checkins(daily_frame(rows), checkins), the app's own path.

The daily journal is a null scenario of calibration.insights; each questionnaire's score is a monotone map of
its own latent series (of the same kind: independent, or slow drift), read on the days it was taken, every
`every` days. The promise is the daily one: at most 10% of journals with any false clear link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from calibration.insights import BOUND, NULL_SCENARIOS, START, Result, Scenario, _latent, journal_rows
from insights.analysis import daily_frame
from insights.checkin_outcomes import analyse_checkins

LENGTHS = (365, 1100)
SCENARIOS = (NULL_SCENARIOS[0], NULL_SCENARIOS[4])  # independent days; slow drift
MAXIMA = {"phq9": 27, "gad7": 21}


@dataclass(frozen=True)
class CheckinScenario:
    daily: Scenario
    every: int  # days between two check-ins of each questionnaire

    @property
    def name(self) -> str:
        return f"check-ins every {self.every} days, {self.daily.name}"


CHECKIN_SCENARIOS = tuple(CheckinScenario(s, every) for s in SCENARIOS for every in (14, 7))


def checkins(rng: np.random.Generator, days: int, scenario: CheckinScenario) -> list[tuple[str, dt.date, int]]:
    taken = []
    for instrument, most in MAXIMA.items():
        score = np.clip(np.round(most / 3 + most / 6 * _latent(rng, days, scenario.daily)), 0, most)
        taken += [(instrument, START + dt.timedelta(days=d), int(score[d])) for d in range(13, days, scenario.every)]
    return taken


def run(scenario: CheckinScenario, days: int, journals: int, seed: int) -> Result:
    rng = np.random.default_rng([seed, days, scenario.every, sum(scenario.name.encode())])
    with_false = false_findings = 0
    for _ in range(journals):
        frame = daily_frame(journal_rows(rng, days, scenario.daily))
        report = analyse_checkins(frame, checkins(rng, days, scenario))
        false = sum(f.significant for f in report.findings)
        with_false += false > 0
        false_findings += false
    return Result(Scenario(scenario.name), days, journals, with_false, false_findings, 0)


def results(journals: int, seed: int, lengths: tuple[int, ...] = LENGTHS) -> list[Result]:
    return [run(s, days, journals, seed) for s in CHECKIN_SCENARIOS for days in lengths]


__all__ = ["BOUND", "CHECKIN_SCENARIOS", "results", "run"]
