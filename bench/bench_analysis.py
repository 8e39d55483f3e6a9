"""Median time of the insights analysis alone on a generated three-year (1,100-day) journal.

No Django: the engine is framework-free. Two frames: every column on every day
(few missing-data patterns), and a realistic one where day-level fields are
skipped now and then and some days are not logged (a pattern per pair, the
slow case).
"""

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from insights.analysis import COLUMNS, analyse, daily_frame

DAYS = 1100
RUNS = 30


def generated_rows(skip_field: float, skip_day: float, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    start = date(2024, 1, 1)
    rows = []
    for i in range(DAYS):
        if rng.random() < skip_day:
            continue
        row = {"date": start + timedelta(days=i)}
        for column in COLUMNS:
            if column in ("mood", "anxiety", "energy") or rng.random() >= skip_field:
                row[column] = float(rng.integers(0, 6)) if column != "fiber_g" else round(rng.uniform(5, 45), 1)
        row["antibiotics"] = float(rng.random() < 0.05)
        rows.append(row)
    return rows


def median_ms(frame) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the second is steadier on a busy machine)."""
    analyse(frame)
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        analyse(frame)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    full = daily_frame(generated_rows(skip_field=0.0, skip_day=0.0))
    realistic = daily_frame(generated_rows(skip_field=0.15, skip_day=0.1))
    for name, frame in (("every column every day", full), ("fields and days missing", realistic)):
        wall, cpu = median_ms(frame)
        print(f"analysis alone, {DAYS} days, {name}: {wall:.1f} ms wall, {cpu:.1f} ms CPU (medians of {RUNS})")


if __name__ == "__main__":
    main()
