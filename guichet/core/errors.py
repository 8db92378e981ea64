"""Errors raised by actions; the API and the views turn them into one error format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class ActionError(Exception):
    """A request that cannot be carried out as asked (bad input, forbidden transition...)."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class NotAllowed(DjangoPermissionDenied):
    """The person asking may not do this."""

    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__(message)
        self.message = message
