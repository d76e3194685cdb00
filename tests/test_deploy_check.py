"""`manage.py check --deploy` is clean with the production settings (the README's deployment step 2)."""

import os
import subprocess
import sys

from django.conf import settings


def test_deploy_check_is_clean_in_production_settings(tmp_path):
    # What a deployment has: none of the test run's own variables (the browser tests allow async-unsafe calls).
    inherited = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env = inherited | {
        "DJANGO_SETTINGS_MODULE": "qms.settings.production",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-this-test-only",
        "ALLOWED_HOSTS": "qms.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://qms.example.org",
        "QMS_CACHE_DIR": str(tmp_path / "cache"),
        "QMS_RECORDS_KEY": "r" * 20 + "-a-long-random-records-seal-key-for-this-test-only",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
