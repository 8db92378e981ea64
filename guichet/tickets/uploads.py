"""Checking uploaded files: size limit and a type sniffed from the bytes, not the name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype

from guichet.core.errors import ActionError

# Types a browser could execute if served inline; they are always served as downloads.
ACTIVE_TYPES = {
    "text/html",
    "image/svg+xml",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
}


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff_type(content: bytes) -> str:
    kind = filetype.guess(content)
    if kind is not None:
        return str(kind.mime)
    head = content[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<script")) or b"<script" in head:
        return "text/html"
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def clean_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return base[:200] or "attachment"


def check_upload(filename: str, content: bytes, max_bytes: int) -> CheckedUpload:
    if len(content) > max_bytes:
        raise ActionError(
            f"File {filename!r} is {len(content)} bytes; the limit is {max_bytes} bytes.",
            code="too_large",
            field="attachments",
        )
    if not content:
        raise ActionError(f"File {filename!r} is empty.", code="empty", field="attachments")
    return CheckedUpload(
        filename=clean_filename(filename),
        content=content,
        content_type=sniff_type(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
