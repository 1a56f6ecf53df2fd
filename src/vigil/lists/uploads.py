"""Uploaded list files, kept under settings.UPLOAD_DIR until their import is done.

The upload request only stores the file here; the job reads it. The directory is 0700 and
each file 0600 (a list names persons in prison); a file's name is random, never the
uploader's, so no path the user typed reaches the disk.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction


def _directory() -> Path:
    directory = Path(settings.UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    return directory


def store_upload(chunks) -> tuple[str, int]:
    """Write the chunks (bytes) to a new private file; return its stored name and size."""
    name = f"{secrets.token_hex(16)}.upload"
    path = _directory() / name
    size = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in chunks:
            out.write(chunk)
            size += len(chunk)
    return name, size


def read_upload(stored_as: str) -> bytes:
    path = _path(stored_as)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        from vigil.lists.reading import ListError

        raise ListError("the uploaded file is no longer kept; upload it again") from None


def delete_upload(stored_as: str) -> None:
    _path(stored_as).unlink(missing_ok=True)


def _path(stored_as: str) -> Path:
    if not stored_as or Path(stored_as).name != stored_as:
        raise ValueError("not a stored upload's name")
    return Path(settings.UPLOAD_DIR) / stored_as


def keep_pending(*, organisation_id: int, uploaded_by, list_name: str, file_name: str,
                 chunks, mapping: dict, as_of=None):
    """A PendingImport of the file: stored first, so that no row points to nothing."""
    from vigil.lists.models import PendingImport

    stored_as, size = store_upload(chunks)
    return PendingImport.objects.create(
        organisation_id=organisation_id, uploaded_by=uploaded_by, list_name=list_name,
        file_name=file_name, stored_as=stored_as, size=size, mapping=mapping, as_of=as_of)


def forget_file(sender, instance, **kwargs) -> None:
    """post_delete of a PendingImport (also on queryset deletes): its file goes too, once
    the deletion is committed (an import rolled back still finds its file)."""
    if instance.stored_as:
        stored_as = instance.stored_as
        transaction.on_commit(lambda: delete_upload(stored_as), using=kwargs.get("using"))
