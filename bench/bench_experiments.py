"""Median time of an experiment's result (experiments.analysis) on generated days.

No Django: the analysis is framework-free. Two cases: compare() on the longest
single run (28 baseline + 28 intervention days) and pool() of 4 such runs
(an ABABABAB series). The AR(1)-corrected interval's critical value is simulated
(SIMULATIONS per phi of the grid) once per layout and then kept, so the first
call is timed apart from the median of the rest (docs/statistics.md, Self-experiments).
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from experiments.analysis import SIMULATIONS, compare, pool

DAYS = 28
RUNS = 30
COMPARE_BUDGET_MS = 100  # CPU time for compare() on the longest run: a result page computes it when not cached


def generated_run(rng: np.random.Generator, effect: float = 0.5) -> tuple[list[float], list[float]]:
    """AR(1) mood-like noise (phi 0.4) around 3, `effect` added after the switch; a few days unlogged."""
    noise = np.zeros(2 * DAYS)
    for i in range(1, noise.size):
        noise[i] = 0.4 * noise[i - 1] + rng.normal(0, 0.5)
    values: list[float | None] = list(3 + noise)
    values[DAYS:] = [value + effect for value in values[DAYS:]]
    for i in rng.choice(len(values), size=4, replace=False):
        values[i] = None
    return values[:DAYS], values[DAYS:]


def first_ms(work) -> float:
    """CPU time of the first call, which simulates the layout's critical value."""
    started = time.process_time()
    work()
    return (time.process_time() - started) * 1000


def median_ms(work) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the second is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    rng = np.random.default_rng(7)
    runs = [generated_run(rng) for _ in range(4)]
    cases = (
        (f"compare(), {DAYS} + {DAYS} days", lambda: compare(*runs[0]), COMPARE_BUDGET_MS),
        (f"pool() of 4 runs of {DAYS} + {DAYS} days", lambda: pool(runs), None),
    )
    for name, work, budget in cases:
        first = first_ms(work)
        wall, cpu = median_ms(work)
        verdict = "" if budget is None else f"; budget {budget} ms CPU: {'within' if cpu < budget else 'OVER'}"
        print(
            f"{name}: first call {first:.1f} ms CPU ({SIMULATIONS:,} simulations per phi), then "
            f"{wall:.1f} ms wall, {cpu:.1f} ms CPU (medians of {RUNS}){verdict}"
        )


if __name__ == "__main__":
    main()
