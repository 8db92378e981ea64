"""The pure core of the email channel: parsing, quote stripping, noise (docs/email.md).

Nothing here touches the database or the network; transport and ticket creation build on it.
"""

from .autoreply import Noise, NoiseKind, classify_noise
from .errors import MessageRejected, MessageTooLarge, UnparseableMessage
from .html_text import html_to_text
from .message import (
    Address,
    Attachment,
    DeliveryRecipient,
    DeliveryReport,
    ParsedMessage,
)
from .parse import DEFAULT_MAX_BYTES, check_size, parse_message
from .quotes import Reply, extract_reply

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Address",
    "Attachment",
    "DeliveryRecipient",
    "DeliveryReport",
    "MessageRejected",
    "MessageTooLarge",
    "Noise",
    "NoiseKind",
    "ParsedMessage",
    "Reply",
    "UnparseableMessage",
    "check_size",
    "classify_noise",
    "extract_reply",
    "html_to_text",
    "parse_message",
]
