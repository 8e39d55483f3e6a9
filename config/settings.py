"""Settings for the Gut–Mood Journal, read from the environment once, here.

See docs/formats.md, Settings from the environment: DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL, EMAIL_URL (read by dj-email-url; or the individual EMAIL_* settings), SITE_URL (where
links in emails point) and VAPID_PRIVATE_KEY / VAPID_PUBLIC_KEY / VAPID_SUBJECT (Web Push reminders; see
docs/formats.md, Reminders).
"""

import os
import secrets
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# The statistics (NumPy's BLAS) run inside a request or a task, one at a time per worker process. A BLAS
# thread pool per process only competes with the other workers for the same cores: on a two-core machine it
# doubled the CPU time of a cold Insights page for no gain in wall time. Set before NumPy is first imported
# (it loads with the first insights page); an operator's own value wins.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (0/1, true/false), not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "0")


def _secret_key() -> str:
    key = os.getenv("DJANGO_SECRET_KEY", "")
    if key:
        if not DEBUG and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 50+ random characters")
        return key
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    # Development only: a random key kept in a git-ignored file, so sessions survive restarts.
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_tasks",
    "django_tasks_db",
    *(["django_rq"] if os.getenv("REDIS_URL") else []),
    "accounts",
    "journal",
    "insights",
    "experiments",
    "checkins",
    "trackers",
    "transfer",
    "home",
    "report",
    "reversion",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compressed pages (the day page is mostly repeated form markup). Django's GZip middleware
    # pads each response at random against BREACH, and CSRF tokens stay masked per response.
    "django.middleware.gzip.GZipMiddleware",
    # A database outage met in a view is a 503 page (config.urls.handler500 covers other middleware).
    "config.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.getenv("REDIS_URL", "")
# The cache holds each journal's version token as well as cached insights, so every server process must
# see the same cache: otherwise one gunicorn worker keeps serving insights another has already retired.
# Redis when set; else, in production, files on this host (shared by its workers); local memory only in debug,
# where one process serves everything.
CACHE_DIR = os.getenv("CACHE_DIR", str(BASE_DIR / ".cache"))
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "config.cache.ReusingRedisCache", "LOCATION": REDIS_URL}
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gut-mood"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Sessions read from the cache, written through to the database: a signed-in request costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Signs in as ModelBackend does, and reads the signed-in person from the cache (accounts/backends.py).
    "accounts.backends.CachedModelBackend",
    # Kept so that sessions signed in before the cached backend existed stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# Add a language here once its catalogue exists under locale/ (manage.py makemessages -l <code>).
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Imports (docs/formats.md, "Limits"). Uploads up to FILE_UPLOAD_MAX_MEMORY_SIZE are read in memory and
# checked within the request; larger ones are streamed to disk by Django and handed to a background task,
# which keeps them in PRIVATE_UPLOAD_DIR (never served) until it ends.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(10 * 1024 * 1024))  # daily CSV, JSON, Daylio CSV, Bearable
DAYLIO_BACKUP_MAX_BYTES = envint("DAYLIO_BACKUP_MAX_BYTES", str(50 * 1024 * 1024))  # the .daylio zip (photos too)
APPLE_HEALTH_MAX_BYTES = envint("APPLE_HEALTH_MAX_BYTES", str(1024 * 1024 * 1024))  # export.zip or export.xml
APPLE_HEALTH_MAX_XML_BYTES = envint("APPLE_HEALTH_MAX_XML_BYTES", str(4 * 1024 * 1024 * 1024))  # unzipped
# Files past either of these, and every Apple Health export, are checked and imported by a background task.
IMPORT_INLINE_MAX_BYTES = 2 * 1024 * 1024
IMPORT_INLINE_MAX_ROWS = 2000
PRIVATE_UPLOAD_DIR = Path(os.getenv("PRIVATE_UPLOAD_DIR", str(BASE_DIR / ".uploads")))
FILE_UPLOAD_TEMP_DIR = os.getenv("FILE_UPLOAD_TEMP_DIR") or None

# Background tasks (django-tasks, the backport of Django 6's django.tasks): the database queue served by
# `manage.py db_worker` by default; with REDIS_URL, RQ queues in Redis served by `manage.py rqworker`,
# so workers on several machines share the work.
if REDIS_URL:
    TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    RQ_SHOW_ADMIN_LINK = False  # no queue dashboard in the admin: staff see accounts, guidance and foods only
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# EMAIL_URL as the ecosystem reads it (dj-email-url): smtp:// plain (port 25), submission:// and
# smtp+tls:// STARTTLS (587), smtps:// implicit TLS (465); console:// and memory:// for development.
# dj-email-url does not know smtp+tls and still reads smtps as STARTTLS, so those two are mapped first.
EMAIL_SCHEMES = ("smtp", "smtp+tls", "submission", "smtps", "console", "memory")


