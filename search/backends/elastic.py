"""The Elasticsearch backend (elasticsearch-dsl): query bodies, search, and zero-downtime reindex through an alias.

Candidates come from Elasticsearch (exact, folded, phrase, fuzzy and synonym clauses over title, keywords
and body), are cut to what the user may open with documents.permissions.viewable_pages, then re-ranked
and faceted by the same code as the database backend, so both answer in the same shape and order.

What the user may not open never takes part in the engine's answer either: the query excludes the entries
hidden from this user (vocabulary.Vocabulary, the same set the typo correction leaves out), so neither the
hit count nor fuzzy matching nor the candidate pool is shaped by them, and the body asks for no
aggregation or suggester (facets and "did you mean" are computed by our code, from what the user may see).
"""

from __future__ import annotations

import logging
import time

from elasticsearch import Elasticsearch, NotFoundError, helpers

from ..es_documents import INDEX_ALIAS, document_class, synonym_rules, to_document
from ..models import SearchEntry, Synonym
from ..permissions import filter_viewable
from ..query import QUESTION_WEIGHT, ParsedQuery
from ..ranking import Candidate, rerank
from ..vocabulary import hidden_for
from .base import Backend, Hit, Outcome, facets_of
from .database import CANDIDATES, MAX_EXCLUDED, RELATIVE_CUTOFF

logger = logging.getLogger("qms.search")
TIMEOUT_S = 2
FILTER_FIELDS = {
    "agency": "agency_code",
    "department": "department_code",
    "field": "field",
    "level": "levels",
    "type": "doc_type",
    "status": "status",
}
SOURCE = [
    "page_id", "title", "title_folded", "keywords_folded", "url", "iso_code", "tthc_code", "edition",
    "agency_code", "agency_name", "department_code", "department_name", "field", "levels", "doc_type", "status",
]  # fmt: skip


def query_text(parsed: ParsedQuery) -> str:
    content = [t for t in parsed.words if t.weight > QUESTION_WEIGHT] or parsed.words
    return " ".join(t.exact or t.folded for t in content)


def hidden_clause(hidden_ids) -> list[dict]:
    """The must_not clause that keeps entries the user may not open out of an Elasticsearch query.

    Past MAX_EXCLUDED ids (far below the engine's 65,536 terms) the clause is left out and the permission
    filter alone removes them, as the database backend does."""
    if not hidden_ids or len(hidden_ids) > MAX_EXCLUDED:
        return []
    return [{"terms": {"page_id": sorted(hidden_ids)}}]


def build_body(parsed: ParsedQuery, filters: dict, size: int = CANDIDATES, hidden_ids=()) -> dict:
    """The request body for one query: should-clauses from precise to tolerant, filters, highlight.

    `hidden_ids`: index entries the asker may not open, excluded from matching (and so from every count)."""
    text = query_text(parsed)
    extra = " ".join(t.folded for t in parsed.extra)
    should = [
        {"multi_match": {"query": text, "fields": ["title^4", "keywords^2", "body"], "boost": 2}},
        {"multi_match": {"query": text, "fields": ["title.folded^4", "keywords.folded^2", "body.folded"]}},
        {"multi_match": {"query": text, "fields": ["title.shingles^6", "body.shingles^1.5"]}},
        {"match_phrase": {"title.folded": {"query": text, "slop": 1, "boost": 3}}},
        {"match": {"title.folded": {"query": text, "fuzziness": "AUTO", "prefix_length": 1, "boost": 0.5}}},
    ]
    if extra:
        should.append({"multi_match": {"query": extra, "fields": ["title.folded^3", "body.folded"], "boost": 0.8}})
    body = {
        "size": size,
        "_source": SOURCE,
        "query": {
            "bool": {
                "should": should,
                "minimum_should_match": 1,
                "filter": [
                    {"term": {FILTER_FIELDS[key]: value}}
                    for key, value in sorted(filters.items())
                    if key in FILTER_FIELDS
                ],
                "must_not": hidden_clause(hidden_ids),
            }
        },
        "highlight": {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {"title.folded": {"number_of_fragments": 0}, "body.folded": {"fragment_size": 180}},
        },
    }
    return body


