"""The approval task of a department's workflow, with segregation of duties and a freshness check."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState


class SignoffRole(models.TextChoices):
    REVIEWED = "reviewed", _("Xem xét (trưởng phòng)")
    CHECKED = "checked", _("Kiểm tra (thư ký ISO)")
    APPROVED = "approved", _("Phê duyệt (lãnh đạo)")


class ApprovalRefused(PermissionDenied):
    """A workflow action the rules refuse; str() is the message shown to the user."""


class DepartmentApprovalTask(AbstractGroupApprovalTask):
    """A group approval step in which nobody approves what they submitted or last changed themselves,
    superusers included, and nobody approves a revision other than the one the task started on."""

    signoff_role = models.CharField(_("vai trò ký"), max_length=16, choices=SignoffRole.choices)

    admin_form_fields = [*AbstractGroupApprovalTask.admin_form_fields, "signoff_role"]

    class Meta:
        verbose_name = _("bước phê duyệt của phòng ban")
        verbose_name_plural = _("bước phê duyệt của phòng ban")

    @staticmethod
    def authors_of(obj) -> set[int]:
        """Users who submitted the current workflow or wrote the revision under review."""
        authors = set()
        state = WorkflowState.objects.for_instance(obj).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
        if state and state.requested_by_id:
            authors.add(state.requested_by_id)
        latest = obj.get_latest_revision()
        if latest and latest.user_id:
            authors.add(latest.user_id)
        return authors

    def refusal(self, task_state: TaskState, user, action_name: str) -> str | None:
        """Why this user may not take this action now, or None when they may."""
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            return str(_("Bước này đã được người khác xử lý; không có thay đổi nào được thực hiện."))
        if not (user.is_superuser or self._user_in_groups(user)):
            return str(_("Bạn không thuộc nhóm được giao bước phê duyệt này."))
        obj = task_state.workflow_state.content_object
        if action_name == "approve":
            if user.pk in self.authors_of(obj):
                return str(_("Không được tự phê duyệt nội dung do chính mình trình hoặc sửa (phân tách trách nhiệm)."))
            latest = obj.get_latest_revision()
            if latest is not None and task_state.revision_id != latest.pk:
                return str(
                    _("Nội dung đã thay đổi sau khi bước này bắt đầu; hãy xem lại phiên bản mới trước khi phê duyệt.")
                )
        return None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and user.pk in self.authors_of(obj):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(
            workflow_state__requested_by=user
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Lock the task state so two reviewers acting at once cannot both move it.
        locked = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        reason = self.refusal(locked, user, action_name)
        if reason:
            raise ApprovalRefused(reason)
        return super().on_action(locked, user, action_name, **kwargs)
