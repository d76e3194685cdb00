from django.urls import include, path

import qms.converters  # noqa: F401 (registers <page_id:...>)

from . import views
from .api import api
from .bench import bench_urlpatterns

page_patterns = [
    path("thu-tuc/", views.procedure_list, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_by_code, name="procedure_by_code"),
    path("ban-in/<page_id:page_id>/", views.procedure_print, name="print"),
    path("ngon-ngu/<str:language>/", views.switch_language, name="language"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]

# The API keeps its own top-level namespace ("portal_api"): django-ninja reverses its URLs by it.
urlpatterns = [
    path("", include((page_patterns, "portal"))),
    path("api/v1/", api.urls),
    *bench_urlpatterns(),
]
