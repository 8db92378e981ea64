"""Why a raw message is refused: the reason is shown to admins in quarantine (docs/email.md)."""

from __future__ import annotations


class MessageRejected(Exception):
    """A raw message that cannot be turned into a ParsedMessage; `reason` is for humans."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnparseableMessage(MessageRejected):
    """Nothing readable: empty input, no header block, or a container that cannot be opened."""


class MessageTooLarge(MessageRejected):
    """Over the size limit; checked before any parsing so a huge message costs nothing."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"message is {size} bytes, over the limit of {limit} bytes")
        self.size = size
        self.limit = limit
