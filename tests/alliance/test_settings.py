"""Settings come from environment variables: each case starts Django in a fresh interpreter with
exactly the variables under test, as a developer, CI or production would."""

from __future__ import annotations

import json
import secrets
from functools import cache

import pytest

from tests.conftest import run_django

REAL_SECRET = secrets.token_urlsafe(50)
DEMO = {"DEBUG": "true"}

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
from alliance.celery import app
db = s.DATABASES["default"]
print(json.dumps({
    "debug": s.DEBUG,
    "db_engine": db["ENGINE"], "db_name": str(db["NAME"]), "db_host": db.get("HOST"),
    "db_port": db.get("PORT"), "db_user": db.get("USER"),
    "cache": s.CACHES["default"]["BACKEND"], "cache_location": s.CACHES["default"].get("LOCATION"),
    "broker": app.conf.broker_url, "result_backend": app.conf.result_backend,
    "eager": app.conf.task_always_eager,
    "email_backend": s.EMAIL_BACKEND, "email_host": s.EMAIL_HOST, "email_port": s.EMAIL_PORT,
    "allowed_hosts": s.ALLOWED_HOSTS, "staff_two_factor": s.STAFF_REQUIRE_TWO_FACTOR,
    "ssl_redirect": s.SECURE_SSL_REDIRECT, "hsts": s.SECURE_HSTS_SECONDS,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
}))
"""


def settings_under(**env: str) -> dict:
    return _settings_under(tuple(sorted(env.items())))


@cache  # one interpreter per distinct environment: several tests read the same one
def _settings_under(env: tuple[tuple[str, str], ...]) -> dict:
    result = run_django(["-c", SHOW_SETTINGS], dict(env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_database_is_a_local_sqlite_file_by_default():
    settings = settings_under(**DEMO)
    assert settings["db_engine"] == "django.db.backends.sqlite3"
    assert settings["db_name"].endswith("/db.sqlite3")


def test_database_url_selects_postgresql():
    settings = settings_under(
        **DEMO, DATABASE_URL="postgres://portal:pw@db.internal:5433/alliance_prod"
    )
    assert settings["db_engine"] == "django.db.backends.postgresql"
    assert (settings["db_name"], settings["db_host"], settings["db_user"]) == (
        "alliance_prod",
        "db.internal",
        "portal",
    )
    assert settings["db_port"] == 5433


def test_without_redis_tasks_run_inline_and_the_cache_is_local_memory():
    settings = settings_under(**DEMO)
    assert settings["eager"] is True
    assert settings["broker"] == "memory://"
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_makes_redis_the_broker_result_store_and_cache():
    url = "redis://cache.internal:6379/2"
    settings = settings_under(**DEMO, REDIS_URL=url)
    assert settings["eager"] is False
    assert settings["broker"] == url
    assert settings["result_backend"] == url
    assert settings["cache"] == "alliance.cache.FailOpenRedisCache"  # Django's, failing open
    assert settings["cache_location"] == url


def test_email_url_configures_the_mail_server():
    settings = settings_under(**DEMO, EMAIL_URL="smtp://mailer:secret@smtp.internal:587")
    assert settings["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["email_host"], settings["email_port"]) == ("smtp.internal", 587)


def test_mail_goes_to_the_console_by_default():
    assert settings_under(**DEMO)["email_backend"] == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_staff_need_two_factor_unless_the_demo_switches_it_off():
    assert settings_under(**DEMO)["staff_two_factor"] is True
    assert settings_under(**DEMO, STAFF_REQUIRE_TWO_FACTOR="false")["staff_two_factor"] is False


def test_production_defaults_switch_on_https_protections():
    settings = settings_under(SECRET_KEY=REAL_SECRET, ALLOWED_HOSTS="portal.example")
    assert settings["debug"] is False
    assert settings["ssl_redirect"] is True
    assert settings["hsts"] >= 60 * 60 * 24 * 365
    assert settings["session_cookie_secure"] is True
    assert settings["allowed_hosts"] == ["portal.example"]


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="no-secret-key"),
        pytest.param({"SECRET_KEY": "short"}, id="short-secret-key"),
        pytest.param({"DEBUG": "false", "SECRET_KEY": ""}, id="empty-secret-key"),
    ],
)
def test_the_portal_refuses_to_start_without_a_real_secret_key_when_debug_is_off(env):
    result = run_django(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_development_key_is_only_accepted_with_debug_on():
    assert run_django(["manage.py", "check"], DEMO).returncode == 0


def test_deploy_check_passes_without_a_single_warning_when_debug_is_off():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {"SECRET_KEY": REAL_SECRET, "ALLOWED_HOSTS": "portal.example"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
