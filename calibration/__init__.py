"""Calibration: does the statistics keep its promises on simulated journals with a known truth?

Run with `make calibrate` (python -m calibration.run); a fixed seed makes the table reproducible. Framework-free:
it goes through the same public functions the app uses (experiments.analysis.compare/pool and
insights.analysis.analyse(daily_frame(rows))), never Django.
"""
