"""The audit log shows staff nothing of a deal that staff may not see (issue 10, point 2).

Staff never see a private deal, nor the details of a summary deal, and a deal's visibility may
change after its entries were written: so a deal's audit entries name it only as "Deal #25 of
Orange", record which fields changed and never a value, and carry no text of the deal (its
summary, notes or decline explanation). A matrix over visibility × action, read as staff read
it: the entry itself and the audit log's admin pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from alliance.models import AuditLogEntry
from deals.models import Deal
from deals.services import log_deal, move_deal, update_deal
from tests.factories import DealFactory, OpcoFactory

# What a deal holds that staff may not see (for a private deal: any of it).
HIDDEN = [
    "Tessares",
    "Greece",
    "SUMMARY-TEXT",
    "NOTES-TEXT",
    "EXPLANATION-TEXT",
    "NEW-SUMMARY",
    "White-label",
    "white_label",
    "Revenue share",
    "revenue_share",
    "competing_deal",
    "Competing deal",
]
DEAL_FIELDS = {field.name for field in Deal._meta.fields}
VALUES = {
    "country": "GR",
    "deal_type": "white_label",
    "summary": "SUMMARY-TEXT",
    "confidential_notes": "NOTES-TEXT",
    "started_on": date(2026, 1, 5),
}


@pytest.fixture
def tessares(make_partner):
    return make_partner(name="Tessares", slug="tessares")


@pytest.fixture
def greece(operator):
    return OpcoFactory(operator=operator, country="GR", brand_name="Orange Hellas")


def do_log(member, operator, partner, visibility):
    return log_deal(by=member, values={**VALUES, "partner": partner, "visibility": visibility})


def existing(operator, partner, visibility, greece):
    return DealFactory(
        operator=operator, partner=partner, opco=greece, visibility=visibility, **VALUES
    )


def do_edit(member, operator, partner, visibility, greece):
    deal = existing(operator, partner, visibility, greece)
    values = {"summary": "NEW-SUMMARY", "deal_type": "revenue_share", "confidential_notes": "x"}
    return update_deal(deal=deal, by=member, values=values)


def do_move(member, operator, partner, visibility, greece):
    deal = existing(operator, partner, visibility, greece)
    return move_deal(deal=deal, by=member, to_stage="signed")


def do_decline(member, operator, partner, visibility, greece):
    deal = existing(operator, partner, visibility, greece)
    return move_deal(
        deal=deal,
        by=member,
        to_stage="declined",
        decline_reason="competing_deal",
        decline_explanation="EXPLANATION-TEXT",
    )


ACTIONS = {
    "log": (
        lambda member, operator, partner, visibility, greece: do_log(
            member, operator, partner, visibility
        ),
        {},
    ),
    "edit": (do_edit, {"fields": ["confidential_notes", "deal_type", "summary"]}),
    "move": (do_move, {"fields": ["signed_on", "stage"]}),
    "decline": (do_decline, {"fields": ["decline_explanation", "decline_reason", "stage"]}),
}


def staff_visible_text(entry: AuditLogEntry) -> str:
    return " ".join([entry.action, entry.object_repr, str(entry.changes), entry.reason])


@pytest.mark.parametrize("visibility", ["alliance", "summary", "private"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_deal_audit_entries_name_the_fields_that_changed_and_no_value(
    client, admin_user, member, operator, tessares, greece, action, visibility
):
    act, changes = ACTIONS[action]
    deal = act(member, operator, tessares, visibility, greece)
    [entry] = AuditLogEntry.objects.filter(object_id=deal.pk, action__startswith="deal.")
    assert entry.object_repr == f"Deal #{deal.pk} of Orange"
    assert entry.changes == changes
    assert set(entry.changes.get("fields", [])) <= DEAL_FIELDS
    assert entry.reason == ""
    text = staff_visible_text(entry)
    for hidden in [*HIDDEN, "GR"]:
        assert hidden not in text, hidden

    client.force_login(admin_user)
    pages = [
        client.get(reverse("admin:alliance_auditlogentry_changelist")),
        client.get(reverse("admin:alliance_auditlogentry_change", args=[entry.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert f"Deal #{deal.pk} of Orange" in page
        for hidden in HIDDEN:
            assert hidden not in page, hidden


def test_a_deal_is_labelled_without_partner_or_country_wherever_the_admin_names_it(
    client, admin_user, operator, tessares, greece
):
    """The lessons admin's raw-id widget names the deal a lesson is about by str(deal)."""
    deal = existing(operator, tessares, "private", greece)
    assert str(deal) == f"Deal #{deal.pk} of Orange"
    assert "Tessares" not in str(deal) and "Greece" not in str(deal)
