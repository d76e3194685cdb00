"""System check: the page cache needs its middleware, placed early enough to answer before sessions and auth run."""

from django.conf import settings
from django.core.checks import Warning, register

MIDDLEWARE = "portal.middleware.PortalCacheMiddleware"
MUST_COME_BEFORE = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
)


@register()
def page_cache_middleware(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        return [Warning(f"{MIDDLEWARE} is not in MIDDLEWARE: portal pages are never cached.", id="portal.W001")]
    position = middleware.index(MIDDLEWARE)
    late = [name for name in MUST_COME_BEFORE if name in middleware[:position]]
    if late:
        return [
            Warning(
                f"{MIDDLEWARE} should come before {', '.join(late)}: a cached page need not wait for them.",
                id="portal.W002",
            )
        ]
    return []
