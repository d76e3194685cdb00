"""The staff search page inside the admin: same service, same permissions, admin login required."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from documents.models import RoleKind
from documents.services.roles import assign_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(justice_section, make_procedure):
    return make_procedure(justice_section, "Hướng dẫn nội bộ tiếp nhận hồ sơ khai sinh", visibility="internal")


@pytest.fixture
def clerk(agency, justice):
    user = get_user_model().objects.create_user("canbo", password="x")
    assign_role(user, RoleKind.STAFF, agency, justice)
    return user


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(reverse("qms_search_admin"), {"q": "khai sinh"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_find_internal_documents_in_the_admin(client, clerk, internal):
    client.force_login(clerk)
    response = client.get(reverse("qms_search_admin"), {"q": "huong dan noi bo tiep nhan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{internal.url}"' in html
    assert "<mark>" in html  # matched words highlighted in the title
    assert 'action="/admin/tim-kiem/"' in html


def test_the_public_page_does_not_show_internal_documents(client, internal, justice_section, make_procedure):
    public = make_procedure(justice_section, "Hướng dẫn tiếp nhận hồ sơ khai sinh cho công dân")
    response = client.get(reverse("qms_search:search"), {"q": "huong dan noi bo tiep nhan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{public.url}"' in html
    assert f'href="{internal.url}"' not in html
