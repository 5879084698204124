"""`manage.py seed_scale`: a tiny scale on the test PostgreSQL database, checked against the rules
the portal keeps (the full scale is run by hand, see docs/benchmark-before.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Exists, OuterRef

from alliance.management.commands.seed_scale import Command, seeded_models
from alliance.models import (
    Bloc,
    BlocMembership,
    Contribution,
    Membership,
    Opco,
    OpcoPlatform,
    Operator,
    User,
)
from alliance.scale import BENCH_PERSONA
from alliance.scale_kit import SchemaDrift, check_fields
from deals.models import Deal, StageChange
from deals.programmes.models import Participation, SLAReport
from lessons.models import Comment, Endorsement, Lesson
from partners.models import Partner
from tests.conftest import run_django

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="seed_scale is for PostgreSQL (CI runs it there)"
)


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One tiny seeding, committed, shared by this module's tests (they only read it), emptied
    at the end so that no other test sees it."""
    if connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        call_command("seed_scale", scale=0.001, stdout=StringIO())
        yield
        Command()._empty(seeded_models())


@pytest.fixture
def seeded(seeded_once, db):
    return None


@postgres_only
def test_a_tiny_scale_has_every_kind_of_row(seeded):
    assert Operator.objects.count() >= 12
    assert Opco.objects.count() >= 40
    assert Partner.objects.count() >= 80
    assert Deal.objects.count() == 1_000
    assert Lesson.objects.count() >= 120
    assert StageChange.objects.count() > Deal.objects.count()
    assert Endorsement.objects.exists() and Comment.objects.exists()
    kinds = set(Contribution.objects.values_list("kind", flat=True).distinct())
    assert kinds == set(Contribution.Kind.values)


@postgres_only
def test_a_tiny_scale_has_blocs_sharing_deals_and_lessons_and_programmes_with_sla_reports(seeded):
    assert Bloc.objects.filter(status=Bloc.Status.ACTIVE).count() >= 2
    assert Deal.objects.filter(visibility="bloc").exists()
    assert Lesson.objects.filter(visibility="bloc").exists()
    assert Participation.objects.filter(status=Participation.Status.ACCEPTED).exists()
    assert SLAReport.objects.exists() and OpcoPlatform.objects.exists()


@postgres_only
def test_every_bloc_item_belongs_to_an_operator_of_its_bloc(seeded):
    membership = BlocMembership.objects.filter(bloc=OuterRef("bloc"), operator=OuterRef("operator"))
    for model in (Deal, Lesson):
        assert not model.objects.filter(visibility="bloc").exclude(Exists(membership)).exists()


@postgres_only
def test_every_participant_serves_its_country(seeded):
    footprint = Opco.objects.filter(operator=OuterRef("operator"), country=OuterRef("country"))
    assert not Participation.objects.exclude(Exists(footprint)).exists()


@postgres_only
def test_the_benchmark_persona_is_a_member_of_orange_with_a_token(seeded):
    user = User.objects.get(email=BENCH_PERSONA)
    assert user.membership.operator.slug == "orange"
    assert user.membership.status == Membership.Status.ACTIVE
    assert user.password.startswith("pbkdf2_sha256$")  # signing in: see test_benchmark.py
    assert user.auth_token.key


@postgres_only
def test_every_deal_is_in_its_operators_footprint(seeded):
    footprint = Opco.objects.filter(operator=OuterRef("operator"), country=OuterRef("country"))
    assert not Deal.objects.exclude(Exists(footprint)).exists()


@postgres_only
def test_lessons_have_search_vectors_and_true_counters(seeded):
    lesson = Lesson.objects.published().order_by("-comment_count").first()
    assert lesson.comment_count == lesson.comments.count() > 0
    assert lesson.endorsement_count == lesson.endorsements.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM lessons_lesson WHERE search_document IS NULL")
        assert cursor.fetchone()[0] == 0
    assert Lesson.objects.filter(search_document="retention").exists()


@postgres_only
def test_a_database_with_data_is_refused_unless_reset(seeded):
    with pytest.raises(CommandError, match="already has data"):
        call_command("seed_scale", scale=0.001)
    call_command("seed_scale", scale=0.001, reset=True, stdout=StringIO())
    assert Deal.objects.count() == 1_000


def test_sqlite_is_refused():
    result = run_django(
        ["manage.py", "seed_scale", "--scale", "0.001"],
        env={
            "DATABASE_URL": "sqlite:///:memory:",
            "SECRET_KEY": "test-only-secret-key-not-for-any-real-deployment-000",
        },
    )
    assert result.returncode != 0
    assert "needs PostgreSQL" in result.stderr


def test_a_required_column_the_seeder_does_not_fill_is_named():
    with pytest.raises(SchemaDrift, match=r"deals\.Deal .*'stage'.* update deals/scale\.py"):
        check_fields(Deal, ("id", "partner", "operator", "country"))
