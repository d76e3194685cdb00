"""seed_demo builds the demo world from (a sample of) the real national file, and is safe to run twice."""

import gzip
import io
import json

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from documents.demo.organisation import COMMUNE_CODE, DEMO_PASSWORD, PROVINCE_JUSTICE_CODE, USERS
from documents.models import Agency, Department, DepartmentSectionPage, ProcedurePage
from tests.conftest import SHARED_DATA


@pytest.fixture
def sample_data_dir(tmp_path):
    """A copy of the national file holding a few records of each kind the seed must route or leave out."""
    wanted = {("Hộ tịch", "xã"): 4, ("Đất đai", "xã"): 3, ("Công chứng", "tỉnh"): 3, ("Hải quan", "xã"): 2}
    taken = dict.fromkeys(wanted, 0)
    lines = []
    with gzip.open(SHARED_DATA / "tthc" / "national-2642.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            for field, level in wanted:
                if record["linh_vuc"] == field and level in record["cap_thuc_hien"] and taken[(field, level)] < wanted[(field, level)]:
                    taken[(field, level)] += 1
                    lines.append(line)
    (tmp_path / "tthc").mkdir()
    with gzip.open(tmp_path / "tthc" / "national-2642.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return tmp_path


def run_seed(data_dir):
    out = io.StringIO()
    call_command("seed_demo", "--data-dir", str(data_dir), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot():
    return {
        "agencies": Agency.objects.count(),
        "departments": Department.objects.count(),
        "sections": DepartmentSectionPage.objects.count(),
        "procedures": sorted(ProcedurePage.objects.values_list("agency__code", "department__code", "tthc_field")),
        "users": get_user_model().objects.filter(username__in=[u["username"] for u in USERS]).count(),
    }


def test_seed_builds_agencies_departments_users_and_procedures(db, sample_data_dir):
    run_seed(sample_data_dir)
    state = snapshot()
    assert state["agencies"] == 2
    assert state["sections"] == state["departments"] >= 10
    assert state["users"] == len(USERS)
    procedures = state["procedures"]
    assert procedures.count((COMMUNE_CODE, "TUPHAP", "Hộ tịch")) == 4
    assert procedures.count((COMMUNE_CODE, "DIACHINH", "Đất đai")) == 3
    assert procedures.count((PROVINCE_JUSTICE_CODE, "BTTP", "Công chứng")) == 3
    assert not [p for p in procedures if p[2] == "Hải quan"], "fields no demo department handles stay out"
    assert Department.objects.get(agency__code=COMMUNE_CODE, code="TUPHAP").head.username == "truongphong"


def test_seed_twice_changes_nothing(db, sample_data_dir):
    run_seed(sample_data_dir)
    first = snapshot()
    second_output = run_seed(sample_data_dir)
    assert snapshot() == first
    assert "created 0, updated 0" in second_output


def test_demo_logins_work_and_the_admin_opens(db, client, sample_data_dir):
    run_seed(sample_data_dir)
    for spec in USERS:  # axes (login throttling) needs the request every real login has
        request = RequestFactory().post("/admin/login/")
        assert authenticate(request, username=spec["username"], password=DEMO_PASSWORD) is not None, spec["username"]
    response = client.post(reverse("wagtailadmin_login"), {"username": "thuky", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_if_empty_leaves_an_existing_database_alone(db, sample_data_dir, agency):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--data-dir", str(sample_data_dir), stdout=out)
    assert "left as it is" in out.getvalue()
    assert Agency.objects.count() == 1
