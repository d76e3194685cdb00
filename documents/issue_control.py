"""Issue only through approval: the guards that close Wagtail's other roads to publishing a controlled document.

A document (any IdentifiedDocument page) goes live only when the last step of its department's workflow
approves it (workflow_finish), and leaves the site only by withdrawal (services.editions.withdraw). Wagtail
offers other roads, to superusers too; they are closed at the model, so every view that asks is refused:

- the permission tester of a document answers "no" to publish and unpublish for everyone, and "no" to move
  once the document has been issued: the edit view, bulk publish/unpublish (with or without descendants),
  the unpublish view and the page listings all ask it;
- a copy of a document is a new draft without the source's codes, editions or sign-offs (the copy form
  offers neither "publish copies" nor alias, and the model turns a live copy into a draft whatever road
  made it); an alias of a document is refused;
- any unpublish that still happens (a scheduled expiry, code) withdraws the current edition
  (services.editions.withdraw_on_unpublish), and every edition names the approvers of its workflow run.

Code that publishes on nobody's behalf (the national-procedure import, the demo seed, test fixtures) calls
``revision.publish()`` without a user, as before: permission checks apply only to a user.
The admin hooks in wagtail_hooks.py turn the bulk and copy roads' refusals into a clear message.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.admin.forms.pages import CopyForm
from wagtail.models import Page, PagePermissionTester

# A copy is a new document: codes are never reused, and its edition history and sign-offs are its own.
FIELDS_NOT_COPIED = [
    "iso_code",
    "tthc_code",
    "tthc_source_hash",
    "edition",
    "issued_on",
    "effective_on",
    "review_due_on",
    "change_summary",
    "change_legal_basis",
    "approvals",
    "amendments",
]


class IssueRefused(PermissionDenied):
    """A road to issuing or withdrawing a document outside the workflow; str() is the user-facing message."""


class DocumentPermissionTester(PagePermissionTester):
    """Nobody, superusers included, publishes or unpublishes a document with Wagtail's own actions."""

    def can_publish(self):
        return False

    def can_unpublish(self):
        return False

    def can_move(self):
        # An issued document's owning department is part of its identification: it stays where it was issued
        # (first_published_at marks a document ever issued, withdrawn ones included, without a query).
        return self.page.first_published_at is None and super().can_move()


class DocumentCopyForm(CopyForm):
    """Wagtail's copy form without "publish copies" and "alias": a document's copy is always a draft."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("publish_copies", None)
        self.fields.pop("alias", None)


def document_pages(pages, *, descendants: bool = False, live: bool | None = None):
    """The controlled documents among `pages` (and their descendants), as a queryset of base pages."""
    from .permissions import DOCUMENT_MODELS

    pages = list(pages)
    if not pages:
        return Page.objects.none()
    scope = Page.objects.filter(pk__in=[p.pk for p in pages])
    if descendants:
        for page in pages:
            scope = scope | Page.objects.descendant_of(page)
    scope = scope.type(*DOCUMENT_MODELS)
    if live is not None:
        scope = scope.filter(live=live)
    return scope


def holds_issued_documents(pages) -> bool:
    from .models import Edition

    ids = document_pages(pages, descendants=True).values("pk")
    return Edition.objects.filter(page_id__in=ids).exists()


def as_draft_if_copied(page) -> None:
    """Called by IdentifiedDocument.save(): a new row that already carries publication pointers is a copy
    (CopyPageAction with keep_live, by any road); it is saved as a draft instead. Aliases are refused."""
    if page._state.adding and page.alias_of_id:
        raise IssueRefused(_("Không tạo bí danh (alias) của tài liệu kiểm soát: hãy sao chép thành bản nháp."))
    copied_live = page._state.adding and page.live and (page.live_revision_id or page.first_published_at)
    if copied_live:
        page.live = False
        page.has_unpublished_changes = True
        page._copied_as_draft = True
    if copied_live or getattr(page, "_copied_as_draft", False):
        # CopyPageAction saves the copy's live revision and dates once more after creating it.
        page.live_revision = None
        page.first_published_at = page.last_published_at = None


def bulk_refusal(action_type: str, pages, include_descendants: bool = False) -> str | None:
    """Why a bulk action on these pages is refused (they are, or hold, controlled documents), or None."""
    if action_type == "publish" and document_pages(pages, descendants=include_descendants).exists():
        return _(
            "Tài liệu kiểm soát chỉ được ban hành qua quy trình phê duyệt, không xuất bản hàng loạt: "
            "hãy trình duyệt từng tài liệu. Không trang nào được xuất bản."
        )
    if action_type == "unpublish" and document_pages(pages, descendants=include_descendants, live=True).exists():
        return _(
            "Tài liệu kiểm soát chỉ được thu hồi từ Báo cáo tài liệu (ghi lý do, lưu lần ban hành), "
            "không gỡ xuất bản hàng loạt. Không trang nào bị gỡ."
        )
    if action_type == "delete" and document_pages(pages, descendants=True).exists():
        return _(
            "Tài liệu kiểm soát không bao giờ bị xóa: hãy thu hồi tài liệu (báo cáo tài liệu → Thu hồi). "
            "Không trang nào bị xóa."
        )
    if action_type == "move" and holds_issued_documents(pages):
        return move_refused_message()
    return None


def move_refused_message() -> str:
    return _(
        "Tài liệu đã ban hành thuộc phòng ban đã ban hành nó, không được chuyển đi: "
        "hãy thu hồi và soạn tài liệu mới ở phòng ban kia. Không trang nào được chuyển."
    )
