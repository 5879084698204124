from .ledger import AuditLogEntry, Contribution
from .operators import (
    Invitation,
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
)
from .users import User

__all__ = [
    "AuditLogEntry",
    "Contribution",
    "Invitation",
    "Membership",
    "Opco",
    "Operator",
    "OperatorApplication",
    "OperatorEmailDomain",
    "User",
]
