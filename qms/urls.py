from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .files import serve_stored_file
from .security import views as security_views

urlpatterns = [
    # In front of Wagtail's own views of the same names: logout by POST only, password reset throttled.
    path("admin/logout/", security_views.logout, name="wagtailadmin_logout"),
    path(
        "admin/password_reset/", security_views.ThrottledPasswordResetView.as_view(), name="wagtailadmin_password_reset"
    ),
    path("admin/", include("documents.admin_routes")),  # in front of Wagtail's: only what the user may view
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Every stored file, served only to whom its owner allows (never MEDIA_ROOT raw, in any settings mode).
    path("tep/<path:name>", serve_stored_file, name="stored_file"),
    path("", include("records.urls")),
    path("", include("search.urls")),
    path("", include("documents.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("portal.urls")), path("", include(wagtail_urls)), prefix_default_language=False
)
