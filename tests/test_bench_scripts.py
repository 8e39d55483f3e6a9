"""Every `make bench` script still loads: an import it relies on that moved or went (as RESAMPLES did when the
experiment interval changed) fails here, in `make test`, not weeks later when someone runs the benchmarks."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "bench").glob("bench_*.py"))


def test_there_are_benchmarks():
    assert len(SCRIPTS) >= 8


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_script_loads(script):
    # run_name other than __main__: the module's imports and definitions run, its measurement does not.
    code = f"import runpy; runpy.run_path({str(script)!r}, run_name='bench_loaded')"
    env = {"DJANGO_SETTINGS_MODULE": "config.test_settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
