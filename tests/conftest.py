"""Shared fixtures: the personas every permission matrix is written over, and test settings."""

from __future__ import annotations

import os

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
