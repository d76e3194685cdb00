"""The one road by which a stored file leaves the server: a view that asks the file's owner who may read it.

Nothing serves ``MEDIA_ROOT`` raw, in any settings mode (the web server must not either, see README).
``MEDIA_URL`` points at :func:`serve_stored_file`, so every ``FieldFile.url`` (a Wagtail image rendition in a
page body, a user's avatar, a record's file) reaches this view; it finds which app owns the name by its first
folder (``records/``, ``documents/``, ``images/`` …) and serves the file only if that app's check says the
requesting user may read the object the file belongs to. A name no app claims is never served.

Apps register their checks in ``AppConfig.ready`` (:func:`register_owner`), so this module imports no app.
Stored names also carry a random folder (:class:`PrivateFileStorage`): a slip's name no longer follows from
its receipt number, as defence in depth should a proxy ever be misconfigured to serve the folder.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import secrets
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# A check answers for one stored name: True (may read), False (may not), None (no such object: not found).
OwnerCheck = Callable[[object, str], bool | None]
_owners: dict[str, OwnerCheck] = {}
TOKEN_BYTES = 12  # 96 random bits per stored name


def register_owner(folder: str, check: OwnerCheck) -> None:
    """Let ``check(user, name)`` decide who reads the stored files whose name starts with ``folder/``."""
    _owners[folder.strip("/")] = check


def owner_of(name: str) -> OwnerCheck | None:
    return _owners.get(name.split("/", 1)[0])


class PrivateFileStorage(FileSystemStorage):
    """The local file storage, with a random folder in every new name (``records/2026/12/<random>/slip.docx``).

    The readable file name stays last, so downloads keep it; Django still truncates the name to the field's
    ``max_length`` if the random folder makes it too long."""

    def get_available_name(self, name, max_length=None):
        folder, base = posixpath.split(str(name).replace("\\", "/"))
        name = posixpath.join(folder, secrets.token_hex(TOKEN_BYTES), base)
        return super().get_available_name(name, max_length=max_length)


def clean_name(name: str) -> str:
    """The stored name a URL path stands for, or Http404 for anything that leaves the media folder."""
    if "\x00" in name or "\\" in name:
        raise Http404
    normal = posixpath.normpath("/" + name).lstrip("/")
    if not normal or normal != name or normal.startswith("."):
        raise Http404
    return normal


@require_safe
def serve_stored_file(request, name: str):
    """Serve one stored file to a user its owner allows (anonymous visitors are sent to the login page)."""
    name = clean_name(name)
    check = owner_of(name)
    if check is None:
        raise Http404
    allowed = check(request.user, name)
    if allowed is None:
        raise Http404
    if not allowed:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation, OSError) as exc:
        raise Http404 from exc
    content_type, _ = mimetypes.guess_type(name)
    inline = bool(content_type) and content_type.split("/")[0] == "image" and content_type != "image/svg+xml"
    response = FileResponse(
        handle, as_attachment=not inline, filename=os.path.basename(name), content_type=content_type
    )
    # Whatever the file holds, it never runs as a page of this site, and no shared cache keeps it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
