"""Search sees exactly what documents.permissions.viewable_pages lets a user open: no rule of its own."""

from __future__ import annotations

from documents.permissions import viewable_pages


def viewable_ids_sql(user) -> tuple[str, list]:
    """SQL (with %s placeholders) selecting the ids of the pages this user may open, and its parameters."""
    sql, params = viewable_pages(user).order_by().values("id").query.sql_with_params()
    return sql, list(params)


def filter_viewable(user, page_ids: list[int]) -> set[int]:
    """The subset of these page ids this user may open."""
    return set(viewable_pages(user).filter(id__in=page_ids).order_by().values_list("id", flat=True))
