"""Record, supersede, withdraw and compare editions of controlled documents."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState, WorkflowState

from ..models import Edition, EditionState
from ..models.identification import IdentifiedDocument

_finishing_workflow: ContextVar[WorkflowState | None] = ContextVar("finishing_workflow", default=None)


class EditionRefused(ValueError):
    """A change to the edition history that the rules refuse; str() is the user-facing message."""


def content_hash(revision: Revision) -> str:
    """SHA-256 of the frozen revision content, so anyone can check an edition was not altered."""
    payload = json.dumps(revision.content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@contextmanager
def finishing_workflow(state: WorkflowState) -> Iterator[None]:
    """Marks the publish that the last approval of `state` triggers (see workflow_finish)."""
    token = _finishing_workflow.set(state)
    try:
        yield
    finally:
        _finishing_workflow.reset(token)


def approving_workflow(page: IdentifiedDocument, revision: Revision) -> WorkflowState | None:
    """The finished workflow run that approved this revision: the one finishing now, or (for a publish
    scheduled by an approval and carried out later) the approved run whose steps approved this revision."""
    state = _finishing_workflow.get()
    if state is not None and str(state.object_id) == str(page.pk):
        return state
    approved = (
        TaskState.objects.filter(
            revision=revision, status=TaskState.STATUS_APPROVED, workflow_state__status=WorkflowState.STATUS_APPROVED
        )
        .select_related("workflow_state")
        .order_by("-finished_at")
        .first()
    )
    return approved.workflow_state if approved else None


def approvals_of(state: WorkflowState, revision: Revision | None = None):
    """The steps of a run approved on the revision that counts (earlier revisions' approvals do not, since
    WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT), oldest first."""
    approved = TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
    if revision is not None:
        approved = approved.filter(revision=revision)
    return approved.select_related("finished_by", "task").order_by("finished_at", "pk")


def signoffs_of(state: WorkflowState | None, revision: Revision) -> list[dict]:
    """Drafted / reviewed / checked / approved: who and when, from the workflow that approved this revision."""
    if state is None:
        author = revision.user
        return [_signoff("drafted", "", author, revision.created_at)] if author else []
    out = [_signoff("drafted", "", state.requested_by, state.created_at)] if state.requested_by else []
    for task_state in approvals_of(state, revision):
        role = getattr(task_state.task.specific, "signoff_role", "") or "approved"
        out.append(_signoff(role, task_state.task.name, task_state.finished_by, task_state.finished_at))
    return out


def final_approver(state: WorkflowState | None, revision: Revision):
    """Who approved the last step: the person who issued the edition (None when no workflow approved it)."""
    if state is None:
        return None
    last = approvals_of(state, revision).last()
    return last.finished_by if last else None


def _signoff(role: str, task: str, user, at) -> dict:
    name = (user.get_full_name() or user.get_username()) if user else ""
    return {"role": role, "task": task, "user_id": user.pk if user else None, "name": name, "at": at.isoformat()}


@transaction.atomic
def record_edition(page: IdentifiedDocument, revision: Revision) -> Edition | None:
    """Called when a document is published: freeze the revision as the next edition, supersede the previous one.

    The edition's sign-offs and its publisher (the final approver) come from the workflow run that approved
    the revision; a publish no workflow approved (the national-procedure import, fixtures) names nobody.
    A publish scheduled for later records nothing until the page actually goes live."""
    page = type(page).objects.select_for_update().get(pk=page.pk)
    if not page.live:
        return None
    existing = Edition.objects.filter(page=page, revision=revision).first()
    if existing is not None:
        return existing
    previous = Edition.objects.filter(page=page, state=EditionState.CURRENT).first()
    last_number = Edition.objects.filter(page=page).aggregate(n=Max("number"))["n"]
    number = (last_number + 1) if last_number else max(page.edition or 1, 1)
    now = timezone.now()
    state = approving_workflow(page, revision)
    summary = page.change_summary.strip() or (_("Ban hành lần đầu") if previous is None else "")
    if not summary:
        raise EditionRefused(_("Thiếu tóm tắt nội dung sửa đổi: không thể ban hành lần sửa đổi."))
    effective = (
        page.effective_on
        if page.effective_on and (previous is None or page.effective_on > previous.effective_on)
        else now.date()
    )
    if previous is not None:
        previous.state = EditionState.OBSOLETE
        previous.superseded_at = now
        previous.save(allow_state_change=True)
    edition = Edition.objects.create(
        page=page,
        number=number,
        revision=revision,
        title=page.display_name,
        iso_code=page.iso_code,
        effective_on=effective,
        change_summary=summary,
        change_legal_basis=page.change_legal_basis.strip(),
        signoffs=signoffs_of(state, revision),
        published_by=final_approver(state, revision),
        published_at=now,
        content_hash=content_hash(revision),
    )
    review_due = _add_months(effective, page.review_period_months or 12)
    # The live row carries the edition number and dates; the frozen revision keeps what was approved.
    type(page).objects.filter(pk=page.pk).update(edition=number, effective_on=effective, review_due_on=review_due)
    return edition


@transaction.atomic
def withdraw(page: IdentifiedDocument, user, reason: str) -> Edition:
    """Withdraw a document: it leaves the site, its last edition is marked withdrawn, nothing is deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise EditionRefused(_("Cần ghi lý do thu hồi tài liệu."))
    current = Edition.objects.select_for_update().filter(page=page, state=EditionState.CURRENT).first()
    if current is None:
        raise EditionRefused(_("Tài liệu chưa có lần ban hành đang hiệu lực để thu hồi."))
    current.state = EditionState.WITHDRAWN
    current.superseded_at = timezone.now()
    current.save(allow_state_change=True)
    if page.live:
        # The quality officer's authority to withdraw was checked by the caller (permissions.can_withdraw).
        UnpublishPageAction(page, user=user, log_action=False).execute(skip_permission_checks=True)
    log(instance=page, action="qms.withdraw", user=user, data={"reason": reason, "edition": current.number})
    return current


