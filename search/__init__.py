"""Search: one interface over the database backend (default) and Elasticsearch.

Public API (everything else is private to the package):
    search(query, *, user=None, filters=None, limit=10, offset=0) -> SearchResponse
        filters: agency, department (codes), field, level, type, status; results carry highlights,
        facets, total, took_ms and did_you_mean. Only what `user` may open (documents.permissions).
    autocomplete(prefix, *, user=None, limit=8) -> [{"title", "url"}]
    reindex() -> number of pages indexed (the database index; `manage.py search_reindex` also does Elasticsearch)

The wrappers import lazily because this package is an installed app (imported before models are ready).
"""


def search(query, **kwargs):
    from .service import search as _search

    return _search(query, **kwargs)


def autocomplete(prefix, **kwargs):
    from .service import autocomplete as _autocomplete

    return _autocomplete(prefix, **kwargs)


def reindex() -> int:
    from .indexing import reindex_all

    return reindex_all()


__all__ = ["autocomplete", "reindex", "search"]
