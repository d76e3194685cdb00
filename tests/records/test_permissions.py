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
