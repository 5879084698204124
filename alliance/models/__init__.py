from .ledger import AuditLogEntry, Contribution
from .m2m import M2MService, OpcoPlatform, OpcoService, Platform
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
    "M2MService",
    "Membership",
    "Opco",
    "OpcoPlatform",
    "OpcoService",
    "Operator",
    "OperatorApplication",
    "OperatorEmailDomain",
    "OutboxMessage",
    "Platform",
    "StandingFlag",
    "User",
]
