"""Apple Health import of 1,000,000 records: time and peak memory (aims: < 60 s, < 300 MB; docs/formats.md).

The export is generated first (tests/data/make_apple_health.py, the real format; not timed), then a child
process imports it into a throwaway test database, the way the background task does (stream, check,
write). The parent reads the child's peak resident memory from the kernel (ru_maxrss), so the figure
covers everything: Python, Django, the parser's buffers and the import.
`RECORDS=200000 python bench/bench_apple_health.py` for a quicker run.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
RECORDS = int(os.environ.get("RECORDS", "1000000"))
TIME_LIMIT, MEMORY_LIMIT_MB = 60.0, 300


def child(path: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from transfer.services import parse_file, run_import

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create(username="bench-apple-health")
        wall, cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as stream:
            summary = run_import(user, parse_file(user, stream, "apple-health"))
        print(f"{time.perf_counter() - wall:.1f} {time.process_time() - cpu:.1f} {summary.describe()}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests" / "data"))
    from make_apple_health import write_zip

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        days = write_zip(path, RECORDS)
        with __import__("zipfile").ZipFile(path) as archive:
            xml_size = archive.getinfo("apple_health_export/export.xml").file_size
        print(
            f"  export: {RECORDS:,} records over {days:,} days, export.xml {xml_size / 2**20:.0f} MB "
            f"(zip {path.stat().st_size / 2**20:.0f} MB)"
        )
        command = [sys.executable, __file__, "--child", str(path)]  # this script, run again: no outside input
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        sys.exit(result.stderr)
    wall, cpu, described = result.stdout.strip().split(" ", 2)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    verdict = "met" if float(wall) < TIME_LIMIT else "MISSED"
    print(f"  import: wall {wall} s, cpu {cpu} s (aim < {TIME_LIMIT:.0f} s: {verdict})")
    print(
        f"  peak memory of the importing process: {peak_mb:.0f} MB (aim < {MEMORY_LIMIT_MB} MB: "
        f"{'met' if peak_mb < MEMORY_LIMIT_MB else 'MISSED'})"
    )
    print(f"  {described}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
