"""A circuit breaker per dependency (cache, broker), per process.

When Redis drops packets, every call to it waits for its socket timeout. After one failure the
breaker stays open for `settings.DEPENDENCY_RECHECK_SECONDS`: callers skip the dependency at once
(and take their fallback) instead of each waiting a second, and the failure is logged once per
window rather than once per call. The first call after the window tries the dependency again.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings

logger = logging.getLogger("alliance.faults")


class Breaker:
    def __init__(self, name: str) -> None:
        self.name = name
        self._open_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def trip(self, error: BaseException, consequence: str) -> None:
        """Record a failure: log it (once per window) and skip the dependency for a while."""
        seconds = settings.DEPENDENCY_RECHECK_SECONDS
        if not self.is_open():
            logger.warning(
                "%s unreachable (%s: %s); %s. Trying it again in %s s.",
                self.name,
                error.__class__.__name__,
                error,
                consequence,
                seconds,
            )
        self._open_until = time.monotonic() + seconds

    def reset(self) -> None:
        if self._open_until:
            logger.info("%s reachable again.", self.name)
        self._open_until = 0.0


cache_breaker = Breaker("The cache (Redis)")
broker_breaker = Breaker("The Celery broker (Redis)")
