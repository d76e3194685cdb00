"""Who may read the files the documents app stores: Wagtail documents (attachments), images and avatars.

One rule for attachments and images, shared by the file road (qms.files) and Wagtail's document serve view
(the ``before_serve_document`` hook): a file is read by whoever may open at least one page that uses it, or
edit one (an author previewing a draft); a file no page uses yet, only by logged-in staff.
"""

from __future__ import annotations

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

from .permissions import viewable_pages


def pages_using(obj) -> list[int]:
    """Ids of the pages whose content refers to ``obj`` (Wagtail's reference index)."""
    users = ReferenceIndex.get_references_to(obj).filter(base_content_type__app_label="wagtailcore")
    return [int(pk) for pk in users.values_list("object_id", flat=True)]


def may_read_attachment(user, obj) -> bool:
    page_ids = pages_using(obj)
    if not page_ids:
        return bool(user and user.is_authenticated)
    if viewable_pages(user).filter(pk__in=page_ids).exists():
        return True
    if user is None or not user.is_authenticated:
        return False
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
    return editable.filter(pk__in=page_ids).exists()


def _document_check(user, name: str) -> bool | None:
    document = get_document_model().objects.filter(file=name).first()
    return None if document is None else may_read_attachment(user, document)


def _original_image_check(user, name: str) -> bool | None:
    image = get_image_model().objects.filter(file=name).first()
    return None if image is None else may_read_attachment(user, image)


def _rendition_check(user, name: str) -> bool | None:
    rendition = get_image_model().get_rendition_model().objects.filter(file=name).select_related("image").first()
    return None if rendition is None else may_read_attachment(user, rendition.image)


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
