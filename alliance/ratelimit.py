"""One rate limiter for the portal's public forms: a count per client address per window.

A form asks `is_used_up(limit, request)` before it saves anything and calls `count(limit,
request)` once a submission is accepted, so that invalid submissions (a typo, a missing field)
never use up a visitor's allowance. Counters live in the cache: with Redis they hold across every
web worker; without it (development) each process counts on its own. The cache fails open
(alliance.cache): while Redis is down nothing is counted and nobody is refused, which is logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int
    window_seconds: int

    def key(self, request: HttpRequest) -> str:
        # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites
        # it; behind a proxy, the proxy must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips).
        return f"ratelimit:{self.name}:{request.META.get('REMOTE_ADDR', 'unknown')}"


def is_used_up(limit: Limit, request: HttpRequest) -> bool:
    """True when this client has already had its `allowed` accepted submissions in the window."""
    return (cache.get(limit.key(request)) or 0) >= limit.allowed


def count(limit: Limit, request: HttpRequest) -> None:
    """Count one accepted submission against this client's allowance."""
    key = limit.key(request)
    # The window starts with the first accepted submission; add() never extends it.
    cache.add(key, 0, timeout=limit.window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=limit.window_seconds)
