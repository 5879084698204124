"""GET /healthz: each dependency's state, for load balancers and monitoring.

The three checks run side by side, each in a thread of its own, and the answer waits for them at
most HEALTHZ_WAIT_SECONDS in all: a dependency that does not answer by then (Redis dropping
packets, a database that hangs) is reported down without holding the probe, so /healthz answers
within about two seconds whatever happens. A check still running is left to finish on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alliance.celery import app as celery_app
from alliance.views.errors import RETRY_AFTER_SECONDS

HEALTHZ_WAIT_SECONDS = 1.5


def _database() -> None:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # this thread's own connection; the thread ends here


def _cache() -> None:
    if hasattr(cache, "ping"):  # Redis behind the fail-open cache: ask Redis itself
        cache.ping()
    else:
        cache.set("healthz", "ok", 5)
        if cache.get("healthz") != "ok":
            raise RuntimeError("value not read back")


def _broker() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run inline)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=HEALTHZ_WAIT_SECONDS)
    return "ok"


def _run_all(checks: dict[str, Callable[[], str | None]]) -> dict[str, str]:
    states = dict.fromkeys(checks, f"down: no answer within {HEALTHZ_WAIT_SECONDS} s")

    def run(name: str, check: Callable[[], str | None]) -> None:
        try:
            states[name] = check() or "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "down", reported as such
            states[name] = f"down: {error.__class__.__name__}"

    threads = [
        threading.Thread(target=run, args=item, daemon=True, name=f"healthz-{item[0]}")
        for item in checks.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + HEALTHZ_WAIT_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return dict(states)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; 503 when it does not. Cache and broker are reported, but
    only the database decides, since without it no page can be served."""
    checks = _run_all({"database": _database, "cache": _cache, "broker": _broker})
    healthy = checks["database"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
        headers={} if healthy else {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
