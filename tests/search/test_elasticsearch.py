"""The Elasticsearch backend: generated mapping and query bodies, the fallback, and live tests when a server is set."""

import logging
import os

import pytest

from search.backends.elastic import ElasticsearchBackend, autocomplete_body, build_body
from search.es_documents import INDEX_ALIAS, document_class, synonym_rules
from search.query import parse
from search.service import search

from .conftest import codes

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


def test_mapping_has_exact_folded_shingle_and_autocomplete_subfields():
    mapping = document_class(["so do => so do, giay chung nhan quyen su dung dat"])._index.to_dict()
    title = mapping["mappings"]["properties"]["title"]
    assert title["analyzer"] == "vi_exact"
    assert title["fields"]["folded"]["analyzer"] == "vi_folded"
    assert title["fields"]["folded"]["search_analyzer"] == "vi_folded_search"
    assert title["fields"]["shingles"]["analyzer"] == "vi_shingles"
    assert title["fields"]["autocomplete"]["analyzer"] == "vi_autocomplete"
    analysis = mapping["settings"]["analysis"]
    assert "asciifolding" in analysis["analyzer"]["vi_folded"]["filter"]
    assert "asciifolding" not in analysis["analyzer"]["vi_exact"]["filter"]
    assert analysis["filter"]["vi_synonyms"]["type"] == "synonym_graph"
    assert analysis["filter"]["vi_synonyms"]["synonyms"][0].startswith("so do =>")
    assert analysis["filter"]["vi_edge"]["type"] == "edge_ngram"
    assert analysis["filter"]["vi_shingle"]["max_shingle_size"] == 2
    assert mapping["mappings"]["properties"]["field"]["type"] == "keyword"


def test_synonym_rules_are_folded_and_safe():
    rules = synonym_rules([("Sổ đỏ", "giấy chứng nhận quyền sử dụng đất"), ("a, b", "c"), ("x => y", "z")])
    assert rules == ["so do => so do, giay chung nhan quyen su dung dat"]


def test_synonym_alternatives_become_one_rule_with_each_reading():
    rules = synonym_rules([("sang tên", "đăng ký biến động; chuyển nhượng")])
    assert rules == ["sang ten => sang ten, dang ky bien dong, chuyen nhuong"]


@pytest.mark.django_db
def test_query_body_has_exact_folded_phrase_fuzzy_and_synonym_clauses():
    body = build_body(parse("Tôi muốn làm sổ đỏ"), {"field": "Đất đai", "level": "commune"})
    should = body["query"]["bool"]["should"]
    assert should[0]["multi_match"]["fields"][0] == "title^4"
    assert "title.folded^4" in should[1]["multi_match"]["fields"]
    assert should[3]["match_phrase"]["title.folded"]["slop"] == 1
    assert should[4]["match"]["title.folded"]["fuzziness"] == "AUTO"
    assert "giay chung nhan" in should[5]["multi_match"]["query"]
    assert "tôi" not in should[0]["multi_match"]["query"]  # question words left out
    assert {"term": {"field": "Đất đai"}} in body["query"]["bool"]["filter"]
    assert {"term": {"levels": "commune"}} in body["query"]["bool"]["filter"]
    assert body["query"]["bool"]["must_not"] == []  # nothing hidden from the public in this empty index
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert autocomplete_body("dang k")["query"] == {"match": {"title.autocomplete": "dang k"}}


@pytest.mark.django_db
def test_query_bodies_keep_hidden_entries_out_and_ask_for_no_counts_or_suggestions():
    """Facets and "did you mean" are ours, from what the asker may see: the engine counts and suggests nothing."""
    body = build_body(parse("khai sinh", correct=False), {}, hidden_ids={42, 7})
    assert body["query"]["bool"]["must_not"] == [{"terms": {"page_id": [7, 42]}}]
    assert not {"aggs", "aggregations", "suggest"} & set(body)
    typed = autocomplete_body("quytrinhbi", hidden_ids={42})
    assert typed["query"]["bool"]["must_not"] == [{"terms": {"page_id": [42]}}]
    assert typed["query"]["bool"]["must"] == [{"match": {"title.autocomplete": "quytrinhbi"}}]


