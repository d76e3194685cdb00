"""Helpers shared by tests that drive the Wagtail admin."""

STREAM_FIELDS = (
    "dossier_components",
    "legal_bases",
    "steps",
    "forms",
    "records_to_keep",
    "approvals",
    "amendments",
    "public_steps",
    "channels",
    "results",
)


def admin_form_data(form, **overrides) -> dict:
    """POST data that re-submits a Wagtail page edit form as it stands (empty streams and formsets)."""
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: v for k, v in data.items() if not hasattr(form.fields[k], "stream_block")}
    for prefix in form.formsets:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    for name in STREAM_FIELDS:
        if name in form.fields:
            data[f"{name}-count"] = "0"
    data.update(overrides)
    return data


def ensure_wagtail_root() -> None:
    """A transactional test starts from a flushed database: put back the locale, root page and root collection Wagtail's
    migrations made (post_migrate handlers such as content types and guardian's anonymous user re-run by themselves)."""
    from django.conf import settings as django_settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page)
            )
        )
