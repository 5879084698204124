"""Shared fixtures: the personas every permission matrix is written over, and test settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import (
    ManagerMembershipFactory,
    MembershipFactory,
    OperatorFactory,
    UserFactory,
)

# In CI every test must run: a skip there means a missing service or browser, which is a failure.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _fail_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped under CI=true, where nothing may skip: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    _fail_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    _fail_skip_in_ci(report)
    return report


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Mail to the in-memory outbox, tasks inline, and no cross-test rate-limit state."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    from alliance.celery import app

    app.conf.task_always_eager = True
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def operator(db):
    return OperatorFactory(name="Orange", slug="orange", hq_country="FR")


@pytest.fixture
def other_operator(db):
    return OperatorFactory(name="Millicom", slug="millicom", hq_country="LU")


@pytest.fixture
def member(operator):
    """A member (not manager) of `operator`."""
    return MembershipFactory(operator=operator, user__email="member@orange.example").user


@pytest.fixture
def manager(operator):
    return ManagerMembershipFactory(operator=operator, user__email="manager@orange.example").user


@pytest.fixture
def other_member(other_operator):
    return MembershipFactory(operator=other_operator, user__email="member@millicom.example").user


@pytest.fixture
def other_manager(other_operator):
    return ManagerMembershipFactory(
        operator=other_operator, user__email="manager@millicom.example"
    ).user


@pytest.fixture
def admin_user(db):
    """Staff with TOTP two-factor set up, as production requires."""
    from allauth.mfa.models import Authenticator

    user = UserFactory(email="admin@alliance.example", is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


PERSONAS = ["anonymous", "member", "manager", "other_member", "other_manager", "admin_user"]


# --- Blocs: `operator` (Orange) and `bloc_operator` (TeliaSonera) are active members of `bloc`;
# `other_operator` (Millicom) is not. `bloc_member` is the bloc persona of the visibility matrices.
@pytest.fixture
def bloc_operator(db):
    return OperatorFactory(name="TeliaSonera", slug="teliasonera", hq_country="SE")


@pytest.fixture
def bloc_member(bloc_operator):
    return MembershipFactory(operator=bloc_operator, user__email="member@teliasonera.example").user


@pytest.fixture
def bloc_manager(bloc_operator):
    return ManagerMembershipFactory(
        operator=bloc_operator, user__email="manager@teliasonera.example"
    ).user


@pytest.fixture
def bloc(operator, bloc_operator):
    from tests.factories import bloc_of

    return bloc_of(operator, bloc_operator, name="M2M bloc", slug="m2m-bloc")


@pytest.fixture
def persona(request):
    """Resolve a persona name from PERSONAS to a user (None for anonymous); use with
    `@pytest.mark.parametrize("persona", [...], indirect=True)`."""
    if request.param == "anonymous":
        return None
    return request.getfixturevalue(request.param)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (or anonymous for None)."""

    def _client(user):
        if user is not None:
            client.force_login(user)
        return client

    return _client


# --- Running Django in a subprocess with a controlled environment ---------------------------------
# Settings are read once per process, so each configuration under test runs in its own interpreter.
ROOT = Path(__file__).resolve().parent.parent
CONFIG_VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "STAFF_REQUIRE_TWO_FACTOR",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_CONNECT_TIMEOUT",
    "DATABASE_STATEMENT_TIMEOUT",
    "REDIS_TIMEOUT",
    "TASK_TIME_LIMIT",
    "EMAIL_TIMEOUT",
    "PITCH_DECK_MAX_MB",
    "DEALS_IMPORT_MAX_MB",
]


def run_django(
    args: list[str], env: dict[str, str], settings_module: str = "alliance.settings"
) -> subprocess.CompletedProcess[str]:
    """Run `python <args>` in the project root with only `env` set of the portal's variables."""
    clean = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    clean |= {"DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(ROOT)} | env
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def redis_url_or_skip() -> str:
    """The test Redis: REDIS_URL if set (CI sets it), else the local default if one answers."""
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url} ({error.__class__.__name__}); CI provides it")
    return url
