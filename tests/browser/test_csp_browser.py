"""The Content-Security-Policy breaks nothing: chromium reports no violation on the portal or in Wagtail's admin.

The admin's allowances in qms/settings/base.py (QMS_ADMIN_CSP_DIRECTIVES) were measured with these roads; a
Wagtail upgrade that brings back an inline script, or a template of ours with a style="" attribute, fails here
with the refused directive and the first characters of the refused block.
"""

import re
import struct
import zlib

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-password"
# Every violation reaches the top page's list, from any frame (the preview is an iframe).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
    const list = (window.top && window.top.__cspViolations) || window.__cspViolations;
    list.push({page: location.pathname, directive: e.effectiveDirective, blocked: e.blockedURI,
               sample: e.sample, source: e.sourceFile, line: e.lineNumber});
});
"""


@pytest.fixture
def watched(new_page):
    """A desktop page whose CSP violations (events and console errors) are collected as it goes."""
    page = new_page("desktop")
    page.context.add_init_script(LISTEN)
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text[:300]))
    page.csp_console = console
    return page


def violations(page) -> list:
    """What the current document reported so far (its list starts anew on each navigation: read before leaving)."""
    found = page.evaluate("window.__cspViolations || []") + [{"console": text} for text in page.csp_console]
    page.csp_console.clear()
    return found


def visit(page, url) -> list:
    """Leave the current document (returning what it reported), then open ``url``."""
    found = violations(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return found


@pytest.fixture
def editor(site, django_user_model):
    return django_user_model.objects.create_superuser("csp-admin", "csp-admin@example.invalid", PASSWORD)


def log_in(page, base) -> list:
    """Sign in through the admin's login form; the login page's violations."""
    page.goto(base + "/admin/login/")
    page.wait_for_load_state("networkidle")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    found = violations(page)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.wait_for_load_state("networkidle")
    return found


def tiny_png(path):
    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * 4 for _ in range(4))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    )
    return path


def test_the_portal_runs_under_its_strict_policy(site, live_server, watched):
    problems = []
    for path in ("/", "/thu-tuc/", site.birth.url, f"/ban-in/{site.birth.pk}/", "/tim-kiem/?q=khai+sinh"):
        problems += visit(watched, live_server.url + path)
    watched.fill("#q", "khai")  # the search page's suggestions come from a script file, not an inline one
    watched.wait_for_timeout(500)
    assert not problems + violations(watched)


def test_the_admin_needs_only_the_measured_allowances(site, editor, live_server, watched, tmp_path):
    base = live_server.url
    problems = log_in(watched, base)  # the login page; the dashboard's come with the next visit

    # A procedure: StreamField blocks, date pickers (started by our script, not inline ones), the preview panel.
    problems += visit(watched, f"{base}/admin/pages/{site.birth.pk}/edit/")
    watched.locator("#id_issued_on").click()
    watched.locator(".xdsoft_datetimepicker >> visible=true").first.wait_for()
    watched.keyboard.press("Escape")
    watched.locator("[data-side-panel-toggle='preview']").first.click()
    watched.frame_locator("iframe").first.locator("h1").first.wait_for()

    # The portal home's rich text (Draftail), and its link chooser modal.
    problems += visit(watched, f"{base}/admin/pages/{site.home.pk}/edit/")
    watched.locator(".DraftEditor-root").first.click()
    watched.keyboard.type("Xin chào")
    watched.keyboard.press("Shift+Home")
    watched.keyboard.press("Control+k")
    watched.locator(".modal-dialog").first.wait_for()

    # A document chooser rendered by the server (a controlled document's attachment) opens its modal.
    section = site.birth.get_parent()
    problems += visit(watched, f"{base}/admin/pages/add/documents/controlleddocumentpage/{section.pk}/")
    watched.locator("#id_attachment-chooser .unchosen button").click()
    watched.locator(".modal-dialog").first.wait_for()

    # Image upload: the blob: thumbnail.
    problems += visit(watched, f"{base}/admin/images/multiple/add/")
    watched.set_input_files("input[type=file]", str(tiny_png(tmp_path / "red.png")))
    watched.locator("#upload-list li.upload-success, #upload-list li.success").first.wait_for()

    # A workflow: an inline panel and task choosers (started by our script); add one task row.
    from wagtail.models import Workflow

    problems += visit(watched, f"{base}/admin/workflows/edit/{Workflow.objects.first().pk}/")
    watched.locator("#id_workflow_tasks-ADD").click()
    watched.locator("#id_workflow_tasks-FORMS > *").last.wait_for()

    for path in ("/admin/pages/", "/admin/ho-so/bang-dieu-khien/", "/admin/mot-cua/", "/admin/tim-kiem/?q=khai"):
        problems += visit(watched, base + path)
    assert not problems + violations(watched)


def test_the_sidebar_logs_out_by_post(site, editor, live_server, watched):
    log_in(watched, live_server.url)
    methods = []
    watched.on("request", lambda r: "/admin/logout/" in r.url and methods.append(r.method))
    watched.locator(".sidebar-footer__account").click()  # the account menu; its "Thoát" item is a POST form
    watched.locator("form[action='/admin/logout/'] button[type=submit]").click()
    watched.wait_for_url(re.compile(r"/admin/login/"))
    assert methods == ["POST"]
    watched.goto(live_server.url + "/admin/")
    assert "/admin/login/" in watched.url
