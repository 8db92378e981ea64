"""Images for articles: a size limit and a raster type sniffed from the bytes.

See docs/adr/0003-html-sanitising-and-uploads.md and docs/knowledge.md ("Images"). SVG and
anything that is not PNG, JPEG, GIF or WebP is refused: images are served inline.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.audit.actions import record_event
from guichet.brands.models import Brand
from guichet.core.errors import ActionError
from guichet.knowledge.models import ArticleImage
from guichet.knowledge.permissions import require_kb
from guichet.tickets.uploads import check_upload

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def max_image_bytes() -> int:
    return int(getattr(settings, "KB_IMAGE_MAX_BYTES", 5 * 1024 * 1024))


@transaction.atomic
def do_upload_image(actor: Any, brand: Brand, filename: str, content: bytes) -> ArticleImage:
    require_kb(actor, "kb.write", brand.pk)
    checked = check_upload(filename, content, max_image_bytes())
    if checked.content_type not in IMAGE_TYPES:
        raise ActionError(_("Seules les images PNG, JPEG, GIF et WebP sont acceptées."),
                          code="bad_type", field="image")  # fmt: skip
    image = ArticleImage(
        brand=brand, filename=checked.filename, content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, uploaded_by=actor,
    )  # fmt: skip
    image.file.save(checked.sha256, ContentFile(checked.content), save=False)
    image.save()
    record_event(actor, "kb_image_uploaded", image, data={"filename": image.filename})
    return image
