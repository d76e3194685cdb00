"""Production: every secret and host from the environment; HTTPS and secure cookies on."""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's admin previews a page in an iframe of the same site, so framing is allowed from this origin only;
# the deploy check's advice of DENY (security.W019) would break the preview.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# One cache shared by every worker: the portal's page cache, search synonyms, rate limits. Redis when several
# servers (or REDIS_URL) are used; otherwise a folder on this machine that all gunicorn workers read, owned by
# the service user (the cache holds pickles: never point it at a folder others can write).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("QMS_CACHE_DIR") or str(BASE_DIR / "var" / "cache"),  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": env_int("QMS_CACHE_MAX_ENTRIES", 5000)},
        }
    }
# How long a worker trusts the page-cache generation it read (a publish elsewhere shows at most this late).
QMS_PORTAL_GENERATION_TTL = 1.0

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qms@localhost")

# --- Quality records' seals (issue 11, class 11): the key must come from the environment --------------------------
if not env_str("QMS_RECORDS_KEY"):
    raise RuntimeError("QMS_RECORDS_KEY must be set in production (the key sealing quality records; see README)")
if len(QMS_RECORDS_KEY) < 32 or QMS_RECORDS_KEY in (SECRET_KEY, QMS_RECORDS_DEV_KEY):  # noqa: F405
    raise RuntimeError("QMS_RECORDS_KEY must be a random value of 32+ characters, not SECRET_KEY nor the dev key")
