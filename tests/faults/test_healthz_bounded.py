"""/healthz answers within about two seconds whatever its dependencies do: here Redis accepts
connections and never answers, as when the network drops packets (issue 12, case 2)."""

from __future__ import annotations

import json

from tests.conftest import run_django

TIMED_HEALTHZ = """
import json, time, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
Client().get("/healthz")  # the first request loads the URLconf: time a warm process, as in gunicorn
started = time.monotonic()
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json(),
                  "seconds": time.monotonic() - started}))
"""


def test_healthz_answers_within_two_seconds_when_redis_never_answers(tmp_path, silent_port):
    result = run_django(
        ["-c", TIMED_HEALTHZ],
        {
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
            "REDIS_URL": f"redis://127.0.0.1:{silent_port}/0",
        },
        "tests.settings",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["status"] == 200
    assert answer["body"]["checks"]["database"] == "ok"
    assert answer["body"]["checks"]["cache"].startswith("down")
    assert answer["body"]["checks"]["broker"].startswith("down")
    assert answer["seconds"] < 2.5  # it waits 1.5 s for the checks at most
