"""Which parts of a programme a viewer sees: the one field rule used by the pages, the API, the
CSV export and the admin (whether they see the programme at all is `Programme.objects.visible_to`).

Decisions (README "Cross-border programmes"):
- Everyone who sees a programme sees its countries, who is invited or takes part where, the state
  of each invitation, the SLA terms, the platform and the monthly SLA figures, breaches included:
  these are the programme's own data, agreed between its operators to serve one customer, and the
  bloc it belongs to exists to share such things. Staff see them as a bloc member does: they run
  the alliance and may have to settle a dispute about an SLA.
- The escalation contact (a person's name, email and phone) is for the operators doing the work:
  the lead and the operators invited or taking part (`Access.INSIDER`), not for bloc members or
  staff (`Access.OBSERVER`).
- Why an operator declined, or why the lead withdrew it, is between those two operators only, as
  an introduction's answer is.
- The deal linked to a participation is shown through the deals app's rules: its stage only to
  viewers who may see that deal (`Deal.objects.visible_to`), and a deal they may not see reads as
  no deal, so a private deal's existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from deals.presenters import viewer_operator_id
from deals.programmes.models import Participation, Programme


class Access(StrEnum):
    INSIDER = "insider"
    OBSERVER = "observer"


# The participation fields only insiders see.
CONTACT_FIELDS = frozenset({"escalation_name", "escalation_email", "escalation_phone"})
# The fields only the lead and the participation's own operator see.
PARTY_FIELDS = frozenset({"answer_reason", "withdraw_reason"})


def insider_ids(programme: Programme, participations: Iterable[Participation]) -> set[int]:
    """The operators doing the programme's work: its lead and every operator invited to it or
    taking part (of `participations`, the programme's, already loaded)."""
    return {programme.lead_id} | {p.operator_id for p in participations if p.is_current}


class ProgrammeView:
    """A programme as one viewer sees it: `access` and what each participation shows."""

    def __init__(self, programme: Programme, user, participations: Iterable[Participation]):
        self.programme = programme
        self.operator_id = viewer_operator_id(user)
        insiders = insider_ids(programme, participations)
        self.access = Access.INSIDER if self.operator_id in insiders else Access.OBSERVER

    @property
    def is_lead(self) -> bool:
        return self.operator_id == self.programme.lead_id

    def shows(self, participation: Participation, field: str) -> bool:
        if field in PARTY_FIELDS:
            return self.operator_id in (self.programme.lead_id, participation.operator_id)
        if field in CONTACT_FIELDS:
            return self.access is Access.INSIDER
        return True

    def shown(self, participation: Participation, field: str):
        """The field's value if the viewer sees it, else "" (all hidden fields are text)."""
        return getattr(participation, field) if self.shows(participation, field) else ""
