"""The production shape, run on this machine for the fault tests: gunicorn, a Celery worker (the
prefork pool, as in production) and Celery beat (django-celery-beat's DatabaseScheduler), each a
subprocess that reaches PostgreSQL and Redis through a `FaultProxy` and sends its mail to an
`SmtpSink`. The test itself talks to PostgreSQL and Redis directly, to set up and to check."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.conftest import CONFIG_VARIABLES, ROOT
from tests.faults.proxy import FaultProxy
from tests.faults.smtp import SmtpSink

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def through(url: str, port: int) -> str:
    """`url` with its host and port replaced by the local proxy's."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    return parts._replace(netloc=f"{userinfo}@127.0.0.1:{port}".lstrip("@")).geturl()


def wait_until(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def children(self) -> list[int]:
        """Pids of this process's direct children (a worker's pool processes)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.popen.pid:
                    found.append(int(stat.parent.name))
        return found

    def stop(self, *, graceful: bool = True) -> None:
        """Stop the process and whatever it started (its group: orphans of a `kill -9` too)."""
        if graceful:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(15)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(5)


@dataclass
class Stack:
    database_url: str  # the test database, direct
    redis_url: str  # the test Redis database, direct
    workdir: Path
    queue: str = field(default_factory=lambda: f"faults-{uuid.uuid4().hex[:12]}")
    processes: list[Process] = field(default_factory=list)

    def __post_init__(self) -> None:
        db, redis = urlsplit(self.database_url), urlsplit(self.redis_url)
        self.postgres = FaultProxy(db.hostname or "127.0.0.1", db.port or 5432)
        self.redis = FaultProxy(redis.hostname or "127.0.0.1", redis.port or 6379)
        self.smtp = SmtpSink()
        self.web_port = free_port()
        self.env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
        self.env |= {
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DEBUG": "false",
            "FAULTS_QUEUE": self.queue,
            "DATABASE_URL": through(self.database_url, self.postgres.port),
            "REDIS_URL": through(self.redis_url, self.redis.port),
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "PYTHONUNBUFFERED": "1",
        }

    # --- processes ---------------------------------------------------------------------------
    def _start(self, name: str, args: list[str]) -> Process:
        log = self.workdir / f"{name}-{len(self.processes)}.log"
        popen = subprocess.Popen(
            args,
            cwd=ROOT,
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_web(self, wait: bool = True) -> Process:
        web = self._start(
            "web",
            [
                str(BIN / "gunicorn"),
                "alliance.wsgi:application",
                f"--bind=127.0.0.1:{self.web_port}",
                "--workers=2",
                "--preload",
                "--timeout=60",
                "--graceful-timeout=2",
            ],
        )
        if wait:
            self.wait_for_web(web)
        return web

    def wait_for_web(self, web: Process) -> None:
        wait_until(lambda: self._answers() or not web.alive(), 60, f"gunicorn to start: {web.log}")
        assert web.alive(), web.output()

    def start_worker(self) -> Process:
        worker = self._start(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "alliance",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                f"--queues={self.queue}",
                f"--hostname={self.queue}-{len(self.processes)}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
        )
        wait_until(
            lambda: "ready." in worker.output() or not worker.alive(), 60, "the worker to start"
        )
        assert worker.alive(), worker.output()
        return worker

    def start_beat(self) -> Process:
        beat = self._start(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "alliance",
                "beat",
                "--loglevel=INFO",
                "--scheduler=django_celery_beat.schedulers:DatabaseScheduler",
                "--max-interval=1",
                f"--pidfile={self.workdir / 'beat.pid'}",
            ],
        )
        wait_until(
            lambda: "beat: Starting" in beat.output() or not beat.alive(), 60, "beat to start"
        )
        assert beat.alive(), beat.output()
        return beat

    def close(self) -> None:
        for process in reversed(self.processes):
            process.stop(graceful=False)  # the test run is over: nothing to finish
        self.postgres.close()
        self.redis.close()
        self.smtp.close()

    # --- HTTP --------------------------------------------------------------------------------
    def _answers(self) -> bool:
        try:
            return self.browser().get("/healthz").status in {200, 503}
        except OSError:
            return False

    def browser(self) -> Browser:
        return Browser(self.web_port)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.body)


class Browser:
    """A visitor to the portal over HTTP: keeps its cookies and sends the CSRF token back."""

    def __init__(self, port: int, timeout: float = 30) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes = b"", headers=None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = {"Host": "127.0.0.1", **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        try:
            connection.request(method, path, body=body or None, headers=sent)
            answer = connection.getresponse()
            content = answer.read().decode(errors="replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return Response(answer.status, dict(answer.headers), content, time.monotonic() - started)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Response:
        """Submit a form as a browser does after loading it (the CSRF cookie and field)."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        data = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        if files is None:
            body = urlencode(data, doseq=True).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            body, kind = multipart(data, files)
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": kind, "Referer": f"http://127.0.0.1:{self.port}{path}"},
        )

    def sign_in(self, email: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"login": email, "password": password})


def multipart(fields: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            parts.append(f"{head}{item}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