@transaction.atomic
def withdraw_on_unpublish(page: IdentifiedDocument) -> Edition | None:
    """A document taken off the site by any other road (a scheduled expiry, code calling unpublish()) is
    withdrawn too: no unpublished document keeps a current edition. withdraw() has already stamped its own."""
    current = Edition.objects.select_for_update().filter(page_id=page.pk, state=EditionState.CURRENT).first()
    if current is None:
        return None
    current.state = EditionState.WITHDRAWN
    current.superseded_at = timezone.now()
    current.save(allow_state_change=True)
    reason = _("Hết thời hạn hiển thị theo lịch") if page.expired else _("Gỡ khỏi trang (không qua báo cáo tài liệu)")
    log(instance=page, action="qms.withdraw", user=None, data={"reason": reason, "edition": current.number})
    return current


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def edition_text(edition: Edition) -> list[tuple[str, str]]:
    """The edition's content as (section label, plain text) pairs, for comparison and audit."""
    obj = edition.revision.as_object()
    sections = []
    for field in obj._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in _BOOKKEEPING or field.is_relation:
            continue
        value = getattr(obj, field.name, "")
        if hasattr(value, "raw_data"):
            value = "\n".join(_block_text(block) for block in value.raw_data)
        text = "" if value in (None, "") else str(value)
        if text:
            sections.append((str(field.verbose_name).capitalize(), text))
    return sections


# fmt: off
_BOOKKEEPING = {
    "id", "path", "depth", "numchild", "translation_key", "live", "has_unpublished_changes", "url_path", "owner",
    "locked", "locked_at", "locked_by", "latest_revision_created_at", "first_published_at", "last_published_at",
    "live_revision", "latest_revision", "draft_title", "alias_of", "locale", "content_type", "go_live_at",
    "expire_at", "expired", "show_in_menus", "tthc_raw", "tthc_source_hash", "change_summary", "change_legal_basis",
    "edition", "review_due_on", "page_ptr", "seo_title", "search_description", "slug",
}
# fmt: on


def _block_text(block: dict) -> str:
    value = block.get("value")
    if isinstance(value, dict):
        return " · ".join(str(v) for v in value.values() if v not in (None, ""))
    return str(value)


def compare_editions(older: Edition, newer: Edition) -> list[dict]:
    """Side-by-side differences between two editions, section by section (only changed sections)."""
    left, right = dict(edition_text(older)), dict(edition_text(newer))
    rows = []
    for label in list(dict.fromkeys([*left, *right])):
        a, b = left.get(label, ""), right.get(label, "")
        if a == b:
            continue
        diff = difflib.HtmlDiff(wrapcolumn=70).make_table(a.splitlines(), b.splitlines(), context=True, numlines=2)
        rows.append({"label": label, "before": a, "after": b, "table": diff})
    return rows
