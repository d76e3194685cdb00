"""Who may see quality records and dossiers: one query per resource, reused by admin, views and exports.

- the department that handles it (the record's department; for a dossier, its handling department,
  its receiving desk and every department a step was transferred to);
- the agency's quality officers and leaders;
- users or groups granted ``view_<model>`` on that object with django-guardian;
- superusers.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.log_actions import log

from documents.permissions import UserScope, scope_for

from .models import Dossier, DossierStep, QualityRecord


def _handled_q(scope: UserScope) -> Q:
    stepped = DossierStep.objects.filter(department_id__in=scope.departments).values("dossier_id")
    return Q(department_id__in=scope.departments) | Q(receiving_department_id__in=scope.departments) | Q(pk__in=stepped)


def viewable_dossiers(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Dossier.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    scope = scope_for(user)
    allowed = (
        _handled_q(scope) | Q(agency_id__in=scope.overseen_agencies) | Q(pk__in=scope.granted(Dossier).values("pk"))
    )
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
        | Q(pk__in=scope.granted(QualityRecord).values("pk"))
    )
    return queryset.filter(allowed)


def can_view_record(user, record: QualityRecord) -> bool:
    return viewable_records(user).filter(pk=record.pk).exists()


def _perm(obj) -> str:
    return f"{obj._meta.app_label}.view_{obj._meta.model_name}"


def grant_view(obj, principal, by=None) -> None:
    """Let a user or group outside the handling departments open one record or dossier; audit-logged."""
    assign_perm(_perm(obj), principal, obj)
    log(instance=obj, action="qms.permission_change", user=by, data={"grant": str(principal)})


def revoke_view(obj, principal, by=None) -> None:
    remove_perm(_perm(obj), principal, obj)
    log(instance=obj, action="qms.permission_change", user=by, data={"revoke": str(principal)})
