"""`python -m alliance.benchmark --explain`: for each page, its slowest SQL queries and their plans.

Each page is rendered once in this process (Django's test client, signed in as the persona) while
its queries are captured with their times; the slowest few are then run again under
`EXPLAIN (ANALYZE, BUFFERS)`. Where a page's time goes is where its next optimisation is."""

from __future__ import annotations

import time

from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext, override_settings

from alliance.benchmark.targets import Targets
from alliance.models import User


def _django_client(targets: Targets) -> DjangoClient:
    client = DjangoClient(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(User.objects.get(email=targets.persona))
    return client


# Pages render here without collectstatic's manifest; the static file names do not matter.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC, ALLOWED_HOSTS=["testserver"])  # the test client's host
def explain(targets: Targets, *, top: int = 3, plan_lines: int = 30) -> str:
    client = _django_client(targets)
    out = ["Slowest queries of each page, with their plans (EXPLAIN (ANALYZE, BUFFERS)):"]
    for page in targets.pages:
        headers = {"HTTP_AUTHORIZATION": f"Token {targets.token}"} if page.api else {}
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, secure=True, **headers)
        total = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        out.append(
            f"## {page.name} — {page.path}\n\n{response.status_code}, {total:,.0f} ms in this "
            f"process, {len(queries)} queries taking {sql_ms:,.0f} ms, "
            f"{len(response.content) / 1024:,.0f} KB"
        )
        for query in queries[:top]:
            out.append(_plan(query, plan_lines))
    return "\n\n".join(out) + "\n"


def _plan(query: dict, plan_lines: int) -> str:
    sql = query["sql"]
    head = f"{float(query['time']) * 1000:,.0f} ms: `{sql[:300]}{'…' if len(sql) > 300 else ''}`"
    if not sql.lstrip().upper().startswith("SELECT"):
        return head
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        lines = [row[0] for row in cursor.fetchall()]
    shown = lines[:plan_lines] + ([f"… ({len(lines) - plan_lines} more lines)"]
                                  if len(lines) > plan_lines else [])  # fmt: skip
    return head + "\n\n```\n" + "\n".join(shown) + "\n```"
