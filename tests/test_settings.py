"""Settings come from the environment and fail loudly when production is misconfigured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env)
    code = (
        "import config.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = _load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_debug_is_off_by_default():
    result = _load_settings(DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_development_with_no_environment_uses_sqlite_and_local_memory():
    result = _load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    debug, engine, cache = result.stdout.split()
    assert (debug, engine) == ("True", "django.db.backends.sqlite3")
    assert cache.endswith("LocMemCache")


def test_database_and_redis_urls_are_read_from_the_environment():
    result = _load_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert result.returncode == 0, result.stderr
    _debug, engine, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert cache.endswith("RedisCache")


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = _load_settings(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_production_without_redis_shares_one_cache_between_server_processes():
    result = _load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[2].endswith("FileBasedCache")


def test_a_journal_version_changed_in_one_process_is_seen_by_another(tmp_path):
    """Two gunicorn workers without Redis: a save in one must retire the insights the other cached."""
    env = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60, "CACHE_DIR": str(tmp_path)}
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
    run = "from django.core.cache import cache; "

    def in_process(code: str) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
        clean.update(env)
        result = subprocess.run(
            [sys.executable, "-c", setup + run + code], cwd=ROOT, env=clean, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    in_process("cache.set('journal-version:1', 'after-a-save', timeout=None)")
    assert in_process("print(cache.get('journal-version:1'))") == "after-a-save"


def _email_settings(url: str, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "SITE_URL", "VAPID_"))}
    clean.update(DJANGO_DEBUG="1", EMAIL_URL=url, **env)
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
    names += ["EMAIL_USE_TLS", "EMAIL_USE_SSL", "SITE_URL"]
    code = f"import json, config.settings as s; print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_smtp_url_is_plain_smtp_so_a_local_relay_works():
    email = _email_settings("smtp://127.0.0.1")
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("127.0.0.1", 25)
    assert (email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (False, False)


def test_smtp_tls_and_submission_urls_use_starttls_on_587():
    for url in ("smtp+tls://mailer:s%40cret@mail.example.org", "submission://mailer:s%40cret@mail.example.org"):
        email = _email_settings(url)
        assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mail.example.org", 587), url
        assert (email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (True, False), url
        assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("mailer", "s@cret"), url


def test_smtps_url_uses_implicit_tls_on_465():
    email = _email_settings("smtps://mailer:pw@mail.example.org")
    assert email["EMAIL_PORT"] == 465
    assert (email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (False, True)
    assert _email_settings("smtps://mail.example.org:2465")["EMAIL_PORT"] == 2465


def test_console_url_and_debug_default_print_mail():
    assert _email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert _email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_an_unknown_email_scheme_is_an_error_not_a_guess():
    result = _load_settings(DJANGO_DEBUG="1", EMAIL_URL="smtq://mail.example.org")
    assert result.returncode != 0
    assert "EMAIL_URL scheme must be one of" in result.stderr


def test_site_url_is_read_and_checked():
    assert _email_settings("", SITE_URL="https://journal.example.org/")["SITE_URL"] == "https://journal.example.org"
    result = _load_settings(DJANGO_DEBUG="1", SITE_URL="journal.example.org")
    assert result.returncode != 0
    assert "SITE_URL must be like" in result.stderr


def test_without_email_url_djangos_own_email_settings_are_read_from_the_environment():
    """Settings from the environment: EMAIL_URL "or the Django email settings"."""
    email = _email_settings(
        "",
        EMAIL_HOST="mail.example.org",
        EMAIL_PORT="2587",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="s@cret",
        EMAIL_USE_TLS="1",
    )
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"  # a host means SMTP, debug or not
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mail.example.org", 2587)
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("mailer", "s@cret")
    assert (email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (True, False)


def test_djangos_email_settings_take_the_usual_port_for_their_tls_and_a_named_backend():
    assert _email_settings("", EMAIL_HOST="mail.example.org", EMAIL_USE_TLS="1")["EMAIL_PORT"] == 587
    assert _email_settings("", EMAIL_HOST="mail.example.org", EMAIL_USE_SSL="1")["EMAIL_PORT"] == 465
    assert _email_settings("", EMAIL_HOST="mail.example.org")["EMAIL_PORT"] == 25
    backend = "django.core.mail.backends.filebased.EmailBackend"
    assert _email_settings("", EMAIL_BACKEND=backend)["EMAIL_BACKEND"] == backend


def test_email_url_wins_over_djangos_email_settings():
    email = _email_settings("smtps://mailer:pw@mail.example.org", EMAIL_HOST="other.example.org")
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mail.example.org", 465)


def test_tls_and_ssl_together_or_a_bad_port_stop_start_up():
    result = _load_settings(DJANGO_DEBUG="1", EMAIL_HOST="mail.example.org", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in result.stderr
    result = _load_settings(DJANGO_DEBUG="1", EMAIL_HOST="mail.example.org", EMAIL_PORT="smtp")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def _setting(name: str, **env: str) -> object:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.update(env)
    code = f"import json, config.settings as s; print(json.dumps(s.{name}, default=str))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_allowed_hosts_are_a_comma_separated_list_from_the_environment():
    hosts = _setting("ALLOWED_HOSTS", DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="journal.example.org, www.example.org")
    assert hosts == ["journal.example.org", "www.example.org"]
    assert _setting("ALLOWED_HOSTS", DJANGO_SECRET_KEY="x" * 60) == []  # production names its hosts itself


def test_without_database_url_the_database_is_a_sqlite_file_in_the_project():
    database = _setting("DATABASES", DJANGO_DEBUG="1")["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == ROOT / "db.sqlite3"
