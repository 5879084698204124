"""Every module of the project imports on its own, in a fresh interpreter: no import cycle that
only works when something else happened to be imported first (issue 9).

The modules are found by walking the apps' folders (every top-level package of the project but
the tests), migrations and management commands included, so a new module is covered without
listing it here."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests"}


def project_apps() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file() and not path.name.startswith(".")
        if path.name not in NOT_APPS
    )


def modules_of(app: str) -> list[str]:
    modules = []
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def import_alone(module: str) -> str | None:
    """None if `module` imports in a fresh interpreter after django.setup(); else the error.
    (import_module, since migrations' names start with a digit.)"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, importlib; django.setup(); importlib.import_module({module!r})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode == 0:
        return None
    return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"


def test_the_walk_finds_every_app_with_its_migrations_and_commands():
    assert {"alliance", "partners", "deals", "lessons"} <= set(project_apps())
    alliance = modules_of("alliance")
    assert "alliance.standing.job" in alliance
    assert "alliance.migrations.0001_initial" in alliance
    assert "alliance.management.commands.flag_inactive_members" in alliance


@pytest.mark.parametrize("app", project_apps())
def test_every_module_of_the_app_imports_on_its_own_in_a_fresh_interpreter(app):
    modules = modules_of(app)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        errors = dict(zip(modules, pool.map(import_alone, modules), strict=True))

    failing = {module: error for module, error in errors.items() if error}
    assert failing == {}, "\n".join(f"{module}: {error}" for module, error in failing.items())
