"""Helpers shared by tests that drive the Wagtail admin."""

STREAM_FIELDS = (
    "dossier_components", "legal_bases", "steps", "forms", "records_to_keep", "approvals",
    "amendments", "public_steps", "channels", "results",
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
