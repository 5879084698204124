"""Every module of the partners app imports on its own in a fresh interpreter (no import cycle that
works only in one order), and the app imports nothing of the apps that build on it (deals,
lessons): the layering is alliance ← partners ← deals ← lessons."""

from __future__ import annotations

import ast

from tests.conftest import ROOT, run_django

MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for path in (ROOT / "partners").rglob("*.py")
    if "migrations" not in path.parts
)

# One interpreter sets Django up once, then imports each module in a child forked from that state:
# each import starts from what a fresh interpreter has after django.setup() (the models and
# admin of every app), at a fraction of the cost of one interpreter per module.
IMPORT_EACH = """
import importlib, os, sys, traceback
import django
django.setup()
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            print(f"{name}: {traceback.format_exc()}")
            sys.stdout.flush()
            os._exit(1)
        os._exit(0)
    os.waitpid(pid, 0)
"""


def test_each_partners_module_imports_on_its_own():
    result = run_django(
        ["-c", IMPORT_EACH, *MODULES], {"SECRET_KEY": "test-only-secret-key-for-imports-00000000"}
    )
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


def test_the_partners_app_imports_nothing_of_deals_or_lessons():
    offenders = []
    for path in (ROOT / "partners").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in {"deals", "lessons"}
            ]
    assert offenders == []
