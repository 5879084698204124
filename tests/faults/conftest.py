"""Fixtures of the fault tests: the production shape (gunicorn, a Celery worker, beat) behind
fault proxies in front of PostgreSQL and Redis, mail to an SMTP sink (tests/faults/stack.py).

They need PostgreSQL and Redis (CI provides both; elsewhere they skip, except under CI=true where a
skip fails). Web and worker start once per run; beat starts in the tests that need it. Each test
leaves the proxies restored and a worker running. The figures the tests measure are printed at the
end of the run.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import redis_url_or_skip
from tests.faults.stack import Process, Stack

FIGURES: list[tuple[str, str]] = []


def record(what: str, figure: str) -> None:
    """A measured figure, printed in the run's summary."""
    FIGURES.append((what, figure))


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("fault figures")
        for what, figure in FIGURES:
            terminalreporter.write_line(f"{what}: {figure}")


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL") or pytest.skip(
        "the fault tests need REDIS_URL (Redis behind a fault proxy); CI sets it"
    )
    redis_url_or_skip()
    return url


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Stack]:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the fault tests need PostgreSQL (DATABASE_URL); CI sets it")
    redis_url = _redis_url()
    db = connection.settings_dict  # the test database, which pytest-django has just made
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    running = Stack(database_url, redis_url, tmp_path_factory.mktemp("stack"))
    try:
        web = running.start_web(wait=False)  # both start at once
        running.start_worker()
        running.wait_for_web(web)
        yield running
    finally:
        running.close()


@pytest.fixture
def faults(stack: Stack, transactional_db) -> Iterator[Stack]:
    """The running stack, every fault restored, nothing delivered yet; the test process publishes
    its own tasks (outbox sends) to the stack's queue, through Redis, not eagerly."""
    from alliance.celery import app

    stack.smtp.delivered.clear()
    if not any(p.alive() for p in stack.processes if p.name == "worker"):
        stack.start_worker()
    default_queue = app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = stack.queue
    app.amqp.__dict__.pop("queues", None)  # rebuilt from the new default queue
    try:
        yield stack
    finally:
        stack.postgres.restore()
        stack.redis.restore()
        stack.smtp.release()
        app.conf.task_default_queue = default_queue
        app.amqp.__dict__.pop("queues", None)


@pytest.fixture
def beat(faults: Stack) -> Iterator[Process]:
    """Celery beat with the DatabaseScheduler, stopped before the test's tables are emptied."""
    process = faults.start_beat()
    try:
        yield process
    finally:
        process.stop(graceful=False)  # its state is in the database


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port where a server accepts connections and never answers: a network dropping packets,
    as a client sees it (the connection opens, no reply ever comes)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A local port where nothing listens: a server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
