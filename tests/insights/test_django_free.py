"""The vocabulary and the statistics never import Django, directly or through another module.

They are tested without a database and can run in a notebook or a worker; one stray import of
journal.constants (Django's translation machinery) would pull the whole framework in.
"""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DJANGO_FREE = (
    "journal.columns",
    "insights.analysis",
    "insights.stats",
    "insights.checkin_outcomes",
    "experiments.analysis",
)


def test_the_vocabulary_and_the_statistics_import_without_django():
    code = (
        f"import {', '.join(DJANGO_FREE)}; import sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('django'))"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