def autocomplete_body(prefix: str, size: int = 8, hidden_ids=()) -> dict:
    query = {"match": {"title.autocomplete": prefix}}
    if hidden_ids:
        query = {"bool": {"must": [query], "must_not": hidden_clause(hidden_ids)}}
    return {"size": size, "_source": ["title", "url"], "query": query}


def client(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=TIMEOUT_S, max_retries=0, retry_on_timeout=False)


def current_rules() -> list[str]:
    pairs = []
    for syn in Synonym.objects.filter(active=True):
        pairs.append((syn.everyday, syn.official))
        if syn.two_way:
            pairs.append((syn.official, syn.everyday))
    return synonym_rules(pairs)


class ElasticsearchBackend(Backend):
    name = "elasticsearch"

    def __init__(self, url: str):
        self.url = url
        self.es = client(url)

    def search(self, parsed: ParsedQuery, *, user, filters: dict, limit: int, offset: int) -> Outcome:
        hidden = hidden_for(user, parsed.vocabulary)
        response = self.es.search(index=INDEX_ALIAS, body=build_body(parsed, filters, hidden_ids=hidden))
        sources = [hit["_source"] for hit in response["hits"]["hits"]]
        scores = {s["page_id"]: hit["_score"] for s, hit in zip(sources, response["hits"]["hits"], strict=True)}
        allowed = filter_viewable(user, list(scores))
        rows = [s | {"levels": " ".join(s.get("levels") or [])} for s in sources if s["page_id"] in allowed]
        by_id = {row["page_id"]: row for row in rows}
        candidates = [
            Candidate(r["page_id"], float(scores[r["page_id"]]), r["title"], r["title_folded"], r["keywords_folded"])
            for r in rows
        ]
        ranked = rerank(parsed, candidates, max(response["hits"]["total"]["value"], len(rows)))
        if ranked:
            floor = ranked[0].score * RELATIVE_CUTOFF
            ranked = [c for c in ranked if c.score >= floor]
        page = ranked[offset : offset + limit]
        bodies = {
            pk: (body, folded)
            for pk, body, folded in SearchEntry.objects.filter(pk__in=[c.page_id for c in page]).values_list(
                "pk", "body", "body_folded"
            )
        }
        hits = [Hit.from_row(by_id[c.page_id], score=c.score, body=bodies.get(c.page_id, ("", ""))) for c in page]
        return Outcome(total=len(ranked), hits=hits, facets=facets_of([by_id[c.page_id] for c in ranked]))

    # Indexing -------------------------------------------------------------------------------------

    def reindex(self, entries, progress=None) -> str:
        """Build a fresh index, fill it, then point the alias at it and drop the old ones (no downtime)."""
        cls = document_class(current_rules())
        name = f"{INDEX_ALIAS}-{int(time.time() * 1000)}"
        cls._index.clone(name).create(using=self.es)
        actions = ({"_index": name, "_id": e.page_id, "_source": to_document(e, cls).to_dict()} for e in entries)
        if progress is not None:
            actions = progress(actions)
        helpers.bulk(self.es, actions, chunk_size=500, request_timeout=120)
        self.es.indices.refresh(index=name)
        try:
            old = list(self.es.indices.get_alias(name=INDEX_ALIAS).keys())
        except NotFoundError:
            old = []
        moves = [{"add": {"index": name, "alias": INDEX_ALIAS}}] + [
            {"remove": {"index": o, "alias": INDEX_ALIAS}} for o in old
        ]
        self.es.indices.update_aliases(actions=moves)
        for o in old:
            self.es.options(ignore_status=404).indices.delete(index=o)
        return name

    def index_entry(self, entry) -> None:
        cls = document_class()
        self.es.index(index=INDEX_ALIAS, id=entry.page_id, document=to_document(entry, cls).to_dict())

    def delete(self, page_id: int) -> None:
        self.es.options(ignore_status=404).delete(index=INDEX_ALIAS, id=page_id)
