"""Who may read the files the documents app stores: Wagtail documents (attachments), images and avatars.

Attachments and images follow ``documents.permissions.viewable_documents``, the one rule that also serves
Wagtail's document view (the ``before_serve_document`` hook), the admin listings and the choosers.
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .permissions import can_view_document


def _document_check(user, name: str) -> bool | None:
    document = get_document_model().objects.filter(file=name).first()
    return None if document is None else can_view_document(user, document)


def _original_image_check(user, name: str) -> bool | None:
    image = get_image_model().objects.filter(file=name).first()
    return None if image is None else can_view_document(user, image)


def _rendition_check(user, name: str) -> bool | None:
    rendition = get_image_model().get_rendition_model().objects.filter(file=name).select_related("image").first()
    return None if rendition is None else can_view_document(user, rendition.image)


def _avatar_check(user, name: str) -> bool | None:
    from wagtail.users.models import UserProfile

    if not UserProfile.objects.filter(avatar=name).exists():
        return None
    return bool(user and user.is_authenticated)


def register_file_owners() -> None:
    from qms.files import register_owner

    register_owner("documents", _document_check)
    register_owner("original_images", _original_image_check)
    register_owner("images", _rendition_check)
    register_owner("avatar_images", _avatar_check)
