"""GET /healthz: each dependency's state, for load balancers and monitoring."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alliance.celery import app as celery_app


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "down", reported as such
        return f"down: {error.__class__.__name__}"
    return "ok"


def _cache_state() -> str:
    try:
        cache.set("healthz", "ok", 5)
        return "ok" if cache.get("healthz") == "ok" else "down: value not read back"
    except Exception as error:  # noqa: BLE001
        return f"down: {error.__class__.__name__}"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run inline)"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return f"down: {error.__class__.__name__}"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; 503 when it does not. Cache and broker are reported, but
    only the database decides, since without it no page can be served."""
    checks = {"database": _database_state(), "cache": _cache_state(), "broker": _broker_state()}
    healthy = checks["database"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
