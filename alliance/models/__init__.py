from .ledger import AuditLogEntry, Contribution
from .operators import (
    Invitation,
    Membership,
    Opco,
    Operator,
    OperatorApplication,
    OperatorEmailDomain,
)
from .standing import Consumption
from .users import User

__all__ = [
    "AuditLogEntry",
    "Consumption",
    "Contribution",
    "Invitation",
    "Membership",
    "Opco",
    "Operator",
    "OperatorApplication",
    "OperatorEmailDomain",
    "User",
]
