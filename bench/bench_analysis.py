"""Median time of the insights analysis alone on a generated three-year (1,100-day) journal.

No Django: the engine is framework-free. Two frames: every column on every day
(few missing-data patterns), and a realistic one where day-level fields are
skipped now and then and some days are not logged (a pattern per pair, the
slow case); then the realistic one with 30 trackers of the person's own, as
bench/bench_insights.py makes them (1,773 pairs).
"""

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from insights.analysis import BUILT_IN, COLUMNS, Variables, analyse, daily_frame, variables_of

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


def with_trackers(frame, seed: int = 3):
    """30 trackers (tags, ratings, numbers in turn): the tags on every logged day (1 or 0), the ratings and
    numbers on the same 90% of the logged days."""
    rng = np.random.default_rng(seed)
    frame = frame.copy()
    logged = frame["logged"].to_numpy()
    filled = logged & (rng.random(len(frame)) < 0.9)
    for n in range(30):
        kind = ("tag", "rating", "number")[n % 3]
        values = rng.integers(0, {"tag": 2, "rating": 4, "number": 12001}[kind], len(frame)).astype(float)
        frame[f"{kind}:tracker-{n}"] = np.where(logged if kind == "tag" else filled, values, np.nan)
    return frame


def median_ms(frame, variables: Variables = BUILT_IN) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the second is steadier on a busy machine)."""
    analyse(frame, variables)
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        analyse(frame, variables)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    full = daily_frame(generated_rows(skip_field=0.0, skip_day=0.0))
    realistic = daily_frame(generated_rows(skip_field=0.15, skip_day=0.1))
    for name, frame in (("every column every day", full), ("fields and days missing", realistic)):
        wall, cpu = median_ms(frame)
        print(f"analysis alone, {DAYS} days, {name}: {wall:.1f} ms wall, {cpu:.1f} ms CPU (medians of {RUNS})")
    tracked = with_trackers(realistic)
    variables = variables_of(tracked)
    wall, cpu = median_ms(tracked, variables)
    print(
        f"analysis alone, {DAYS} days, fields and days missing, 30 trackers ({len(variables.pairs)} pairs): "
        f"{wall:.1f} ms wall, {cpu:.1f} ms CPU (medians of {RUNS})"
    )


if __name__ == "__main__":
    main()
