"""Every wait on a dependency is bounded, and the settings that make tasks survive are on (issue
12, "timeouts everywhere" and "tasks that survive"). Each case starts Django in a fresh interpreter
with the production configuration under test, as tests/alliance/test_settings.py does."""

from __future__ import annotations

import json
import secrets
from functools import cache

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection

from tests.conftest import run_django

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/alliance",
    "REDIS_URL": "redis://redis.internal:6379/0",
}
SHOW = """
import json, django
django.setup()
from django.conf import settings as s
from alliance.celery import app
worker = dict(s.DATABASES["default"]["OPTIONS"])
from alliance.wsgi import use_the_web_statement_timeout  # what the web server does at start
print(json.dumps({
    "worker_db": worker, "web_db": s.DATABASES["default"]["OPTIONS"],
    "cache": s.CACHES["default"]["OPTIONS"], "email_timeout": s.EMAIL_TIMEOUT,
    "transport": app.conf.broker_transport_options,
    "publish_retry": app.conf.task_publish_retry_policy,
    "acks_late": app.conf.task_acks_late, "reject_lost": app.conf.task_reject_on_worker_lost,
    "time_limit": app.conf.task_time_limit, "ignore_result": app.conf.task_ignore_result,
    "result_timeout": app.conf.redis_socket_timeout,
    "backoff_max": s.TASK_RETRY_BACKOFF_MAX,
}))
"""


@cache
def production() -> dict:
    result = run_django(["-c", SHOW], PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_connections_and_web_statements_give_up_in_seconds():
    web = production()["web_db"]
    assert web["connect_timeout"] == 3
    assert web["options"] == "-c statement_timeout=30s -c jit=off"
    assert web["keepalives"] == 1


def test_the_worker_beat_and_commands_allow_a_statement_as_long_as_a_task():
    assert production()["worker_db"]["options"] == "-c statement_timeout=300s -c jit=off"
    assert production()["worker_db"]["connect_timeout"] == 3


def test_redis_calls_wait_about_a_second_for_the_cache_the_broker_and_the_results():
    config = production()
    assert config["cache"] == {"socket_timeout": 1.0, "socket_connect_timeout": 1.0}
    assert config["transport"]["socket_timeout"] == 1.0
    assert config["transport"]["socket_connect_timeout"] == 1.0
    assert config["result_timeout"] == 2.0
    assert config["publish_retry"]["max_retries"] == 1


def test_a_mail_server_that_stops_answering_fails_the_send_after_ten_seconds():
    assert production()["email_timeout"] == 10


def test_a_task_survives_its_worker_and_is_handed_back_after_the_longest_wait_and_run():
    config = production()
    assert config["acks_late"] is True
    assert config["reject_lost"] is True
    longest = config["time_limit"] + config["backoff_max"]  # a retry's wait, then a full run
    assert longest < config["transport"]["visibility_timeout"] <= longest + 60


def test_no_web_process_waits_on_a_task_result():
    assert production()["ignore_result"] is True


def test_every_scheduled_job_has_catch_up_runs_later_the_same_day():
    by_task: dict[str, list[crontab]] = {}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if isinstance(entry["schedule"], crontab):
            by_task.setdefault(entry["task"], []).append(entry["schedule"])
    assert set(by_task) == {
        "alliance.tasks.flag_inactive_members",
        "deals.programmes.tasks.remind_missing_sla_reports",
        "lessons.tasks.send_weekly_digests",
        "partners.tasks.remind_and_expire_introductions",
        "partners.tasks.send_application_digests",
    }
    for task, schedules in by_task.items():
        first = min(min(s.hour) for s in schedules)
        hours = set().union(*(s.hour for s in schedules))
        assert set(range(first, 24)) <= hours, f"{task} has no catch-up run after {first}:00"


def test_beat_sends_the_outboxs_pending_messages_every_half_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-send-pending"]
    assert (entry["task"], entry["schedule"]) == ("alliance.outbox.send_pending", 30.0)


SHOW_STATEMENT_TIMEOUT = """
import django
django.setup()
if WEB:
    import alliance.wsgi  # noqa: F401 - what gunicorn loads
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
"""


def statement_timeout_of(process: str) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); CI sets it")
    db = connection.settings_dict  # the test database
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    script = f"WEB = {process == 'web'}\n" + SHOW_STATEMENT_TIMEOUT
    result = run_django(["-c", script], {"DEBUG": "true", "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_gives_up_on_a_web_statement_after_30_s_and_on_a_task_after_5_min(db):
    assert statement_timeout_of("web") == "30s"
    assert statement_timeout_of("worker") == "5min"
