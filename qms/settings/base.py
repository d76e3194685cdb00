"""Settings shared by every environment. Secrets and hosts come from the environment (see README)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from qms.security.inline import style_hashes

from .env import env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "documents",
    "search",
    "portal",
    "records",
    "qms.security",  # before wagtail.admin: its CSP-safe admin widget templates win; its admin script hook
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "documents.admin_users.apps.QmsUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # login throttling (qms.security.login_throttle)
    "csp",  # Content-Security-Policy (qms.security.csp); the app adds its settings checks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cached pages carry the same headers as fresh ones.
    "qms.security.csp.AreaCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached portal pages to anonymous visitors before sessions, auth and page routing (portal/caching.py).
    "portal.middleware.PortalCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as axes requires: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# --- Security headers and throttles (issue 11, class 9) ---------------------------------------------------------
# Logins (django-axes, see qms/security/login_throttle.py): 5 failures per (username, client address) within 15
# minutes lock that pair for 15 minutes; 30 failures from one address over all usernames lock the address. Five
# tries leave room for typos while an online guesser gets at most 20 guesses an hour per username and address; a
# lock per pair never lets a stranger lock an official out from elsewhere; 30 per address stops one address
# spraying a common password over many usernames without locking a whole office behind one NAT over a few typos.
AXES_HANDLER = "qms.security.login_throttle.AddressLimitAxesHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
QMS_LOGIN_ADDRESS_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True  # a successful login clears that pair's failures
AXES_CLIENT_IP_CALLABLE = "qms.security.login_throttle.client_address"  # qms.clients.client_ip, IPv6 by /64
AXES_LOCKOUT_CALLABLE = "qms.security.login_throttle.lockout_response"  # Vietnamese 429 page
AXES_DISABLE_ACCESS_LOG = True  # failures are what the throttle needs; no unbounded log of every login
AXES_COOLOFF_MESSAGE = _("Tạm khóa đăng nhập do nhập sai quá nhiều lần. Vui lòng thử lại sau.")
# Password reset mails (qms/security/views.py), (count, seconds): per e-mail address the extra requests are
# dropped silently (the answer never says whether an account exists); per client address a 429 page.
QMS_PASSWORD_RESET_EMAIL_LIMIT = (3, 3600)
QMS_PASSWORD_RESET_ADDRESS_LIMIT = (10, 3600)

# Content-Security-Policy (django-csp 4, qms/security/csp.py). The portal: everything from this origin only, no
# inline script or style, save the 500 page's own <style> block, allowed by its hash. 'report-sample' puts the
# first characters of a refused inline block in the browser's violation report (tests/browser/test_csp_browser.py).
_CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF, "'report-sample'"],
        "style-src": [_CSP_SELF, "'report-sample'", *style_hashes(BASE_DIR / "templates" / "500.html")],
        "img-src": [_CSP_SELF],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "frame-src": [_CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_SELF],  # as X_FRAME_OPTIONS: Wagtail previews pages in a same-origin frame
    }
}
# Wagtail's admin (/admin/ only): the portal policy plus what driving the admin in chromium showed it needs
# (login, dashboard, explorer, page edit with rich text and StreamField, choosers, image upload, preview, reports,
# workflows, one-stop desk). Its inline scripts (date pickers, choosers, inline panels) are not allowed but
# removed (qms/security/admin_widgets.py and templates/), so script-src stays 'self' as on the portal.
QMS_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    # The multiple image upload shows each chosen file as a blob: thumbnail before it is sent.
    "img-src": [_CSP_SELF, "blob:"],
    # Draftail (the rich text editor) writes its placeholder rules into a <style> element whose selector holds the
    # focused block's random key, so no hash or nonce can cover it. Elements only: style="" attributes stay refused.
    "style-src-elem": [_CSP_SELF, "'unsafe-inline'"],
}
# Permissions-Policy: the portal and the admin use none of these powerful features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the dashboard would call a third-party server from every superuser's browser
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars from gravatar.com would send a hash of each user's e-mail abroad
# --- end of security headers and throttles -------------------------------------------------------------------------

ROOT_URLCONF = "qms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "qms.wsgi.application"

# The embedded default is a SQLite file beside the project; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer works; the timeout waits instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before any password check
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# guardian creates this user on migrate; we hide it from user lists.
ANONYMOUS_USER_NAME = "AnonymousUser"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "qms" / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Stored files are only ever served by qms.files.serve_stored_file, which checks the owning object's permission;
# nothing (neither Django nor the web server) serves MEDIA_ROOT itself.
MEDIA_URL = "/tep/"

STORAGES = {
    "default": {"BACKEND": "qms.files.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

WAGTAIL_SITE_NAME = _("Hệ thống quản lý chất lượng ISO 9001")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
QMS_SEARCH_ELASTICSEARCH_URL = env_str(
    "ELASTICSEARCH_URL"
)  # search app: Elasticsearch backend when set, else the database
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through Wagtail's view and our before_serve_document check
WAGTAILDOCS_EXTENSIONS = ["docx", "xlsx", "pdf", "odt", "ods", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("QMS_MAX_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Caps on every Word file opened (imports, form templates, attachments): a dict of documents.word.safety.Limits
# field names, e.g. {"max_xml_part": 8 * 1024 * 1024}; the defaults, and why, are documented on Limits.
QMS_WORD_LIMITS: dict = {}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Where the shared, read-only demo data lives (the national procedure records and ISO Word files).
QMS_SHARED_DATA_DIR = Path(env_str("QMS_SHARED_DATA_DIR") or BASE_DIR.parent / "shared" / "data")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "qms": {"handlers": ["console"], "level": env_str("QMS_LOG_LEVEL", "INFO"), "propagate": False},
    },
}

# Static files are served by the app itself (no CDN); in development and tests straight from the finders.
WHITENOISE_USE_FINDERS = True

# Approval: editing a page under review restarts its approvals; the last approval publishes and records the edition.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "documents.workflow_finish.finish_workflow_and_publish"
LOGIN_URL = "wagtailadmin_login"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); every throttle
# reads the client address through qms.clients.client_ip. Empty: the connecting address is the client.
QMS_TRUSTED_PROXIES = env_list("QMS_TRUSTED_PROXIES")

# --- Quality records' seals (issue 11, class 11; records/services/seals.py) ------------------------------------
# The HMAC key that seals closed quality records, kept outside the database so that someone who can write to the
# database cannot re-seal an edited record. A key of its own, not derived from SECRET_KEY, so that rotating
# SECRET_KEY never turns every seal into "altered". Development and tests use this fixed, public key; production
# refuses to start without QMS_RECORDS_KEY. Keys retired by a rotation stay listed in QMS_RECORDS_KEYS_OLD
# (comma-separated) until `manage.py reseal_records` has moved their records to the current key.
QMS_RECORDS_DEV_KEY = "qms-development-records-key-public-never-use-in-production"  # noqa: S105
QMS_RECORDS_KEY = env_str("QMS_RECORDS_KEY") or QMS_RECORDS_DEV_KEY
QMS_RECORDS_KEYS_OLD = env_list("QMS_RECORDS_KEYS_OLD")
# An append-only file outside the database where `verify_records --anchor` writes each agency's chain head, and
# which every later `verify_records` checks (so deleting the newest records shows). Empty: no anchor file.
QMS_RECORDS_ANCHOR_LOG = env_str("QMS_RECORDS_ANCHOR_LOG")

# --- Search flood limit (issue 11, class 7; search/throttle.py) -------------------------------------------------
# Uncached anonymous searches (search page, search API, autocomplete: only what the page cache did not answer)
# per client address (qms.clients.client_ip; an IPv6 /64 counts as one): BURST at once, then RATE a minute.
# A person typing and searching stays well inside; a cache-busting flood gets one burst, then 429s and a
# trickle of searches. Logged-in staff are never limited. A rate of 0 turns the limit off.
QMS_SEARCH_FLOOD_RATE = env_int("QMS_SEARCH_FLOOD_RATE", 120)
QMS_SEARCH_FLOOD_BURST = env_int("QMS_SEARCH_FLOOD_BURST", 20)
