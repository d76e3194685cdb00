"""Who may see quality records and dossiers: one query per resource, reused by admin, views and exports.

- the department that handles it (the record's department; for a dossier, its handling department,
  its receiving desk and every department a step was transferred to);
- the agency's quality officers and leaders;
- users or groups granted ``view_<model>`` on that object with django-guardian;
- superusers.

Acting on a dossier (receiving, transferring, asking for a supplement, refusing, finishing, returning)
is for the staff and heads of the departments that handle it now: the receiving desk, the handling
department and the department of the current step. Quality officers and leaders see, they do not act.
"""

from __future__ import annotations

from itertools import chain

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.log_actions import log

from documents.models import Department, ProcedurePage
from documents.permissions import UserScope, scope_for

from .models import Dossier, DossierStep, QualityRecord


def _handled_q(scope: UserScope) -> Q:
    # A correlated EXISTS, not "pk IN (every step of the department)": the planner probes the steps of
    # the dossiers it is looking at instead of hashing millions of steps.
    stepped = DossierStep.objects.filter(dossier_id=OuterRef("pk"), department_id__in=scope.departments)
    return Q(department_id__in=scope.departments) | Q(receiving_department_id__in=scope.departments) | Exists(stepped)


def granted_ids(user, model) -> list[int]:
    """Primary keys of the ``model`` rows granted to the user (or their groups) with django-guardian.

    Read from guardian's own (small) tables, so the permission filter is a short list of ids rather
    than a subquery over a million dossiers.
    """
    content_type = ContentType.objects.get_for_model(model)
    codename = f"view_{model._meta.model_name}"
    found = (
        UserObjectPermission.objects.filter(user=user, content_type=content_type, permission__codename=codename),
        GroupObjectPermission.objects.filter(
            group__user=user, content_type=content_type, permission__codename=codename
        ),
    )
    return sorted({int(pk) for pk in chain(*(rows.values_list("object_pk", flat=True) for rows in found))})


def viewable_dossiers(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Dossier.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = scope_for(user)
    allowed = _handled_q(scope) | Q(agency_id__in=scope.overseen_agencies) | Q(pk__in=granted_ids(user, Dossier))
    return queryset.filter(allowed)


def viewable_records(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = QualityRecord.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = scope_for(user)
    allowed = (
        Q(department_id__in=scope.departments)
        | Q(agency_id__in=scope.overseen_agencies)
        | Q(dossier_id__in=viewable_dossiers(user).values("pk"))
        | Q(pk__in=granted_ids(user, QualityRecord))
    )
    return queryset.filter(allowed)


def can_view_dossier(user, dossier: Dossier) -> bool:
    return viewable_dossiers(user).filter(pk=dossier.pk).exists()


def receivable_procedures(user) -> QuerySet:
    """Published procedures this user may receive dossiers for: at the agency's one-stop desk, or in the
    procedure's own department."""
    procedures = ProcedurePage.objects.live()
    if user is None or not user.is_authenticated:
        return procedures.none()
    if user.is_superuser:
        return procedures
    departments = scope_for(user).departments
    desks = Department.objects.filter(pk__in=departments, is_one_stop=True).values("agency_id")
    return procedures.filter(Q(department_id__in=departments) | Q(agency_id__in=desks))


def receiving_desk(user, procedure: ProcedurePage) -> Department | None:
    """The one-stop desk of the procedure's agency the user works at, if any (else the agency's default)."""
    if user is None or not user.is_authenticated:
        return None
    departments = scope_for(user).departments
    return Department.objects.filter(pk__in=departments, agency_id=procedure.agency_id, is_one_stop=True).first()


def acting_departments(dossier: Dossier) -> set[int]:
    current = (
        dossier.steps.filter(started_at__isnull=False, finished_at__isnull=True)
        .order_by("order")
        .values_list("department_id", flat=True)
        .first()
    )
    return {dossier.receiving_department_id, dossier.department_id} | ({current} if current else set())


def can_act(user, dossier: Dossier) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(scope_for(user).departments & acting_departments(dossier))


def can_view_record(user, record: QualityRecord) -> bool:
    """``record in viewable_records(user)``, checked from the record's side (no scan of the dossiers)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = scope_for(user)
    if record.department_id in scope.departments or record.agency_id in scope.overseen_agencies:
        return True
    if record.dossier_id is not None and viewable_dossiers(user).filter(pk=record.dossier_id).exists():
        return True
    return record.pk in granted_ids(user, QualityRecord)


def _perm(obj) -> str:
    return f"{obj._meta.app_label}.view_{obj._meta.model_name}"


def grant_view(obj, principal, by=None) -> None:
    """Let a user or group outside the handling departments open one record or dossier; audit-logged."""
    assign_perm(_perm(obj), principal, obj)
    log(instance=obj, action="qms.permission_change", user=by, data={"grant": str(principal)})


def revoke_view(obj, principal, by=None) -> None:
    remove_perm(_perm(obj), principal, obj)
    log(instance=obj, action="qms.permission_change", user=by, data={"revoke": str(principal)})
