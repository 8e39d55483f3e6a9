"""Settings for the test suite: production settings with test-friendly overrides.

DATABASE_URL and REDIS_URL still come from the environment, so the same suite
runs on SQLite and on PostgreSQL.
"""

import os
import secrets
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_URL:  # noqa: F405  (each test run gets a fresh, private cache; production's file cache would outlive it)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gut-mood-tests"}}

# Tasks run at once, inside the test, unless a test asks for the database queue (tests/transfer/test_jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PRIVATE_UPLOAD_DIR = Path(tempfile.mkdtemp(prefix="gut-mood-uploads-"))
