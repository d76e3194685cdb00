"""The Wagtail admin lists nothing a user may not open (issue 11, class 2), tried as staff of department B
against department A's restricted document, its draft title, its code and its attached file and image.

Audit of every admin view the roles reach (`tests.urlwalk.admin_routes()`; the walk below requests each one):

Pages
- explorer `pages/`, `pages/<id>/`, `…/results/`: Wagtail lists pages the user holds a page permission on
  (explorable) and our construct_explorer_page_queryset hook keeps only viewable ones; a parent the user may
  not view is a 404 (admin_routes.visible_pages_required).
- every route naming a page (`pages/<id>/edit|view_draft|preview|delete|unpublish|copy|move|move/<dest>/confirm|
  set_position|lock|unlock|privacy|convert_alias|revisions/…|history|workflow_history/…|usage|add_subpage`,
  `pages/add/<type>/<parent>/`, `pages/workflow/action|collect_action_data|confirm_cancellation|preview/…`,
  `workflows/remove/<page>/`, `forms/submissions/<page>/`): 404 before Wagtail's view runs. Closed roads:
  move-confirm answered a GET with the draft title and no permission check; the workflow views put the
  page's draft title in an error message ("… is not currently awaiting moderation") before checking.
- page search `pages/search/`, type use `pages/usage/<type>/`, choose parent `pages/create/<type>`, the admin
  API `api/main/pages/` (explorer menu): Wagtail's explorable pages only; safe because role permissions are
  granted on a department section or agency library whose documents that role may always view
  (test_wagtail_page_permissions_never_exceed_visibility holds it for every role).
- page chooser: browse `choose-page/`, `choose-page/<parent>/` and search `choose-page/search/` go through
  construct_page_chooser_queryset (they listed every page); the parent is guarded; chosen-multiple keeps
  viewable ids (it echoed any id's title); link choosers (external, e-mail, phone, anchor) hold no pages.
- bulk actions `bulk/<app>/<model>/<action>/`: admin_routes.visible_bulk_action keeps the pages and files the
  user may view (Wagtail listed the others by title as "no permission"); bad ids and `childOf` are a 404.
Reports
- page types usage: admin_routes.VisiblePageTypesUsageView (counted every page, named the latest draft).
- locked pages, workflows, workflow tasks: pages the user can change (or locked); aging pages: pages the user
  can publish (nobody but superusers); site history: log entries of pages the user holds a permission on:
  safe by the same invariant as the page search.
Dashboard: moderation panel (tasks of the user's groups: head of the owning department, quality officer,
  leader, who all may view), locked pages and recent edits (the user's own), review due (viewable_pages).
Documents and images (`documents/…`, `images/…`, their choosers, multiple upload, usage, `api/main/documents|
  images/`): admin_visibility.VisibleFilesPolicy and the API viewsets: only files the user may read
  (permissions.viewable_documents, the rule the file view applies).
Snippets (agency, department, form template, synonym, quality record, record type, calendar day): model
  permissions the staff roles do not hold, or organisation and records data (records' own rules); their
  choosers hold no document titles. Users, groups, sites, collections, workflows, tasks, redirects, settings,
  forms, embeds: admin permissions the roles do not hold, or no document data (task names).
Ours: `tai-lieu/<id>/…` (report, withdraw, access, controlled copy: edit permission), Word import and
  registers (viewable_pages), `tim-kiem/` (the search service), `mot-cua/`, `ho-so/` (records permissions).
Account, login, logout, password reset, dismissibles, editing sessions (edit permission), jsi18n, sprite,
  tag autocomplete (no tags on documents), block preview: no document data.
"""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.images import ImageFile
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, GroupCollectionPermission, Page
from wagtail.permissions import policy_registry

from documents.models import ControlledDocumentPage, ProcedurePage
from documents.permissions import viewable_pages
from documents.services.tree import ensure_department_section
from qms import urls as project_urls
from tests.documents.org import build_org, new_procedure, run_workflow
from tests.urlwalk import admin_routes, fill, parameters

SECRETS = ("MẬTMÃA", "NHÁPMẬT", "QT-77", "MẬTTỆP", "MẬTẢNH")
ROLES = ("staff_a", "staff_b", "head_a", "head_b", "officer", "leader")

# The project's URLs without documents.admin_routes in front: the walk must find leaks (test_the_walk_can_fail).
urlpatterns = [
    entry for entry in project_urls.urlpatterns
    if getattr(getattr(entry, "urlconf_name", None), "__name__", None) != "documents.admin_routes"
]  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def grant_files(group: Group) -> None:
    """What an administrator may well give staff: add, change and choose files in the root collection."""
    root = Collection.get_first_root_node()
    for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in ("add", "change", "choose"):
            permission = Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def png(name: str) -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


