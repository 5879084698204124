"""The portal served as in production for the benchmark: gunicorn with
alliance/gunicorn_conf.py, DEBUG off, static files collected and served by whitenoise, plus
BENCH_MODE (the floor view and the query count header) and API rate limits high enough not to be
what is measured."""

from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent


def database_url(settings_dict: dict) -> str:
    """The URL of a Django database (so the server uses the database the benchmark looked at)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database: str, secret_key: str, workers: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the real settings, not the tests'
    env |= {
        "DEBUG": "false",
        "BENCH_MODE": "true",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "API_THROTTLE_USER": "1000000/min",
        "API_THROTTLE_ANON": "1000000/min",
        "GUNICORN_ACCESSLOG": "",
        "PYTHONPATH": str(ROOT),
    }
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    return env


class Server:
    """`with Server(...) as server:` serves the portal on `server.url` until the block ends."""

    def __init__(self, *, database: str, secret_key: str, workers: int | None = None) -> None:
        self.env = server_environment(database, secret_key, workers)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="alliance-bench-", suffix=".log")  # noqa: SIM115
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "gunicorn", "-c", "alliance/gunicorn_conf.py",
             "--bind", f"127.0.0.1:{self.port}", "alliance.wsgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_until_up()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(f"{self.url}/healthz")  # noqa: S310 - http, loopback
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(request, timeout=5):  # noqa: S310 - http, loopback
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def describe(self) -> str:
        """The gunicorn settings in force, as alliance/gunicorn_conf.py computes them for this
        run."""
        previous = dict(os.environ)
        os.environ.update(self.env)
        try:
            namespace = runpy.run_path(str(ROOT / "alliance" / "gunicorn_conf.py"))
        finally:
            os.environ.clear()
            os.environ.update(previous)
        return (
            f"gunicorn {namespace['worker_class']}, {namespace['workers']} workers × "
            f"{namespace['threads']} threads (alliance/gunicorn_conf.py), DEBUG off, whitenoise."
        )

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def worker_memory(self) -> dict[int, tuple[int, int]]:
        """{worker pid: (resident KB now, peak resident KB)} where /proc tells (Linux)."""
        memory = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rss = int(values.get("VmRSS", "0 kB").split()[0])
            hwm = int(values.get("VmHWM", "0 kB").split()[0])
            memory[pid] = (rss, hwm)
        return memory
