"""Test settings: the project's one settings file, with test-only defaults for what production
must set explicitly. Nothing here changes behaviour; it only supplies missing values."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-000")
# Playwright drives the browser from the test thread while live_server runs Django (STACK gotcha 1).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from alliance.settings import *  # noqa: F403

# Plain static storage: tests render templates without running collectstatic first.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Fast password hashing keeps the suite quick; hashing strength is Django's concern, not ours.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client speaks plain HTTP; the HTTPS redirect is tested on its own (test_settings.py).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
