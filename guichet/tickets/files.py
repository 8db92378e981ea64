"""Attachment files on disk: removed once no row uses them. See docs/operations.md ("Attachment files").

Files are named after their SHA-256 (`attachments/ab/abcd…`), but the default storage gives a
second upload of the same bytes its own suffixed name, so one file normally belongs to one row.
A name may still be shared (rows copied by hand, another storage that overwrites): a file is
only deleted when no `Attachment` row names it any more, checked after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from guichet.tickets.models import Attachment

log = logging.getLogger(__name__)
PREFIX = "attachments"


def attachment_storage() -> Storage:
    return Attachment._meta.get_field("file").storage  # type: ignore[attr-defined, no-any-return]


def file_names(attachments: Iterable[Attachment] | None = None, **filters: object) -> set[str]:
    """The stored names of some attachments (rows, or a filter such as `message__ticket=`)."""
    if attachments is not None:
        return {a.file.name for a in attachments if a.file.name}
    names = Attachment.objects.filter(**filters).values_list("file", flat=True)
    return {name for name in names if name}


def delete_unused(names: Iterable[str]) -> list[str]:
    """Delete the files among `names` that no attachment row names; returns those deleted."""
    wanted = set(names)
    if not wanted:
        return []
    used = set(Attachment.objects.filter(file__in=wanted).values_list("file", flat=True))
    storage = attachment_storage()
    deleted = []
    for name in sorted(wanted - used):
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not delete attachment file %s", name, exc_info=True)
            continue
        deleted.append(name)
    return deleted


def delete_unused_on_commit(names: Iterable[str]) -> None:
    """After the current transaction commits (never on rollback), delete the unused files."""
    wanted = set(names)
    if wanted:
        transaction.on_commit(lambda: delete_unused(wanted))


def stored_names(storage: Storage, folder: str = PREFIX) -> Iterator[str]:
    """Every file under `folder` in `storage` (walked folder by folder)."""
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}")


def orphaned_files(min_age: dt.timedelta) -> list[str]:
    """Files under attachments/ that no row names, older than `min_age`.

    The age guard skips files of uploads in flight: the file is written just before its row is
    committed.
    """
    storage = attachment_storage()
    cutoff = timezone.now() - min_age
    found = []
    for name in stored_names(storage):
        if storage.get_modified_time(name) > cutoff:
            continue
        found.append(name)
    if not found:
        return []
    used: set[str] = set()
    for start in range(0, len(found), 500):
        chunk = found[start : start + 500]
        used.update(Attachment.objects.filter(file__in=chunk).values_list("file", flat=True))
    return [name for name in found if name not in used]
