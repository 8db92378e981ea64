"""Serving attachments safely, to the API and to signed-in browsers. See docs/api.md.

Only to someone who may see the ticket and the message (customers never get the files of
internal notes); always as a download, sandboxed, and never with an active content type.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from guichet.core import access
from guichet.tickets.models import Attachment
from guichet.tickets.uploads import ACTIVE_TYPES

SAFE_FALLBACK_TYPE = "application/octet-stream"


def served_type(content_type: str) -> str:
    """The Content-Type to send: active types (HTML, SVG, XML) become a plain download."""
    main = content_type.split(";", 1)[0].strip().lower()
    if not main or main in ACTIVE_TYPES or "xml" in main or "html" in main or "script" in main:
        return SAFE_FALLBACK_TYPE
    return main


def visible_attachment(user: Any, attachment_id: int) -> Attachment:
    """The attachment if `user` may see its ticket and its message, else Http404."""
    attachment = access.visible_attachments(user).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=served_type(attachment.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    return attachment_response(visible_attachment(request.user, pk))
