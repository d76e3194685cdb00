"""Content-Security-Policy and Permissions-Policy on every road (issue 11, class 9).

The portal gets the strict policy (this origin only, no inline script or style); /admin/ gets exactly the
allowances measured in chromium (tests/browser/test_csp_browser.py) and nothing more. The rendered pages are also
read here for inline scripts and style attributes, so a template that brings one back fails without a browser.
"""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from portal import caching
from tests.documents.org import make_user
from tests.portal.site import build_portal

CSP = "Content-Security-Policy"
# What the admin may do beyond the portal, and nothing else (see QMS_ADMIN_CSP_DIRECTIVES for why).
ADMIN_ALLOWANCES = {"img-src": {"blob:"}, "style-src-elem": {"'self'", "'unsafe-inline'"}}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "display-capture")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def policy(response) -> dict[str, set[str]]:
    header = response[CSP]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = set(sources)
    return directives


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    caching.forget_generation()
    yield
    cache.clear()


@pytest.fixture
def portal(agency, justice, land, other_agency):
    return build_portal(agency, justice, land, other_agency)


@pytest.fixture
def superuser(db):
    return make_user("csp-root", superuser=True)


def portal_paths(portal):
    return [
        "/",
        "/thu-tuc/",
        portal.birth.url,
        f"/ban-in/{portal.birth.pk}/",
        "/tim-kiem/?q=khai+sinh",
        "/nothing-here/",
    ]


def test_the_portal_policy_is_strict(client, portal):
    for path in portal_paths(portal):
        response = client.get(path)
        directives = policy(response)
        assert directives["default-src"] == {"'self'"}, path
        assert directives["script-src"] == {"'self'", "'report-sample'"}, path
        assert directives["object-src"] == {"'none'"}
        assert directives["frame-ancestors"] == {"'self'"}
        assert directives["base-uri"] == directives["form-action"] == {"'self'"}
        everything = " ".join(response[CSP].split())
        for loose in ("'unsafe-inline'", "'unsafe-eval'", "blob:", "data:", "*", "http:", "https:"):
            assert loose not in everything.split(), (path, loose)


def test_a_cached_portal_page_carries_the_same_headers(client, portal):
    first = client.get("/thu-tuc/")
    second = client.get("/thu-tuc/")
    assert second["X-Portal-Cache"] == "hit"
    assert policy(second) == policy(first)
    assert second["Permissions-Policy"] == first["Permissions-Policy"]


def test_the_portal_pages_hold_no_inline_script_or_style(client, portal):
    for path in portal_paths(portal):
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.findall(html), path
        assert not STYLE_ATTRIBUTE.findall(html), path
        assert not EVENT_HANDLER.findall(html), path
        assert "<style" not in html, path


def test_the_error_page_style_is_allowed_by_its_hash_only(client, db):
    html = (settings.BASE_DIR / "templates" / "500.html").read_text(encoding="utf-8")
    blocks = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert blocks, "the 500 page keeps its CSS inline so that it renders without static files"
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'" for b in blocks}
    style = policy(client.get("/"))["style-src"]
    assert style == {"'self'", "'report-sample'"} | expected


def test_the_admin_policy_adds_only_the_measured_allowances(client, portal, superuser):
    portal_policy = policy(client.get("/"))
    client.force_login(superuser)
    for path in ("/admin/login/", "/admin/", f"/admin/pages/{portal.birth.pk}/edit/", "/admin/images/multiple/add/"):
        admin_policy = policy(client.get(path))
        extra = {
            name: sources - portal_policy.get(name, set())
            for name, sources in admin_policy.items()
            if sources - portal_policy.get(name, set())
        }
        assert extra == ADMIN_ALLOWANCES, path
        missing = {name for name in portal_policy if name not in admin_policy}
        assert not missing, path
        assert admin_policy["script-src"] == {"'self'", "'report-sample'"}, path


def test_the_admin_login_page_has_the_admin_policy_for_anyone(client, db):
    directives = policy(client.get("/admin/login/"))
    assert directives["style-src-elem"] == {"'self'", "'unsafe-inline'"}
    assert "'unsafe-inline'" not in directives["script-src"]


def test_the_admin_edit_views_hold_no_inline_script(client, portal, superuser):
    """Wagtail writes <script>initDateChooser(…)</script>, <script>new DocumentChooser(…)</script> and
    <script>new InlinePanel(…)</script>; our overrides leave markers that a script file acts on instead."""
    from wagtail.models import Workflow

    client.force_login(superuser)
    section = portal.birth.get_parent()
    pages = {
        "procedure edit (date pickers)": f"/admin/pages/{portal.birth.pk}/edit/",
        "controlled document (document chooser)": f"/admin/pages/add/documents/controlleddocumentpage/{section.pk}/",
        "workflow (inline panel, task chooser)": f"/admin/workflows/edit/{Workflow.objects.first().pk}/",
        "page explorer (date filters)": f"/admin/pages/{section.pk}/",
    }
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), (name, INLINE_SCRIPT.findall(html)[:3])
        assert "data-qms-init=" in html, name
    assert 'src="/static/qms/admin-init.js"' in html


def test_permissions_policy_denies_the_powerful_features(client, portal, superuser):
    responses = [client.get("/"), client.get(portal.birth.url), client.get("/admin/login/")]
    client.force_login(superuser)
    responses.append(client.get("/admin/"))
    for response in responses:
        header = response["Permissions-Policy"]
        for feature in DENIED_FEATURES:
            assert f"{feature}=()" in header, (feature, header)
