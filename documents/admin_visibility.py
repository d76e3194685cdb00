"""The Wagtail admin shows each user only the documents and files they may open (documents.permissions).

Wagtail's own listings filter by Wagtail page permissions, which our roles hold only on their own department
section or agency library, but several side roads do not filter at all (the page chooser, the page-types
usage report, bulk-action confirmations, move and workflow screens reached by id, the admin API's document
listing). This module closes the ones Wagtail offers a hook or a registry for; documents/admin_routes.py
puts our own views in front of the rest. tests/documents/test_admin_roads.py lists every admin view and
says how each one is closed or why it is safe.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.documents import get_document_model, get_document_model_string
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model, get_image_model_string
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy

from .permissions import viewable_documents, viewable_pages


def visible_pages_only(pages, user):
    """``pages`` (any page queryset, specific or not) narrowed to what ``user`` may open, drafts included."""
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=viewable_pages(user, live=False).values("pk"))


@hooks.register("construct_page_chooser_queryset")
def chooser_lists_viewable_pages(pages, request):
    return visible_pages_only(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_lists_viewable_pages(parent_page, pages, request):
    return visible_pages_only(pages, request.user)


class VisibleFilesPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection permissions, and then the file's own visibility: nobody lists, chooses, edits or
    finds the usage of a file attached only to documents they may not open."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.filter(pk__in=viewable_documents(user, live=False, model=self.model).values("pk"))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return viewable_documents(user, live=False, model=self.model).filter(pk=instance.pk).exists()


def register_file_policies() -> None:
    """In place of the policies wagtail.documents and wagtail.images register in their ready() (same arguments;
    an exact-class entry is looked up first, whichever registration runs last)."""
    for model, model_string, auth_model in (
        (get_document_model(), get_document_model_string(), "wagtaildocs.Document"),
        (get_image_model(), get_image_model_string(), "wagtailimages.Image"),
    ):
        policy = VisibleFilesPolicy(model_string, auth_model=auth_model, owner_field_name="uploaded_by_user")
        register_permission_policy(model, policy, exact_class=True)


register_file_policies()


class VisibleDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        files = viewable_documents(self.request.user, live=False, model=self.model)
        return super().get_queryset().filter(pk__in=files.values("pk"))


class VisibleImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        files = viewable_documents(self.request.user, live=False, model=self.model)
        return super().get_queryset().filter(pk__in=files.values("pk"))


@hooks.register("construct_admin_api", order=100)  # after wagtail.documents' and wagtail.images' own endpoints
def admin_api_lists_viewable_files(router):
    router.register_endpoint("documents", VisibleDocumentsAPIViewSet)
    router.register_endpoint("images", VisibleImagesAPIViewSet)