@pytest.mark.django_db
def test_unreachable_elasticsearch_falls_back_to_the_database(corpus, settings, caplog):
    settings.QMS_SEARCH_ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with caplog.at_level(logging.WARNING, logger="qms.search"):
        response = search("đăng ký khai sinh")
    assert response.backend == "database"
    assert codes(response)[0] == "1.001193"
    assert "answering from the database" in caplog.text


@pytest.mark.django_db
def test_publishing_with_elasticsearch_down_still_publishes(corpus, make_procedure, settings, caplog):
    settings.QMS_SEARCH_ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with caplog.at_level(logging.WARNING, logger="qms.search"):
        page = make_procedure(corpus["1.001193"].get_parent(), "Đăng ký giám hộ", tthc_code="1.000009")
    assert page.live
    assert "Elasticsearch not updated" in caplog.text


@pytest.mark.elasticsearch
@pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL not set")
@pytest.mark.django_db
def test_live_reindex_and_search(corpus, settings):
    from search.models import SearchEntry

    settings.QMS_SEARCH_ELASTICSEARCH_URL = ES_URL
    backend = ElasticsearchBackend(ES_URL)
    backend.reindex(SearchEntry.objects.all())
    assert backend.es.indices.exists_alias(name=INDEX_ALIAS)
    response = search("dang ky khai sinh")
    assert response.backend == "elasticsearch"
    assert codes(response)[0] == "1.001193"
    assert codes(search("hoà giải"))[0] == "1.000002"


class CannedElasticsearch:
    """Answers every search with the given index rows, as Elasticsearch would: the backend's own code does the rest."""

    def __init__(self, entries):
        self.entries = entries
        self.bodies = []

    def search(self, index, body):
        from search.backends.elastic import SOURCE

        self.bodies.append(body)
        hits = []
        for rank, entry in enumerate(self.entries):
            source = {name: getattr(entry, name) for name in SOURCE}
            source["levels"] = entry.levels.split()
            hits.append({"_id": str(entry.pk), "_score": 10.0 - rank, "_source": source})
        return {"hits": {"total": {"value": len(hits)}, "hits": hits}}


@pytest.fixture
def restricted_doc(corpus, make_procedure):
    from wagtail.models import PageViewRestriction

    from documents.models import Agency, Department
    from documents.services.tree import ensure_department_section

    dept = Department.objects.create(agency=Agency.objects.get(code="XA-TEST"), code="NOIBO", name="Nội bộ")
    section = ensure_department_section(dept)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    return make_procedure(section, "Đăng ký khai sinh nội bộ mật", tthc_code="9.999999")


@pytest.mark.django_db
def test_elasticsearch_hits_pass_the_same_permission_filter(corpus, restricted_doc, django_user_model, monkeypatch):
    from search.models import SearchEntry

    canned = CannedElasticsearch(list(SearchEntry.objects.order_by("-pk")))  # the restricted one first
    monkeypatch.setattr("search.backends.elastic.client", lambda url: canned)
    backend = ElasticsearchBackend("http://es.invalid:9200")
    parsed = parse("đăng ký khai sinh")

    public = backend.search(parsed, user=None, filters={}, limit=50, offset=0)
    assert "9.999999" not in [hit.tthc_code for hit in public.hits]
    assert "NOIBO" not in [f["value"] for f in public.facets["department"]]
    assert public.hits[0].tthc_code == "1.001193"  # re-ranked like the database backend, not in engine order

    excluded = canned.bodies[-1]["query"]["bool"]["must_not"]
    assert excluded == [{"terms": {"page_id": [restricted_doc.pk]}}]  # the engine never matched it for the public

    staff = django_user_model.objects.create_user("canbo", password="x")
    allowed = backend.search(parsed, user=staff, filters={}, limit=50, offset=0)
    assert "9.999999" in [hit.tthc_code for hit in allowed.hits]
    assert canned.bodies[-1]["query"]["bool"]["must_not"] == []  # staff may open it: not excluded for them
