"""An attachment's real type, from its bytes, where the declared type is generic or wrong.

See docs/email.md#attachments. The sniffed type wins over the declared one, except when the
bytes only show the container (a .docx is a zip, a .doc an OLE file): then the declared, more
precise type stays. Filenames are only consulted when neither the bytes nor the sender say more.
"""

from __future__ import annotations

import mimetypes

import filetype

GENERIC = {
    "", "application/octet-stream", "application/unknown", "binary/octet-stream",
    "application/x-download", "application/force-download", "application/download",
    "application/binary", "application/x-unknown", "unknown/unknown", "application/data",
    "application/x-octet-stream", "application/octetstream", "application/octet_stream",
}  # fmt: skip
_ALIASES = {
    "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/x-png": "image/png",
    "application/x-pdf": "application/pdf", "application/acrobat": "application/pdf",
    "audio/mp3": "audio/mpeg", "application/x-zip-compressed": "application/zip",
    "application/x-zip": "application/zip", "image/x-ms-bmp": "image/bmp",
    "application/vnd.ms-tnef": "application/ms-tnef",
}  # fmt: skip
_ZIP_BASED = ("application/vnd.openxmlformats", "application/vnd.oasis", "application/epub",
              "application/java-archive", "application/vnd.android", "application/vnd.ms-")  # fmt: skip
_OLE_BASED = ("application/msword", "application/vnd.ms-", "application/x-msi",
              "application/vnd.visio", "application/x-ole-storage")  # fmt: skip
_EXTENSIONS = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".msg": "application/vnd.ms-outlook",
    ".eml": "message/rfc822",
    ".dat": "application/octet-stream",
}
_EXTRA_EXTENSIONS = {
    "application/ms-tnef": ".dat", "text/calendar": ".ics", "message/delivery-status": ".txt",
    "text/rfc822-headers": ".txt", "message/rfc822": ".eml", "application/x-ole-storage": ".ole",
    "application/pgp-signature": ".asc", "application/pkcs7-signature": ".p7s",
}  # fmt: skip
_TNEF_MAGIC = b"\x78\x9f\x3e\x22"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MIME_TYPES = mimetypes.MimeTypes()  # the built-in table only, same on every machine


def normalise_type(content_type: str | None) -> str:
    value = (content_type or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(value, value)


def sniff_bytes(data: bytes) -> str | None:
    """The type the bytes themselves show, or None."""
    if data.startswith(_TNEF_MAGIC):
        return "application/ms-tnef"
    if data.startswith(_OLE_MAGIC):
        return "application/x-ole-storage"
    try:
        kind = filetype.guess(data[:8192])
    except Exception:  # filetype matchers index into the bytes; be safe on truncated input
        kind = None
    if kind is not None:
        return _ALIASES.get(str(kind.mime), str(kind.mime))
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<script")):
        return "text/html"
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def guess_from_filename(filename: str) -> str | None:
    lower = filename.lower()
    for extension, content_type in _EXTENSIONS.items():
        if lower.endswith(extension):
            return content_type
    guessed, _ = _MIME_TYPES.guess_type(lower, strict=False)
    return guessed


def sniff_content_type(data: bytes, declared: str | None, filename: str = "") -> str:
    """The content type to record for an attachment."""
    declared_type = normalise_type(declared)
    if "/" not in declared_type:
        declared_type = ""
    sniffed = sniff_bytes(data)
    if sniffed and not _compatible(sniffed, declared_type):
        return sniffed
    if declared_type and declared_type not in GENERIC:
        return declared_type
    if filename:
        guessed = guess_from_filename(filename)
        if guessed:
            return guessed
    return sniffed or "application/octet-stream"


def _compatible(sniffed: str, declared: str) -> bool:
    """True when the declared type is the sniffed one or a more precise kind of it."""
    if not declared or declared in GENERIC:
        return sniffed in ("application/zip", "application/x-ole-storage")
    if sniffed == declared:
        return True
    if sniffed == "application/zip":
        return declared.startswith(_ZIP_BASED)
    if sniffed == "application/x-ole-storage":
        return declared.startswith(_OLE_BASED)
    if sniffed.startswith("application/vnd.openxmlformats") or sniffed.startswith("application/x-"):
        return declared.split("/")[0] == "application" and sniffed != "application/x-msdownload"
    return False


def extension_for(content_type: str) -> str:
    """A file extension for a content type, ".bin" when none is known."""
    known = _EXTRA_EXTENSIONS.get(content_type)
    guessed = known or _MIME_TYPES.guess_extension(content_type, strict=False)
    return guessed or (".txt" if content_type.startswith("text/") else ".bin")