@pytest.fixture
def hidden(db):
    org = build_org()
    for user in org.users.values():
        for group in user.groups.all():
            grant_files(group)
    staff_a = org.users["staff_a"]
    attachment = Document.objects.create(title="Tệp kanguru MẬTTỆP", file=png("mat.docx"))
    picture = Image.objects.create(title="Ảnh kanguru MẬTẢNH", file=png("anh.png"))
    page = new_procedure(
        org.dept_a, "Quy trình kanguru MẬTMÃA", staff_a, visibility="restricted", iso_code="QT-77-KANGURU",
        forms=[("form", {"code": "BM.01", "name": "Tờ khai", "document": attachment})],
    )  # fmt: skip
    run_workflow(page, staff_a, [org.users["head_a"], org.users["officer"], org.users["leader"]])
    draft = ProcedurePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title = "Quy trình kanguru NHÁPMẬT"
    draft.change_summary = "Đổi tên"
    draft.save_revision(user=staff_a)
    page = ProcedurePage.objects.get(pk=page.pk)
    page.get_workflow().start(page, staff_a)
    ProcedurePage.objects.filter(pk=page.pk).update(locked=True, locked_by=org.users["head_a"])
    body = f'<p>Ảnh</p><embed embedtype="image" id="{picture.pk}" format="fullwidth" alt="ảnh"/>'
    with_image = ControlledDocumentPage(
        title="Hướng dẫn kanguru MẬTMÃA", document_type="instruction", visibility="restricted", body=body
    )
    ensure_department_section(org.dept_a).add_child(instance=with_image)
    page = ProcedurePage.objects.get(pk=page.pk)
    return {"org": org, "page": page, "section": page.get_parent(), "attachment": attachment, "picture": picture,
            "with_image": with_image}  # fmt: skip


def client_for(hidden, role) -> Client:
    client = Client()
    client.force_login(hidden["org"].users[role])
    return client


def shown(response) -> str:
    """What a response shows: its body (JSON decoded) and the messages it leaves for the next page."""
    text = b"".join(response.streaming_content) if response.streaming else response.content
    text = text.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text + " ".join(str(m) for m in get_messages(response.wsgi_request))


def leaked(response) -> list[str]:
    return [secret for secret in SECRETS if secret in shown(response)]


def road_urls(hidden) -> list[str]:
    """Every admin route, filled with the hidden document's ids, plus the query strings a lister reads."""
    page, section = hidden["page"], hidden["section"]
    state = page.current_workflow_state
    ids = {
        "page_id": page.pk, "parent_page_id": section.pk, "page_to_move_id": page.pk, "destination_id": section.pk,
        "page_pk": page.pk, "pk": page.pk, "document_id": hidden["attachment"].pk, "doc_id": hidden["attachment"].pk,
        "image_id": hidden["picture"].pk, "task_state_id": state.current_task_state.pk, "task_id": state.current_task_state.task_id,
        "workflow_state_id": state.pk, "revision_id": page.latest_revision_id, "revision_id_a": "earliest",
        "revision_id_b": "latest", "content_type_app_name": "documents", "content_type_model_name": "procedurepage",
        "app_label": "documents", "model_name": "procedurepage", "action_name": "approve", "filter_spec": "original",
        "object_id": page.pk, "fmt": "xlsx",
    }  # fmt: skip
    ids = {name: str(value) for name, value in ids.items()}
    urls = []
    for route in admin_routes():
        if ".*" in route or "logout" in route or "failwhale" in route:
            continue
        url = fill(route, ids)
        urls.append(url)
        if not parameters(route):
            urls.append(url + "?q=kanguru")
    for action in ("delete", "move", "publish", "unpublish"):
        urls.append(f"/admin/bulk/wagtailcore/page/{action}/?id={page.pk}")
        urls.append(f"/admin/bulk/wagtailcore/page/{action}/?id=all&childOf={section.pk}")
    urls.append(f"/admin/bulk/wagtaildocs/document/delete/?id={hidden['attachment'].pk}")
    urls.append(f"/admin/bulk/wagtailimages/image/delete/?id={hidden['picture'].pk}")
    urls += [
        f"/admin/choose-page/{section.pk}/?page_type=documents.procedurepage",
        f"/admin/choose-page/chosen-multiple/?id={page.pk}",
        "/admin/choose-page/search/?q=kanguru&page_type=wagtailcore.page",
        "/admin/choose-page/?page_type=documents.procedurepage",
        f"/admin/api/main/documents/{hidden['attachment'].pk}/",
        f"/admin/api/main/images/{hidden['picture'].pk}/",
        f"/admin/documents/chooser/chosen/{hidden['attachment'].pk}/",
        f"/admin/images/chooser/chosen/{hidden['picture'].pk}/",
        f"/admin/pages/{section.pk}/?q=kanguru",
        f"/admin/pages/{page.pk}/workflow_history/detail/{state.pk}/",
        f"/admin/pages/workflow/preview/{page.pk}/{state.current_task_state.task_id}/",
    ]
    return urls