def _email_settings() -> dict[str, object]:
    url = os.getenv("EMAIL_URL", "")
    if not url:
        return _django_email_settings()
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {', '.join(EMAIL_SCHEMES)}, not {parts.scheme!r}")
    implicit_tls = parts.scheme == "smtps"
    if parts.scheme in ("smtp+tls", "smtps"):
        url = urlunsplit(parts._replace(scheme="submission" if parts.scheme == "smtp+tls" else "smtp"))
    config = dj_email_url.parse(url)
    if implicit_tls:
        config.update(EMAIL_USE_SSL=True, EMAIL_USE_TLS=False, EMAIL_PORT=parts.port or 465)
    # Django wants strings here; dj-email-url gives None for a URL without them.
    config["EMAIL_HOST_USER"] = config["EMAIL_HOST_USER"] or ""
    config["EMAIL_HOST_PASSWORD"] = config["EMAIL_HOST_PASSWORD"] or ""
    config.pop("EMAIL_FILE_PATH", None)
    return config


def _django_email_settings() -> dict[str, object]:
    """Without EMAIL_URL, Django's own email settings as environment variables (EMAIL_HOST, EMAIL_PORT, …).

    A host alone means SMTP; nothing set means the console in debug and a local SMTP server otherwise.
    """
    host = os.getenv("EMAIL_HOST", "").strip()
    default_backend = "smtp" if host or not DEBUG else "console"
    config: dict[str, object] = {
        "EMAIL_BACKEND": os.getenv("EMAIL_BACKEND", "").strip()
        or f"django.core.mail.backends.{default_backend}.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_HOST_USER": os.getenv("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.getenv("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": envbool("EMAIL_USE_TLS", "0"),
        "EMAIL_USE_SSL": envbool("EMAIL_USE_SSL", "0"),
    }
    if config["EMAIL_USE_TLS"] and config["EMAIL_USE_SSL"]:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: choose one")
    default_port = "465" if config["EMAIL_USE_SSL"] else "587" if config["EMAIL_USE_TLS"] else "25"
    config["EMAIL_PORT"] = envint("EMAIL_PORT", default_port)
    if os.getenv("EMAIL_TIMEOUT"):
        config["EMAIL_TIMEOUT"] = envint("EMAIL_TIMEOUT", "0")
    return config


globals().update(_email_settings())
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Gut-Mood Journal <noreply@localhost>")


def _site_url() -> str:
    """Where links in emails point. Without SITE_URL: the first allowed host over https, or the dev server."""
    url = os.getenv("SITE_URL", "").rstrip("/")
    if url:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ImproperlyConfigured(f"SITE_URL must be like https://journal.example.org, not {url!r}")
        return url
    hosts = [host for host in ALLOWED_HOSTS if host not in ("*", "") and not host.startswith(".")]
    if DEBUG or not hosts:
        return "http://127.0.0.1:8000"
    return f"https://{hosts[0]}"


SITE_URL = _site_url()
# Reminders (reminders/): Web Push keys from `manage.py vapid_keys`; without them push is simply off.
VAPID_PRIVATE_KEY = os.getenv("VAPID_PRIVATE_KEY", "")
VAPID_PUBLIC_KEY = os.getenv("VAPID_PUBLIC_KEY", "")
VAPID_SUBJECT = os.getenv("VAPID_SUBJECT", "") or f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1] or 'noreply@localhost'}"
if bool(VAPID_PRIVATE_KEY) != bool(VAPID_PUBLIC_KEY):
    raise ImproperlyConfigured("Set both VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY (manage.py vapid_keys prints a pair)")

# Production hardening: on whenever debug is off, switchable for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")
# Joining the browsers' preload list is a site owner's deliberate, hard-to-undo choice, so it
# stays opt-in and the deploy check's reminder about it (W021) is silenced until it is chosen.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY", "0")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Brute-force protection (django-axes 8): 5 failed log-ins for one account from one client
# address lock that account from that address for 15 minutes (HTTP 429); 50 failures from one
# address, whatever the accounts, lock the address (accounts.ratelimit.LoginAttempts). Keyed so,
# one attacker behind a shared proxy cannot lock everyone else out.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", "50")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.ratelimit.LoginAttempts"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.ratelimit.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.ratelimit.client_ip"
AXES_VERBOSE = False
# Password-reset requests allowed per client address and per email address in an hour.
PASSWORD_RESET_LIMIT = envint("PASSWORD_RESET_LIMIT", "5")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("DJANGO_LOG_LEVEL", "INFO" if DEBUG else "WARNING")},
}
