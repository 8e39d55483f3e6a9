"""Turns locust's CSV statistics into the short table of loadtest/REPORT.md.

    python loadtest/report.py OUTPUT.md PHASE_NAME=CSV_PREFIX ...
Exits 1 when any request failed (the load test must end with none).
"""

import csv
import sys
from pathlib import Path

COLUMNS = ("requests", "failures", "req/s", "median ms", "p95 ms", "max ms")


def rows(prefix: str) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def line(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(phases: list[tuple[str, str]]) -> tuple[str, int]:
    out = [line(("phase", "request", *COLUMNS)), line(["---"] * (len(COLUMNS) + 2))]
    failures = 0
    for phase, prefix in phases:
        for row in rows(prefix):
            name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
            failures += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
            out.append(
                line(
                    (
                        phase,
                        name,
                        row["Request Count"],
                        row["Failure Count"],
                        f"{float(row['Requests/s']):.1f}",
                        row["50%"],
                        row["95%"],
                        f"{float(row['Max Response Time']):.0f}",
                    )
                )
            )
    return "\n".join(out), failures


def main(output: str, specs: list[str]) -> int:
    phases = [tuple(spec.split("=", 1)) for spec in specs]
    text, failures = table(phases)
    header = Path(output).read_text() if Path(output).exists() else ""
    Path(output).write_text(header + text + f"\n\nFailed requests: {failures}\n")
    print(text)
    print(f"\nFailed requests: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
