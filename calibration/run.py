"""`make calibrate`: the experiment cells and the insights scenarios, printed and written to a markdown file.

    python -m calibration.run [--journals 200] [--simulations 2000] [--seed 2014] [--out docs/statistics.md]

The tables replace what lies between the calibration markers of the statistics document (its Calibration
section). Exit status 1 when a promise fails beyond simulation error (so CI can run it); the tables are written
either way.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from calibration import checkins, experiments, insights

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- calibration:start -->", "<!-- calibration:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=200, help="simulated journals per insights scenario")
    parser.add_argument("--simulations", type=int, default=2000, help="simulated experiments per cell")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "statistics.md")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    cells = experiments.cells(args.simulations, args.seed)
    experiment_table = experiments.table(cells)
    print(experiment_table, flush=True)
    found = insights.results(args.journals, args.seed)
    insights_table = insights.table(found)
    print(insights_table, flush=True)
    detected = insights.detection(args.journals, args.seed)
    detection_table = insights.detection_table(detected)
    print(detection_table, flush=True)
    checkin_found = checkins.results(args.journals, args.seed)
    checkin_table = insights.table(checkin_found)
    print(checkin_table, flush=True)

    text = f"""{START}
Written by `make calibrate` (`python -m calibration.run --journals {args.journals} --simulations \
{args.simulations} --seed {args.seed}`); the same seed gives the same tables.

### Self-experiments: simulated no-effect experiments

Days are AR(1) noise with the given φ; the baseline is the app's (the change's length, at least 10 days), the
first 3 days of the change (the default washout) are left out. "Too short" is the share of experiments given no
interval ("too short to tell"); coverage is the share of the intervals given that contain the true zero (the
promise: at least 90% in every cell), with its 99% one-sided upper bound (a cell fails only when this is under
90%). Widths are in units of the days' standard deviation. Two runs are pooled as ABAB (`pool()`).

{experiment_table}

### Insights: journals with no true link, and with one planted link

Each scenario simulates {args.journals} journals through `insights.analysis.analyse(daily_frame(rows))`. "Any
false clear link" is the share of journals with at least one significant finding (q ≤ 0.10) that is not the
planted link; the promise is at most 10% (a scenario fails when the 99% lower bound of the share is above 10%).
"Planted found" is the share of journals in which mood against the same day's sleep hours is significant. With
a true link present, the false-discovery control bounds the share of false findings among those found, not the
chance of any.

{insights_table}

### How many logged days a moderate link needs

Planted ρ 0.3 (mood against the same day's sleep, independent days), every pair tested and the
false-discovery control applied, {args.journals} journals a length. `more_days_needed` counts up to the
shortest length found in at least 80% of journals ({insights.days_for_power(detected)} here;
insights.analysis.DAYS_FOR_MODERATE_LINK). Autocorrelated days need more.

{detection_table}

### Check-in findings: PHQ-9 and GAD-7 with no true link

The daily journal of the named scenario and each questionnaire's score from its own latent series of the same
kind, taken every 7 or 14 days, through `insights.checkin_outcomes.analyse_checkins`. Same promise and bound.

{checkin_table}
{END}"""
    document = args.out.read_text(encoding="utf-8") if args.out.exists() else f"## Calibration\n\n{START}\n{END}\n"
    before, _start, rest = document.partition(START)
    _old, _end, after = rest.partition(END)
    args.out.write_text(before + text + after, encoding="utf-8")
    print(f"Written to {args.out} in {time.perf_counter() - started:.0f} s.")
    failed = [c for c in cells if not c.passes] + [
        r for r in found + checkin_found if not r.scenario.rho and not r.passes
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
