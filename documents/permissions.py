"""One permission query per resource, reused by pages, search, downloads and APIs so they never disagree.

Visibility of a controlled document:
- public: everyone, once published;
- internal: logged-in staff of the owning agency (anyone holding a role there);
- restricted: the owning department, the agency's quality officers and leaders, and the users or groups
  granted `view_<model>` on that document with django-guardian.
Superusers see everything. Pages that are not documents (portal, libraries, sections) follow Wagtail's own
view restrictions.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ControlledDocumentPage, ProcedurePage, RoleGroup, RoleKind, Visibility

DOCUMENT_MODELS = (ProcedurePage, ControlledDocumentPage)


class UserScope:
    """Where a user belongs: the agencies and departments their role groups tie them to."""

    def __init__(self, user):
        self.user = user
        self.is_superuser = bool(user and user.is_authenticated and user.is_superuser)
        roles = (
            list(RoleGroup.objects.filter(group__user=user).values_list("agency_id", "department_id", "kind"))
            if user and user.is_authenticated
            else []
        )
        self.agencies = {agency for agency, _, _ in roles}
        self.departments = {dept for _, dept, _ in roles if dept}
        self.overseen_agencies = {a for a, _, kind in roles if kind in (RoleKind.QUALITY_OFFICER, RoleKind.LEADER)}
        self.officer_agencies = {a for a, _, kind in roles if kind == RoleKind.QUALITY_OFFICER}

    def granted(self, model) -> QuerySet:
        perm = f"{model._meta.app_label}.view_{model._meta.model_name}"
        return get_objects_for_user(self.user, perm, klass=model, accept_global_perms=False, with_superuser=False)


def scope_for(user) -> UserScope:
    return UserScope(user)


def _document_q(prefix: str, model, scope: UserScope) -> Q:
    visibility = f"{prefix}__visibility"
    q = Q(**{visibility: Visibility.PUBLIC})
    if scope.user is None or not scope.user.is_authenticated:
        return q
    q |= Q(**{visibility: Visibility.INTERNAL, f"{prefix}__agency_id__in": scope.agencies})
    restricted = (
        Q(**{f"{prefix}__department_id__in": scope.departments})
        | Q(**{f"{prefix}__agency_id__in": scope.overseen_agencies})
        | Q(pk__in=scope.granted(model).values("pk"))
    )
    return q | (Q(**{visibility: Visibility.RESTRICTED}) & restricted)


def viewable_pages(user, *, live: bool = True) -> QuerySet:
    """Pages this user may open on the site."""
    pages = Page.objects.live() if live else Page.objects.all()
    if user is not None and user.is_authenticated and user.is_superuser:
        return pages
    if user is None or not user.is_authenticated:
        pages = pages.public()
    scope = scope_for(user)
    not_a_document = Q(procedurepage__isnull=True) & Q(controlleddocumentpage__isnull=True)
    allowed = not_a_document
    for model in DOCUMENT_MODELS:
        allowed |= _document_q(model._meta.model_name, model, scope)
    return pages.filter(allowed)


def can_view(user, page: Page, *, live: bool = True) -> bool:
    return viewable_pages(user, live=live).filter(pk=page.pk).exists()


def viewable_documents(user, *, live: bool = True, model=None) -> QuerySet:
    """Files (Wagtail documents, or images with ``model``) this user may read, list or choose.

    A file is for whoever may open at least one page that uses it (``live=False``: drafts count, as in the admin)
    or edit one (an author previewing a draft); a file no page uses yet is for logged-in staff only.
    "Uses" is Wagtail's reference index, the same one the file view reads.
    """
    if model is None:
        from wagtail.documents import get_document_model

        model = get_document_model()
    files = model._default_manager.all()
    if user is not None and user.is_authenticated and user.is_superuser:
        return files
    uses = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(model),
        to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
        base_content_type=ReferenceIndex._get_base_content_type(Page),
    )
    readers = viewable_pages(user, live=live)
    if user is not None and user.is_authenticated:
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
        readers = Page.objects.filter(Q(pk__in=readers.values("pk")) | Q(pk__in=editable.values("pk")))
    seen = Exists(uses.filter(object_id__in=readers.annotate(key=Cast("pk", CharField())).values("key")))
    if user is None or not user.is_authenticated:
        return files.filter(seen)
    return files.filter(seen | ~Exists(uses))


def can_view_document(user, document, *, live: bool = True) -> bool:
    return viewable_documents(user, live=live, model=type(document)).filter(pk=document.pk).exists()


def holder_name(user, page, *, live: bool = False) -> str | None:
    """The name of a document that holds a code or is linked to, when this user may see it; else None.

    For messages: "the code is taken" may be said to anyone, whose code it is only to those who may open it.
    """
    if page is None or not viewable_pages(user, live=live).filter(pk=page.pk).exists():
        return None
    specific = getattr(page, "specific_deferred", page)
    return getattr(specific, "display_name", None) or page.title


def can_view_obsolete_editions(user, page: Page) -> bool:
    """Superseded editions are for staff: logged-in users who may view the document itself (live or not)."""
    return bool(user and user.is_authenticated) and viewable_pages(user, live=False).filter(pk=page.pk).exists()


def grant_view(document, principal, by=None) -> None:
    """Let a user or group open a restricted document, and record it in the document's audit log."""
    perm = f"{document._meta.app_label}.view_{document._meta.model_name}"
    assign_perm(perm, principal, document)
    log(instance=document, action="qms.permission_change", user=by, data={"grant": str(principal)})


def revoke_view(document, principal, by=None) -> None:
    perm = f"{document._meta.app_label}.view_{document._meta.model_name}"
    remove_perm(perm, principal, document)
    log(instance=document, action="qms.permission_change", user=by, data={"revoke": str(principal)})


def can_withdraw(user, page) -> bool:
    """Withdrawing a document is the quality officer's act (or a superuser's)."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or page.agency_id in scope_for(user).officer_agencies