def walk(hidden, role="staff_b", only=()) -> list[str]:
    leaks = []
    for url in road_urls(hidden):
        if only and not any(road in url for road in only):
            continue
        response = client_for(hidden, role).get(url)  # a new session each time: no message carried over
        if found := leaked(response):
            leaks.append(f"{response.status_code} {url} {found}")
    return leaks


def test_no_admin_road_shows_another_departments_restricted_document(hidden):
    leaks = walk(hidden)
    assert leaks == [], "\n".join(leaks)


@override_settings(ROOT_URLCONF=__name__)
def test_the_walk_can_fail(hidden):
    """Wagtail's admin alone (our routes not in front) shows the hidden titles: the walk sees it."""
    roads = ("/admin/reports/page-types-usage/", "/admin/choose-page/chosen-multiple/", "/confirm/", "/bulk/")
    leaks = "\n".join(walk(hidden, only=roads))
    for road in roads:
        assert road in leaks


def test_the_owning_department_still_finds_its_document(hidden):
    """Not over-filtered: department A's staff see in the same roads what department B's do not."""
    page, section = hidden["page"], hidden["section"]
    for role, sees in (("staff_a", True), ("officer", True), ("staff_b", False)):
        client = client_for(hidden, role)
        search = client.get("/admin/choose-page/search/", {"q": "kanguru"})
        browse = client.get(f"/admin/choose-page/{section.pk}/")
        chosen = client.get("/admin/choose-page/chosen-multiple/", {"id": page.pk})
        usage = client.get("/admin/reports/page-types-usage/")
        bulk = client.get("/admin/bulk/wagtailcore/page/move/", {"id": page.pk})
        files = client.get("/admin/documents/chooser/results/")
        api = client.get("/admin/api/main/images/")
        for name, response in (("search", search), ("browse", browse), ("chosen", chosen), ("usage", usage),
                               ("bulk", bulk), ("files", files), ("api", api)):  # fmt: skip
            assert bool(leaked(response)) is sees, (role, name, response.status_code)


def test_a_page_the_user_may_not_view_is_not_found_by_id(hidden):
    page, section = hidden["page"], hidden["section"]
    client = client_for(hidden, "staff_b")
    for url in (
        f"/admin/pages/{page.pk}/move/{section.pk}/confirm/",
        f"/admin/pages/workflow/action/{page.pk}/approve/{page.current_workflow_task_state.pk}/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/choose-page/{page.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not leaked(response)
    assert not leaked(client.get(f"/admin/pages/{section.pk}/"))
    assert leaked(client_for(hidden, "staff_a").get(f"/admin/pages/{section.pk}/"))


def test_bulk_actions_refuse_bad_ids_cleanly(hidden):
    client = client_for(hidden, "superuser")
    for query in ({"id": "abc"}, {"id": "9" * 30}, {"id": "all", "childOf": "abc"}, {"id": "all", "childOf": "9" * 30}):
        assert client.get("/admin/bulk/wagtailcore/page/delete/", query).status_code == 404, query
    assert client.get("/admin/choose-page/", {"target_pages[]": "abc"}).status_code == 200


def test_files_of_hidden_documents_are_neither_listed_nor_chosen(hidden):
    attachment, picture = hidden["attachment"], hidden["picture"]
    for role, sees in (("staff_b", False), ("staff_a", True)):
        user = hidden["org"].users[role]
        for model, obj in ((Document, attachment), (Image, picture)):
            policy = policy_registry.get_by_type(model)
            assert (obj in policy.instances_user_has_permission_for(user, "choose")) is sees
            assert policy.user_has_permission_for_instance(user, "change", obj) is sees
        client = client_for(hidden, role)
        for url in ("/admin/documents/", "/admin/images/", "/admin/documents/chooser/", "/admin/api/main/documents/"):
            assert bool(leaked(client.get(url))) is sees, (role, url)
        assert (client.get(f"/admin/documents/edit/{attachment.pk}/").status_code == 200) is sees


def test_wagtail_page_permissions_never_exceed_visibility(hidden):
    """Wagtail's own listings (search, reports, explorer, admin API) filter by page permissions: for every
    role, what those permissions reach must be viewable, or those listings would leak."""
    policy = policy_registry.get_by_type(Page)
    for role in ROLES:
        user = hidden["org"].users[role]
        visible = set(viewable_pages(user, live=False).values_list("pk", flat=True))
        for reach in (policy.explorable_instances(user), policy.instances_user_has_any_permission_for(
                user, ["add", "change", "publish", "lock", "unlock"])):  # fmt: skip
            assert set(reach.values_list("pk", flat=True)) <= visible, role
