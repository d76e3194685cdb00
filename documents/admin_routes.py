"""Our views in front of Wagtail admin views of the same paths, where Wagtail has no hook to narrow them.

qms/urls.py includes these patterns before Wagtail's admin, so they answer first:

- every admin route that names a page by id (edit, history, revisions, move, copy, workflow actions and
  previews, usage, the explorer and the chooser under a parent …) answers 404 to a user who may not view
  that page (drafts included): Wagtail's own view then never runs, so its messages cannot name the page;
- the page chooser's browse view sanitises its ``target_pages[]``, and its "chosen" step keeps only pages
  the user may view (its listings go through the construct_page_chooser_queryset hook);
- bulk actions act on, and list, only the pages and files the user may view (Wagtail lists the others too,
  by title, as "no permission");
- the page-types usage report counts and names only pages the user may view;
- those routes, and the editing-session ping, answer 404 to an id past the integer range (a page model's
  lookup by such an id overflows the database integer: a 500).
"""

from __future__ import annotations

from functools import wraps

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern
from django.views.decorators.cache import never_cache
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .permissions import viewable_documents, viewable_pages

# URL keyword arguments that name a page, in Wagtail's admin (``pk`` only under pages/).
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
ID_KWARGS = ("object_id",)  # ids of any model, pages included (editing sessions)
MAX_ID = 2**63 - 1


def _visible_page_ids(user, ids):
    return viewable_pages(user, live=False).filter(pk__in=ids)


def _past_range(value) -> bool:
    text = str(value)
    return text.isdigit() and (len(text) > 19 or int(text) > MAX_ID)


def visible_pages_required(view, page_kwargs=PAGE_KWARGS):
    """404 unless the user may view every page the URL names (a page that does not exist is a 404 too), and for
    any id past the range the database keeps ids in."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if any(_past_range(value) for value in kwargs.values()):
            raise Http404
        named = {int(kwargs[name]) for name in page_kwargs if name in kwargs}
        if named and not request.user.is_superuser and _visible_page_ids(request.user, named).count() != len(named):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _kwarg_names(pattern) -> set[str]:
    if isinstance(pattern, RoutePattern):
        return set(pattern.converters)
    return set(pattern.regex.groupindex)


def guarded_routes(patterns, prefix: str = "") -> list:
    """Copies of Wagtail's admin patterns that name a page or an object id, each behind visible_pages_required
    (no names: reverse() keeps finding Wagtail's own, at the same paths)."""
    copies = []
    for pattern in patterns:
        route = str(pattern.pattern)
        make = path if isinstance(pattern.pattern, RoutePattern) else re_path
        if isinstance(pattern, URLResolver):
            inner = guarded_routes(pattern.url_patterns, prefix + route)
            if inner:
                copies.append(make(route, include(inner)))
            continue
        if not isinstance(pattern, URLPattern):
            continue
        page_kwargs = PAGE_KWARGS + (("pk",) if prefix.startswith("pages/") else ())
        if not _kwarg_names(pattern.pattern) & {*page_kwargs, *ID_KWARGS}:
            continue
        copies.append(make(route, visible_pages_required(pattern.callback, page_kwargs), pattern.default_args))
    return copies


def _ints(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit() and not _past_range(v)]


def _replace_params(request, name: str, values) -> None:
    params = request.GET.copy()
    params.setlist(name, [str(v) for v in values])
    request.GET = params


class VisibleBrowseView(BrowseView):
    def get(self, request, parent_page_id=None):
        _replace_params(request, "target_pages[]", _ints(request.GET.getlist("target_pages[]")))
        return super().get(request, parent_page_id)


class VisibleChosenMultipleView(ChosenMultipleView):
    def get(self, request):
        ids = _ints(request.GET.getlist("id"))
        if not request.user.is_superuser:
            ids = list(_visible_page_ids(request.user, ids).values_list("pk", flat=True))
        _replace_params(request, "id", ids)
        return super().get(request)


def _visible_objects(model, user):
    """What of ``model`` the user may see in the admin, for the models our visibility rules cover; else None."""
    if issubclass(model, Page):
        return model.objects.filter(pk__in=viewable_pages(user, live=False).values("pk"))
    for file_model in (get_document_model(), get_image_model()):
        if issubclass(model, file_model):
            return viewable_documents(user, live=False, model=model)
    return None


def _valid_pks(model, values) -> list:
    valid = []
    for value in values:
        if _past_range(value):
            continue
        try:
            valid.append(model._meta.pk.to_python(value))
        except ValidationError:
            continue
    return valid


def visible_bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action dispatcher, on the objects the user may see only."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as exc:
        raise Http404 from exc
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    bulk = action_class(request, model)
    ids = request.GET.getlist("id")
    if "all" in ids:
        try:
            ids = list(bulk.get_all_objects_in_listing_query(request.GET.get("childOf")))
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
    ids = _valid_pks(model, ids)
    visible = _visible_objects(model, request.user)
    if visible is not None and not request.user.is_superuser:
        ids = list(visible.filter(pk__in=ids).values_list("pk", flat=True))
    _replace_params(request, "id", ids)
    return bulk.dispatch(request)


class VisiblePageTypesUsageView(PageTypesUsageReportView):
    """Counts and "last edited" per page type, over the pages the user may view (Wagtail's counts every page and
    shows the latest draft title of any)."""

    def get_queryset(self):
        pages = viewable_pages(self.request.user, live=False).filter(depth__gt=1)
        types = ContentType.objects.filter(model__in=self.page_models)
        basic = ContentType.objects.get_for_model(Page)
        if not pages.filter(content_type=basic).exists():
            types = types.exclude(pk=basic.pk)
        self.queryset = types
        types = self.filter_queryset(types).distinct()
        language_code = self.filters.form.cleaned_data.get("page_locale", None)
        site_root_path = self.filters.form.cleaned_data.get("site", None)
        if language_code:
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        of_type = pages.filter(content_type=OuterRef("pk"))
        latest = of_type.order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        counted = of_type.order_by().values("content_type").annotate(n=Count("pk")).values("n")
        return types.annotate(
            count=Coalesce(Subquery(counted), 0), last_edited_page_id=Subquery(latest.values("pk")[:1])
        ).order_by("-count", "app_label", "model")


def _admin_view(view):
    return never_cache(require_admin_access(view))


_browse = visible_pages_required(VisibleBrowseView.as_view())

urlpatterns = [
    path("choose-page/", _admin_view(_browse)),
    path("choose-page/<int:parent_page_id>/", _admin_view(_browse)),
    path("choose-page/chosen-multiple/", _admin_view(VisibleChosenMultipleView.as_view())),
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", _admin_view(visible_bulk_action)),
    path("reports/page-types-usage/", _admin_view(VisiblePageTypesUsageView.as_view())),
    path("reports/page-types-usage/results/", _admin_view(VisiblePageTypesUsageView.as_view(results_only=True))),
    *guarded_routes(wagtailadmin_urls.urlpatterns),
]
