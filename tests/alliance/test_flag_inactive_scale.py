"""The inactivity job over 1,000 operators and 1,000,000 ledger rows, in bounded queries."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from alliance.models import Contribution, Operator, StandingFlag
from alliance.standing.job import flag_inactive_members

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="builds 1,000,000 ledger rows with generate_series: PostgreSQL only (CI runs it)",
)

OPERATORS = 1_000
ROWS = 1_000_000
INACTIVE = 100  # the first 100 operators only contributed more than 90 days ago
JOINED = date(2024, 1, 15)  # long before the window: every operator is judged


@pytest.fixture
def big_ledger(db) -> None:
    Operator.objects.bulk_create(
        Operator(
            name=f"Operator {i:04}", slug=f"operator-{i:04}", hq_country="GB", joined_on=JOINED
        )
        for i in range(OPERATORS)
    )
    kinds = Contribution.Kind.values
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ops AS (
                SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS i FROM alliance_operator
            )
            INSERT INTO alliance_contribution
                (operator_id, user_id, kind, content_type_id, object_id, created_at)
            SELECT ops.id, NULL, (%(kinds)s::text[])[1 + g %% %(n_kinds)s], %(ct)s, g,
                   CASE WHEN ops.i < %(inactive)s
                        THEN now() - interval '91 days' - (g %% 270) * interval '1 day'
                        ELSE now() - (g %% 365) * interval '1 day'
                                   - (g %% 3600) * interval '1 second'
                   END
            FROM generate_series(1, %(rows)s) AS g
            JOIN ops ON ops.i = g %% %(operators)s
            """,
            {
                "kinds": kinds,
                "n_kinds": len(kinds),
                "ct": ContentType.objects.get_for_model(Operator).pk,
                "inactive": INACTIVE,
                "rows": ROWS,
                "operators": OPERATORS,
            },
        )
        cursor.execute("ANALYZE alliance_contribution")


def test_the_job_over_a_million_rows_runs_in_a_bounded_number_of_queries(
    big_ledger, admin_user, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    assert Contribution.objects.count() == ROWS

    started = time.perf_counter()
    with django_assert_max_num_queries(14), django_capture_on_commit_callbacks() as mail_tasks:
        report = flag_inactive_members()
    elapsed = time.perf_counter() - started
    # Per outbox message: its row locked and marked done; then the flags, managers, admins.
    with django_assert_max_num_queries(8):
        for send in mail_tasks:
            send()
    with_mail = time.perf_counter() - started

    print(
        f"\nflag_inactive_members over {OPERATORS} operators and {ROWS} ledger rows: "
        f"{elapsed:.2f}s ({with_mail:.2f}s with the mail to {INACTIVE} flagged operators' managers)"
    )
    assert len(report.flagged) == INACTIVE
    assert StandingFlag.objects.count() == INACTIVE
    with django_assert_max_num_queries(6):  # savepoints, lock, figures, flags
        assert not flag_inactive_members().changed
