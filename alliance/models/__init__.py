from .ledger import AuditLogEntry, Contribution
from .operators import (
    Invitation,
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
)
from .outbox import OutboxMessage
from .standing import Consumption, Exemption, InactivityPolicy, StandingFlag
from .users import User

__all__ = [
    "AuditLogEntry",
    "Consumption",
    "Contribution",
    "Exemption",
    "InactivityPolicy",
    "Invitation",
    "Membership",
    "Opco",
    "Operator",
    "OperatorApplication",
    "OperatorEmailDomain",
    "OutboxMessage",
    "StandingFlag",
    "User",
]
