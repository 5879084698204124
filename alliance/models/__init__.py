from .blocs import Bloc, BlocMembership, active_bloc_ids, bloc_fellows, shared_through_blocs
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
    "Bloc",
    "BlocMembership",
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
    "active_bloc_ids",
    "bloc_fellows",
    "shared_through_blocs",
]
