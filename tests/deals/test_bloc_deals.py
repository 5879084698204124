"""Deals shared with a bloc: the rule for choosing a bloc reads the same on the deal form, in the
API and in the CSV import; a bloc deal stops being shared as soon as its operator or the viewer's
leaves the bloc or the bloc is dissolved; editing keeps a bloc the operator has left; the forms
offer only the operator's own blocs; the audit log names changed fields, never values."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from alliance.blocs import services as blocs
from alliance.errors import Invalid
from alliance.models import AuditLogEntry
from deals.models import Deal
from deals.services import log_deal, update_deal
from deals.transfer import IMPORT_COLUMNS
from partners.models import Partner
from tests.factories import DealFactory, OpcoFactory, bloc_of

NOT_IN_BLOC = "Orange is not an active member of Telia bloc: share only with a bloc it belongs to."
NO_BLOC_CHOSEN = "Choose the bloc whose members may see it."


@pytest.fixture
def opco(operator):
    return OpcoFactory(operator=operator, country="FR", brand_name="Orange France")


@pytest.fixture
def foreign_bloc(bloc_operator, other_operator):
    """A bloc of TeliaSonera and Millicom: Orange is not in it."""
    return bloc_of(bloc_operator, other_operator, name="Telia bloc", slug="telia-bloc")


@pytest.fixture
def bloc_deal(operator, partner, bloc):
    return DealFactory(
        operator=operator,
        partner=partner,
        country="DE",
        visibility="bloc",
        bloc=bloc,
        summary="Shared with the bloc",
        confidential_notes="SECRET-NOTES",
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def access_of(user, deal: Deal) -> str:
    return api(user).get(f"/api/v1/deals/{deal.pk}/").json()["access"]


# --- The rule for choosing a bloc, on every surface ----------------------------------------------
def page_attempt(client, visibility: str, bloc_pk) -> list[str]:
    response = client.post(
        reverse("deals:create"),
        {
            "partner": Partner.objects.get(slug="spotify").pk,
            "country": "FR",
            "stage": "exploring",
            "deal_type": "bundling",
            "started_on": timezone.localdate().isoformat(),
            "visibility": visibility,
            "bloc": bloc_pk or "",
        },
    )
    assert response.status_code == 200
    return [error for errors in response.context["form"].errors.values() for error in errors]


def import_attempt(client, visibility: str, slug: str) -> list[str]:
    cells = {
        "partner": "spotify",
        "country": "FR",
        "stage": "exploring",
        "deal_type": "bundling",
        "visibility": visibility,
        "bloc": slug,
    }
    content = "\n".join(
        [",".join(IMPORT_COLUMNS), ",".join(cells.get(c, "") for c in IMPORT_COLUMNS)]
    )
    upload = SimpleUploadedFile("deals.csv", content.encode(), "text/csv")
    response = client.post(reverse("deals:import"), {"file": upload})
    assert response.status_code == 400
    return [message for _, message in response.context["report"].errors]


def test_a_bloc_the_operator_is_not_in_is_refused_alike_on_the_form_api_and_import(
    client_for, member, partner, opco, bloc, foreign_bloc
):
    assert page_attempt(client_for(member), "bloc", foreign_bloc.pk) == [NOT_IN_BLOC]
    response = api(member).post(
        "/api/v1/deals/",
        {
            "partner": "spotify",
            "country": "FR",
            "deal_type": "bundling",
            "visibility": "bloc",
            "bloc": "telia-bloc",
        },
        format="json",
    )
    assert (response.status_code, response.json()) == (400, {"bloc": [NOT_IN_BLOC]})
    assert import_attempt(client_for(member), "bloc", "telia-bloc") == [NOT_IN_BLOC]
    assert not Deal.objects.exists()


def test_bloc_visibility_without_a_bloc_is_refused_alike(client_for, member, partner, opco, bloc):
    assert page_attempt(client_for(member), "bloc", None) == [NO_BLOC_CHOSEN]
    response = api(member).post(
        "/api/v1/deals/",
        {"partner": "spotify", "country": "FR", "deal_type": "bundling", "visibility": "bloc"},
        format="json",
    )
    assert (response.status_code, response.json()) == (400, {"bloc": [NO_BLOC_CHOSEN]})
    assert import_attempt(client_for(member), "bloc", "") == [NO_BLOC_CHOSEN]
    assert not Deal.objects.exists()


def test_a_bloc_named_with_another_visibility_is_refused_by_the_api(member, partner, opco, bloc):
    response = api(member).post(
        "/api/v1/deals/",
        {
            "partner": "spotify",
            "country": "FR",
            "deal_type": "bundling",
            "visibility": "alliance",
            "bloc": "m2m-bloc",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"bloc": ["A bloc is named only with the “bloc” visibility."]}


def test_the_deal_form_drops_a_bloc_picked_with_another_visibility(
    client_for, member, partner, opco, bloc
):
    client = client_for(member)
    response = client.post(
        reverse("deals:create"),
        {
            "partner": partner.pk,
            "country": "FR",
            "stage": "exploring",
            "deal_type": "bundling",
            "started_on": timezone.localdate().isoformat(),
            "visibility": "summary",
            "bloc": bloc.pk,
        },
    )
    assert response.status_code == 302
    deal = Deal.objects.get()
    assert (deal.visibility, deal.bloc) == ("summary", None)


def test_a_bloc_deal_logged_through_the_api_is_seen_in_full_by_the_bloc_only(
    member, bloc_member, other_member, partner, opco, bloc
):
    response = api(member).post(
        "/api/v1/deals/",
        {
            "partner": "spotify",
            "country": "FR",
            "deal_type": "bundling",
            "visibility": "bloc",
            "bloc": "m2m-bloc",
            "summary": "For the bloc",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["bloc"] == "m2m-bloc"
    deal = Deal.objects.get()
    assert access_of(bloc_member, deal) == "full"
    assert access_of(other_member, deal) == "summary"
    assert "bloc" not in api(other_member).get(f"/api/v1/deals/{deal.pk}/").json()


def test_the_deal_form_offers_only_the_operators_blocs(
    client_for, member, partner, opco, bloc, foreign_bloc
):
    form = client_for(member).get(reverse("deals:create")).context["form"]
    offered = [label for value, label in form.fields["bloc"].widget.choices if value]
    assert offered == ["M2M bloc"]
    assert "bloc" in [value for value, _ in form.fields["visibility"].widget.choices]


def test_without_a_bloc_the_deal_form_does_not_offer_bloc_visibility(
    client_for, other_member, partner
):
    form = client_for(other_member).get(reverse("deals:create")).context["form"]
    assert "bloc" not in [value for value, _ in form.fields["visibility"].widget.choices]
    assert form.fields["bloc"].widget.is_hidden


# --- Leaving and dissolving ----------------------------------------------------------------------
def test_when_the_deals_operator_leaves_the_bloc_others_see_a_summary(
    manager, member, bloc_member, bloc, bloc_deal
):
    assert access_of(bloc_member, bloc_deal) == "full"
    blocs.leave_bloc(bloc=bloc, by=manager)
    assert access_of(bloc_member, bloc_deal) == "summary"
    assert access_of(member, bloc_deal) == "owner"


def test_when_the_viewers_operator_leaves_the_bloc_it_sees_a_summary(
    bloc_manager, bloc_member, bloc, bloc_deal
):
    blocs.leave_bloc(bloc=bloc, by=bloc_manager)
    assert access_of(bloc_member, bloc_deal) == "summary"
    assert Deal.objects.with_details_for(bloc_member).filter(pk=bloc_deal.pk).count() == 0


def test_a_dissolved_blocs_deals_fall_back_to_summaries(
    admin_user, member, bloc_member, bloc, bloc_deal
):
    blocs.dissolve_bloc(bloc=bloc, by=admin_user, reason="The cooperation ended.")
    assert access_of(bloc_member, bloc_deal) == "summary"
    assert access_of(member, bloc_deal) == "owner"
    bloc_deal.refresh_from_db()
    assert (bloc_deal.visibility, bloc_deal.bloc_id) == ("bloc", bloc.pk)  # unchanged


def test_a_newly_joined_operator_sees_the_blocs_deals_in_full(
    manager, other_manager, other_member, bloc, bloc_deal
):
    blocs.invite_operator(bloc=bloc, operator=other_member.membership.operator, by=manager)
    assert access_of(other_member, bloc_deal) == "summary"  # invited is not joined
    blocs.accept_invitation(bloc=bloc, by=other_manager)
    assert access_of(other_member, bloc_deal) == "full"


def test_editing_a_deal_keeps_a_bloc_its_operator_has_left_but_never_picks_one(
    manager, member, bloc, bloc_deal, foreign_bloc
):
    blocs.leave_bloc(bloc=bloc, by=manager)
    update_deal(deal=bloc_deal, by=member, values={"summary": "Still ours"})
    bloc_deal.refresh_from_db()
    assert (bloc_deal.summary, bloc_deal.bloc_id) == ("Still ours", bloc.pk)
    with pytest.raises(Invalid, match="Orange is not an active member of Telia bloc"):
        update_deal(deal=bloc_deal, by=member, values={"bloc": foreign_bloc})
    update_deal(deal=bloc_deal, by=member, values={"visibility": "alliance"})
    with pytest.raises(Invalid, match="Orange is not an active member of M2M bloc"):
        update_deal(deal=bloc_deal, by=member, values={"visibility": "bloc", "bloc": bloc})


def test_a_deal_that_stops_being_a_bloc_deal_drops_its_bloc(member, bloc_deal):
    update_deal(deal=bloc_deal, by=member, values={"visibility": "summary"})
    bloc_deal.refresh_from_db()
    assert (bloc_deal.visibility, bloc_deal.bloc) == ("summary", None)


def test_the_audit_entry_of_a_sharing_change_names_fields_not_values(member, bloc_deal):
    update_deal(deal=bloc_deal, by=member, values={"visibility": "alliance"})
    entry = AuditLogEntry.objects.get(action="deal.edited")
    assert entry.changes == {"fields": ["bloc", "visibility"]}
    assert "M2M" not in str(entry.changes) and "M2M" not in entry.object_repr


def test_log_deal_credits_and_audits_a_bloc_deal_like_any_other(member, partner, opco, bloc):
    deal = log_deal(
        by=member,
        values={
            "partner": partner,
            "country": "FR",
            "deal_type": "bundling",
            "visibility": "bloc",
            "bloc": bloc,
        },
    )
    assert deal.bloc == bloc
    assert AuditLogEntry.objects.filter(action="deal.logged", object_id=deal.pk).exists()


# --- Export and dashboard ------------------------------------------------------------------------
def test_the_csv_export_names_the_bloc_for_the_blocs_members_only(
    client_for, bloc_member, other_member, bloc_deal
):
    def exported(user) -> dict:
        body = b"".join(client_for(user).get(reverse("deals:export")).streaming_content)
        return {int(r["id"]): r for r in csv.DictReader(io.StringIO(body.decode()))}

    assert exported(bloc_member)[bloc_deal.pk]["bloc"] == "m2m-bloc"
    row = exported(other_member)[bloc_deal.pk]
    assert (row["bloc"], row["visibility"], row["summary"]) == ("", "", "")


@pytest.mark.parametrize("persona", ["bloc_member", "other_member"], indirect=True)
def test_the_dashboards_white_space_counts_a_launched_bloc_deal_for_every_member(
    persona, client_for, operator, partner, bloc
):
    """The suggestion names the partner and counts members and countries: what a summary shows."""
    DealFactory(
        operator=operator,
        partner=partner,
        country="FR",
        stage="launched",
        visibility="bloc",
        bloc=bloc,
        summary="Bloc-only words",
    )
    OpcoFactory(operator=persona.membership.operator, country="PL", brand_name="Their Polska")
    page = client_for(persona).get(reverse("alliance:dashboard")).content.decode()
    assert "Spotify" in page
    assert "Bloc-only words" not in page


# --- Cost ----------------------------------------------------------------------------------------
def test_the_bloc_branch_is_plain_conditions_an_index_serves(bloc_member, bloc):
    """`(bloc_id = b AND operator_id IN (...))`, served by deal_bloc_idx: no correlated subquery
    whose estimate would make PostgreSQL compile the filter of a million-deal count."""
    sql = str(Deal.objects.visible_to(bloc_member).with_details_for(bloc_member).query)
    assert '"deals_deal"."bloc_id" = ' in sql and "EXISTS" not in sql.upper()


@pytest.mark.parametrize("path", [reverse("deals:list"), "/api/v1/deals/", reverse("deals:export")])
def test_lists_of_bloc_deals_take_no_more_queries_for_many_deals(
    path, client_for, bloc_member, operator, bloc, partner
):
    client = client_for(bloc_member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(context.captured_queries)

    def make(count: int) -> None:
        Deal.objects.all().delete()
        Deal.objects.bulk_create(
            Deal(
                partner=partner,
                operator=operator,
                country="FR",
                stage="ended",
                deal_type="bundling",
                visibility="bloc" if i % 2 else "alliance",
                bloc=bloc if i % 2 else None,
            )
            for i in range(count)
        )

    queries()  # warm the session and content types
    make(10)
    few = queries()
    make(300)
    assert queries() <= few
