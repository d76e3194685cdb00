"""Real-browser tests: Playwright's sync API driving Debian's chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.helpers import ensure_wagtail_root

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still sync.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.fail("Debian's chromium is missing: `make browser-deps` installs it (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a fresh browser context (no cookies) at a viewport width: new_page("phone") or new_page("desktop")."""
    contexts = []

    def make(width: str = "desktop"):
        context = browser.new_context(viewport=WIDTHS[width], accept_downloads=True, locale="vi-VN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def site(transactional_db, live_server):
    """The small portal of tests/portal, served by the live server."""
    from documents.models import Agency, Department

    from ..portal.site import build_portal

    cache.clear()
    ensure_wagtail_root()
    agency = Agency.objects.create(code="XA-TEST", name="Ủy ban nhân dân xã Thử Nghiệm", short_name="UBND xã TN")
    other = Agency.objects.create(code="STP-TEST", name="Sở Tư pháp tỉnh Thử", level="province")
    justice = Department.objects.create(agency=agency, code="TUPHAP", name="Tư pháp - Hộ tịch", tthc_fields="Hộ tịch")
    land = Department.objects.create(agency=agency, code="DIACHINH", name="Địa chính", tthc_fields="Đất đai")
    portal = build_portal(agency, justice, land, other)
    yield portal
    cache.clear()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page; the serious and critical violations, with the nodes they hit."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node_modules/axe-core/axe.min.js`")
    # Through the DevTools protocol, not a <script> tag: the page's Content-Security-Policy allows no inline script.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
