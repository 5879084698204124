"""docker-compose.yml and the Dockerfile: read and checked here, since no Docker engine runs on
this machine; the worker's command and health check are also run for real against local Redis."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, redis_url_or_skip, run_django

SERVICES = {"web", "worker", "beat", "postgres", "redis"}
APP_SERVICES = ["web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${NAME:-default}` and `${NAME:?error}` substitution, for the forms we use."""

    def replace(match: re.Match) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if op == ":?":
            raise KeyError(f"{name}: {arg}")
        return arg or ""

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", replace, value)


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return command if isinstance(command, list) else shlex.split(command)


def test_compose_brings_up_web_worker_beat_postgres_and_redis(compose):
    assert set(compose["services"]) == SERVICES
    assert compose["services"]["postgres"]["image"] == "postgres:15"
    assert compose["services"]["redis"]["image"] == "redis:7"
    for name in APP_SERVICES:
        assert compose["services"][name]["build"] == "."


def test_every_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        assert check and check["test"][0] in {"CMD", "CMD-SHELL"}, f"{name} has no health check"
        assert check.get("interval") and check.get("retries"), name


def test_data_lives_in_named_volumes(compose):
    declared = set(compose["volumes"])
    assert {"postgres-data", "redis-data", "media"} <= declared
    mounts = {
        mount.split(":")[0]: (name, mount.split(":")[1])
        for name, service in compose["services"].items()
        for mount in service.get("volumes", [])
    }
    assert mounts["postgres-data"] == ("postgres", "/var/lib/postgresql/data")
    assert mounts["redis-data"] == ("redis", "/data")
    assert mounts["media"] == ("web", "/app/media")
    assert set(mounts) <= declared, "a service mounts an undeclared volume"


def test_web_migrates_collects_static_files_then_serves_with_gunicorn(compose):
    command = command_of(compose["services"]["web"])
    assert command[:2] == ["sh", "-c"]
    steps = [step.strip() for step in command[2].split("&&")]
    assert steps[0] == "python manage.py migrate --noinput"
    assert steps[1] == "python manage.py collectstatic --noinput"
    assert steps[2].startswith("exec gunicorn alliance.wsgi:application --bind 0.0.0.0:8000")
    assert compose["services"]["web"]["ports"] == ["8000:8000"]


def test_worker_and_beat_run_the_portals_celery_app(compose):
    assert command_of(compose["services"]["worker"])[:4] == ["celery", "-A", "alliance", "worker"]
    beat = command_of(compose["services"]["beat"])
    assert beat[:4] == ["celery", "-A", "alliance", "beat"]
    scheduler = beat[beat.index("--scheduler") + 1]
    assert scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_app_services_start_after_their_dependencies_are_healthy(compose):
    services = compose["services"]
    assert services["web"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ["worker", "beat"]:  # they wait for web, which applies the migrations
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_app_services_share_one_production_configuration(compose):
    envs = [compose["services"][name]["environment"] for name in APP_SERVICES]
    assert envs[0] == envs[1] == envs[2]
    env = envs[0]
    assert env["DEBUG"] == "false"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert ":?" in env["SECRET_KEY"], "SECRET_KEY must be required, never defaulted"
    postgres = compose["services"]["postgres"]["environment"]
    database_url = interpolate(env["DATABASE_URL"], {})
    assert database_url == (
        f"postgres://{postgres['POSTGRES_USER']}:{interpolate(postgres['POSTGRES_PASSWORD'], {})}"
        f"@postgres:5432/{postgres['POSTGRES_DB']}"
    )
    with pytest.raises(KeyError, match="SECRET_KEY"):
        interpolate(env["SECRET_KEY"], {})


def test_the_compose_environment_passes_the_deploy_check(compose):
    given = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "portal.example.com"}
    env = {
        name: interpolate(value, given)
        for name, value in compose["services"]["web"]["environment"].items()
    }
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_web_health_check_is_valid_python_that_probes_healthz(compose):
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    compile(test[3], "web healthcheck", "exec")
    assert "http://127.0.0.1:8000/healthz" in test[3]


def test_the_image_is_python_311_slim_running_as_a_non_root_user(dockerfile):
    lines = [line.strip() for line in dockerfile.splitlines() if line.strip()]
    assert lines[[line.startswith("#") for line in lines].index(False)] == ("FROM python:3.11-slim")
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert "RUN pip install -r requirements.txt" in lines
    assert "requirements-dev.txt" not in dockerfile
    assert 'CMD ["gunicorn", "alliance.wsgi:application"' in dockerfile


def test_the_image_leaves_local_files_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "db.sqlite3", "tests"} <= ignored


def test_the_worker_command_starts_and_answers_its_health_check(compose, tmp_path):
    """The compose worker command and its health check, run here against the local Redis."""
    base = redis_url_or_skip()
    url = base.rsplit("/", 1)[0] + "/15"  # a database of its own: no other test's tasks
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    } | {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "REDIS_URL": url,
    }
    bin_dir = Path(sys.executable).parent
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [str(bin_dir / "celery"), *command_of(compose["services"]["worker"])[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    health = compose["services"]["worker"]["healthcheck"]["test"][1].replace("$$", "$")
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text() and worker.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        probe = subprocess.run(
            ["sh", "-c", health],
            cwd=ROOT,
            env=env | {"PATH": f"{bin_dir}:{env['PATH']}"},
            capture_output=True,
            text=True,
        )
        assert probe.returncode == 0, probe.stdout + probe.stderr + log.read_text()
        assert "pong" in probe.stdout
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()
