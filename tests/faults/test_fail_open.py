"""With the cache (Redis) down, the portal degrades instead of failing: rate limits and
throttles are not enforced (and that is logged), sign-in, the API and the public forms work, and
a Redis that never answers costs one short timeout, not a hung request (alliance.cache)."""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import caches
from rest_framework.authtoken.models import Token

from alliance.breaker import cache_breaker
from partners.models import Partner
from tests.factories import DEFAULT_PASSWORD
from tests.faults.test_rate_limits import APPLY, partner_application

pytestmark = pytest.mark.django_db


def redis_cache_at(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "alliance.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_timeout": 1.0, "socket_connect_timeout": 1.0},
        }
    }


@pytest.fixture
def cache_down(settings, closed_port):
    cache_breaker.reset()
    settings.CACHES = redis_cache_at(closed_port)
    yield caches["default"]
    cache_breaker.reset()


@pytest.fixture
def cache_silent(settings, silent_port):
    cache_breaker.reset()
    settings.CACHES = redis_cache_at(silent_port)
    yield caches["default"]
    cache_breaker.reset()


def test_a_cache_that_is_down_answers_as_an_empty_cache_would_and_says_so_once(cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="alliance.faults"):
        assert cache_down.get("key") is None
        assert cache_down.get("key", "default") == "default"
        assert cache_down.add("lock", True) is True  # allauth's rate-limit lock must not refuse
        assert cache_down.incr("counter") == 1
        cache_down.set("key", "value")
        cache_down.delete("key")

    [warning] = caplog.messages
    assert warning.startswith("The cache (Redis) unreachable")
    assert "rate limits and throttles are not enforced" in warning


def test_a_cache_that_never_answers_costs_one_timeout_then_is_skipped(cache_silent):
    started = time.monotonic()
    assert cache_silent.get("key") is None
    first = time.monotonic() - started
    for _ in range(20):
        cache_silent.get("key")
    following = time.monotonic() - started - first

    assert 0.9 < first < 2
    assert following < 0.1


def test_people_sign_in_with_the_cache_down(client, member, cache_down):
    signing_in = {"login": member.email, "password": DEFAULT_PASSWORD}
    response = client.post("/accounts/login/", signing_in)

    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_the_api_answers_with_the_cache_down(client, member, cache_down):
    token = Token.objects.create(user=member)

    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


def test_the_onboarding_form_takes_applications_with_the_cache_down(client, cache_down):
    for n in range(7):  # past the hourly limit: nothing can be counted, so nobody is refused
        assert client.post(APPLY, partner_application(n)).status_code == 302

    assert Partner.objects.count() == 7
