"""`manage.py check --deploy` is clean for a production environment (docs/formats.md, Settings from the environment)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Set by config.test_settings in this process; a production environment has none of them.
TEST_OVERRIDES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "AXES_", "PASSWORD_RESET_")


def _deploy_check(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", *TEST_OVERRIDES))}
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="journal.example.org",
        DJANGO_BEHIND_PROXY="1",
    )
    clean.update(env)
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_deploy_check_finds_no_issues_in_production():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_still_passes_when_the_site_opts_into_hsts_preload():
    result = _deploy_check(SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_deploy_check_fails_when_https_redirect_is_switched_off():
    result = _deploy_check(SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stderr
