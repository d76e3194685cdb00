"""The admin's one script of ours: it starts the widgets whose inline scripts our overrides replaced by markers."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def widgets_without_inline_scripts():
    return format_html('<script src="{}" defer></script>', static("qms/admin-init.js"))
