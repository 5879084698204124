"""Django's Redis cache, failing open: when Redis is unreachable, the portal keeps working.

Everything the portal keeps in the cache can be lost without harm: rate-limit counters (ours,
allauth's sign-in limits, DRF's API throttles) and TOTP codes already used. So a Redis error is
logged (once per breaker window) and answered as an empty cache would answer: `get` misses,
writes do nothing, `add` succeeds (allauth takes its rate-limit lock with `add`: refusing it would
refuse every sign-in), `incr` counts from zero. Rate limits are therefore not enforced while Redis
is down, and a TOTP code may be used twice within its 30 seconds: a deliberate trade for sign-in
and the forms staying up. Each call waits at most the socket timeouts of `OPTIONS`; after one
failure the breaker skips Redis for a few seconds (alliance.breaker).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from alliance.breaker import cache_breaker

CONSEQUENCE = "the cache fails open: rate limits and throttles are not enforced meanwhile"


def _fail_open(fallback: Callable[..., Any]) -> Callable:
    """Run the Redis call; on a Redis or socket error, trip the breaker and return the fallback,
    computed from the call's arguments."""

    def decorate(method: Callable) -> Callable:
        @wraps(method)
        def call(self, *args, **kwargs):
            if cache_breaker.is_open():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                cache_breaker.trip(error, CONSEQUENCE)
                return fallback(*args, **kwargs)
            return result

        return call

    return decorate


def _nothing(*args, **kwargs) -> None:
    return None


class FailOpenRedisCacheClient(RedisCacheClient):
    add = _fail_open(lambda key, value, timeout: True)(RedisCacheClient.add)
    get = _fail_open(lambda key, default: default)(RedisCacheClient.get)
    set = _fail_open(_nothing)(RedisCacheClient.set)
    touch = _fail_open(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _fail_open(lambda key: False)(RedisCacheClient.delete)
    get_many = _fail_open(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _fail_open(lambda key: False)(RedisCacheClient.has_key)
    incr = _fail_open(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _fail_open(_nothing)(RedisCacheClient.set_many)
    delete_many = _fail_open(_nothing)(RedisCacheClient.delete_many)
    clear = _fail_open(lambda: False)(RedisCacheClient.clear)

    def ping(self) -> bool:
        """Ask Redis itself, past the breaker: for /healthz, which must tell the truth."""
        return bool(self.get_client(write=True).ping())


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient

    def ping(self) -> bool:
        answered = self._cache.ping()
        cache_breaker.reset()
        return answered
