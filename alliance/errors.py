"""The one error vocabulary of the domain, shared by every app.

Services raise these; nothing else decides how a refusal reads. One DRF exception handler
(`alliance.api_errors.domain_exception_handler`) and one page helper (`alliance.pages`) turn them
into responses, and the CSV import reports them by their message, so the same refusal has the same
status code and the same sentence on a page, in the API and in an import report:

- `NotAllowed` (403): this person may not do this (they may still see the object);
- `Conflict` (409): the object's current state does not allow it (already answered, one open deal
  per partner × operator × country, ...);
- `Invalid` (400): the input breaks a domain rule; `field` names the input it concerns.
"""

from __future__ import annotations


class DomainError(Exception):
    """A write the domain refuses. `message` is a whole sentence for the person who tried."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotAllowed(DomainError):
    status_code = 403
    code = "not_allowed"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class Invalid(DomainError):
    status_code = 400
    code = "invalid"
