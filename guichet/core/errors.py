"""Errors raised by actions; the API and the views turn them into one error format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _


class ActionError(Exception):
    """A request that cannot be carried out as asked (bad input, forbidden transition...)."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class NotAllowed(DjangoPermissionDenied):
    """The person asking may not do this."""

    def __init__(self, message: str | None = None) -> None:
        # The default is translated when raised, in the language of the request.
        message = _("Vous n'avez pas le droit de faire cela.") if message is None else message
        super().__init__(message)
        self.message = message
