"""GET /healthz: 200 with each dependency's state; 503 when the database does not answer. The
failure cases run the portal in a subprocess pointed at ports where nothing listens."""

from __future__ import annotations

import json
import secrets
import socket

from tests.conftest import redis_url_or_skip, run_django

# Runs in a subprocess: one request to /healthz through the whole middleware stack.
GET_HEALTHZ = """
import json, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def closed_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz_under(settings_module: str = "tests.settings", **env: str) -> tuple[int, dict]:
    result = run_django(["-c", GET_HEALTHZ], {"DEBUG": "true", **env}, settings_module)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["status"], answer["body"]


def test_healthz_answers_200_with_the_state_of_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert "broker" in body["checks"]


def test_healthz_is_never_cached(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_database_is_unreachable():
    status, body = healthz_under(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/x")
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("down")
    assert body["checks"]["cache"] == "ok"


def test_healthz_reports_redis_down_but_stays_up_while_the_database_answers(tmp_path):
    status, body = healthz_under(
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0",
    )
    assert status == 200
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("down")
    assert body["checks"]["broker"].startswith("down")


def test_healthz_reports_a_working_redis_as_cache_and_broker(tmp_path):
    url = redis_url_or_skip()
    status, body = healthz_under(DATABASE_URL=f"sqlite:///{tmp_path / 'h.sqlite3'}", REDIS_URL=url)
    assert status == 200
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_without_redis_says_tasks_run_inline(tmp_path):
    status, body = healthz_under(DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}")
    assert status == 200
    assert body["checks"]["broker"] == "not configured (tasks run inline)"


def test_healthz_is_served_over_plain_http_in_production(tmp_path):
    """Load balancers probe over plain HTTP behind the TLS proxy: no redirect to HTTPS."""
    status, body = healthz_under(
        "alliance.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
    )
    assert status == 200
    assert body["status"] == "ok"
