"""Records are seen by their department, the agency's officer and leader, and explicit guardian grants."""

from django.contrib.auth.models import AnonymousUser

from records.permissions import can_view_record, grant_view, revoke_view, viewable_records
from records.services.integrity import create_record


def test_department_default_and_explicit_grant(org):
    record = create_record(agency=org.agency, department=org.dept_a, title="Sổ hộ tịch")
    users = org.users
    expected = {"staff_a": True, "head_a": True, "officer": True, "leader": True, "superuser": True}
    expected |= {"staff_b": False, "head_b": False}
    assert {name: can_view_record(user, record) for name, user in users.items()} == expected
    assert not viewable_records(AnonymousUser()).exists()
    grant_view(record, users["staff_b"], by=users["officer"])
    assert can_view_record(users["staff_b"], record)
    revoke_view(record, users["staff_b"], by=users["officer"])
    assert not can_view_record(users["staff_b"], record)


def test_group_grant(org):
    from django.contrib.auth.models import Group

    record = create_record(agency=org.agency, department=org.dept_a, title="Sổ hộ tịch")
    auditors = Group.objects.create(name="Đoàn đánh giá")
    org.users["staff_b"].groups.add(auditors)
    grant_view(record, auditors)
    assert can_view_record(org.users["staff_b"], record)


def test_dossier_slips_follow_the_dossier_and_grants(org):
    from records.models import QualityRecord
    from records.permissions import can_view_dossier, granted_ids, viewable_dossiers
    from records.services import dossiers

    from .dossier_helpers import local, one_stop_procedure

    dossier, _secret = dossiers.receive(one_stop_procedure(org), applicant_name="A", received_at=local(2026, 3, 2, 9))
    slip = QualityRecord.objects.get(dossier=dossier)
    users = org.users
    for name, user in users.items():  # the record-side check agrees with the queryset
        assert can_view_record(user, slip) == viewable_records(user).filter(pk=slip.pk).exists(), name
    assert not can_view_dossier(users["staff_b"], dossier) and not can_view_record(users["staff_b"], slip)
    grant_view(dossier, users["staff_b"], by=users["officer"])
    assert granted_ids(users["staff_b"], type(dossier)) == [dossier.pk]
    assert can_view_dossier(users["staff_b"], dossier) and can_view_record(users["staff_b"], slip)
    assert list(viewable_dossiers(users["staff_b"])) == [dossier]
