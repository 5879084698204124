"""The directory's search is served by trigram indexes on PostgreSQL (50,000 partners at scale)."""

import pytest
from django.db import connection

from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only; CI runs it"
)


def plan_of(queryset) -> str:
    with connection.cursor() as cursor:
        # A tiny test table would be scanned anyway, or walked in name order through
        # partner_name_idx (which serves a frequent word at scale): leave only bitmap scans.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_indexscan = on")


@pytest.fixture
def partners(db):
    PartnerFactory.create_batch(20)
    return PartnerFactory(name="Spotify", description="Music streaming")


def test_searching_partners_by_name_uses_the_name_trigram_index(partners):
    assert "partner_name_trgm" in plan_of(Partner.objects.search("spoti"))


def test_searching_partners_by_description_uses_the_description_trigram_index(partners):
    assert "partner_description_trgm" in plan_of(Partner.objects.search("stream"))


def test_the_search_still_finds_partners_case_insensitively_anywhere_in_the_name(partners):
    assert list(Partner.objects.search("OTIF")) == [partners]
