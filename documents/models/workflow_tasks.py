"""The approval task of a department's workflow, with segregation of duties and a freshness check."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState


class SignoffRole(models.TextChoices):
    REVIEWED = "reviewed", _("Xem xét (trưởng phòng)")
    CHECKED = "checked", _("Kiểm tra (thư ký ISO)")
    APPROVED = "approved", _("Phê duyệt (lãnh đạo)")


class ApprovalRefused(PermissionDenied):
    """A workflow action the rules refuse; str() is the message shown to the user."""


class DepartmentApprovalTask(AbstractGroupApprovalTask):
    """A group approval step in which nobody approves what they submitted or last changed themselves, nobody
    signs two steps of the same edition (superusers included), and nobody approves a revision other than the
    one the task started on."""

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

    @staticmethod
    def signers_of(task_state: TaskState) -> set[int]:
        """Users who approved another step of this run on the same revision: the edition's other sign-offs."""
        approved = TaskState.objects.filter(
            workflow_state_id=task_state.workflow_state_id,
            revision_id=task_state.revision_id,
            status=TaskState.STATUS_APPROVED,
        ).exclude(pk=task_state.pk)
        return set(approved.exclude(finished_by=None).values_list("finished_by_id", flat=True))

    def others_who_may_approve(self, task_state: TaskState, user) -> list[str]:
        """Names of the members of this step's groups who are neither authors nor signers of this edition."""
        blocked = {user.pk} | self.signers_of(task_state) | self.authors_of(task_state.workflow_state.content_object)
        members = (
            get_user_model()
            .objects.filter(is_active=True, groups__in=self.groups.all())
            .exclude(pk__in=blocked)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        return [member.get_full_name() or member.get_username() for member in members[:10]]

    def _signed_twice_message(self, task_state: TaskState, user) -> str:
        refusal = gettext("Bạn đã ký một bước khác của lần ban hành này; một người không ký hai bước.")
        others = self.others_who_may_approve(task_state, user)
        if others:
            who = gettext("Người có thể duyệt bước này: %(names)s.") % {"names": ", ".join(others)}
        else:
            groups = ", ".join(group.name for group in self.groups.all())
            who = gettext("Không còn ai khác trong nhóm được giao bước này (%(groups)s): cần bổ sung người vào nhóm.")
            who %= {"groups": groups}
        return f"{refusal} {who}"

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
            if user.pk in self.signers_of(task_state):
                return self._signed_twice_message(task_state, user)
            latest = obj.get_latest_revision()
            if latest is not None and task_state.revision_id != latest.pk:
                return str(
                    _("Nội dung đã thay đổi sau khi bước này bắt đầu; hãy xem lại phiên bản mới trước khi phê duyệt.")
                )
        return None

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self._may_not_approve(obj, user):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def _may_not_approve(self, obj, user) -> bool:
        if user.pk in self.authors_of(obj):
            return True
        task_state = obj.current_workflow_task_state
        return task_state is not None and task_state.task_id == self.pk and user.pk in self.signers_of(task_state)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        signed_another_step = TaskState.objects.filter(
            workflow_state=OuterRef("workflow_state"),
            revision=OuterRef("revision"),
            status=TaskState.STATUS_APPROVED,
            finished_by=user,
        )
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
            .exclude(Exists(signed_another_step))
        )

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Lock the task state so two reviewers acting at once cannot both move it.
        locked = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        reason = self.refusal(locked, user, action_name)
        if reason:
            raise ApprovalRefused(reason)
        return super().on_action(locked, user, action_name, **kwargs)
