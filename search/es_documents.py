"""The Elasticsearch index, defined with elasticsearch-dsl: analyzers, mapping, and the entry → document mapping.

Text is sent already normalised (NFC, canonical tone placement: search.text.normalize), so the exact
subfield only lowercases; the folded subfields add asciifolding (every mark, đ→d), the shingle subfields
index two-word phrases, the autocomplete subfield edge n-grams. Synonyms (from the Synonym table, folded)
are applied at search time on the folded subfields; changing them takes effect at the next reindex.
"""

from __future__ import annotations

from elasticsearch.dsl import Document, Integer, Keyword, Text, analyzer, token_filter

from .text import alternatives, fold_token

INDEX_ALIAS = "qms-search"

vi_shingle = token_filter("vi_shingle", "shingle", min_shingle_size=2, max_shingle_size=2, output_unigrams=False)
vi_edge = token_filter("vi_edge", "edge_ngram", min_gram=1, max_gram=20)
vi_exact = analyzer("vi_exact", tokenizer="standard", filter=["lowercase"])
vi_folded = analyzer("vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
vi_shingles = analyzer("vi_shingles", tokenizer="standard", filter=["lowercase", "asciifolding", vi_shingle])
vi_autocomplete = analyzer("vi_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", vi_edge])


def synonym_rules(pairs) -> list[str]:
    """Solr-format rules ("so do => so do, giay chung nhan ...") from (everyday, official) pairs, folded."""
    rules = []
    for everyday, official in pairs:
        left = " ".join(fold_token(w) for w in everyday.split())
        rights = [" ".join(fold_token(w) for w in part.split()) for part in alternatives(official)]
        if left and rights and not any(bad in left + "".join(rights) for bad in ("=>", ",")):
            rules.append(f"{left} => {', '.join([left, *rights])}")
    return rules


def folded_search_analyzer(rules: list[str]):
    if not rules:
        return vi_folded
    synonyms = token_filter("vi_synonyms", "synonym_graph", synonyms=rules, lenient=True)
    return analyzer("vi_folded_search", tokenizer="standard", filter=["lowercase", "asciifolding", synonyms])


def document_class(rules: list[str] | None = None) -> type[Document]:
    """The Document class for the current synonym rules (the search analyzer embeds them)."""
    search_analyzer = folded_search_analyzer(rules or [])

    def text_field(autocomplete: bool = False) -> Text:
        fields = {
            "folded": Text(analyzer=vi_folded, search_analyzer=search_analyzer),
            "shingles": Text(analyzer=vi_shingles),
        }
        if autocomplete:
            fields["autocomplete"] = Text(analyzer=vi_autocomplete, search_analyzer=vi_folded)
        return Text(analyzer=vi_exact, fields=fields)

    class SearchDocument(Document):
        title = text_field(autocomplete=True)
        keywords = text_field()
        body = text_field()
        page_id = Integer()
        url = Keyword(index=False)
        doc_type = Keyword()
        iso_code = Keyword()
        tthc_code = Keyword()
        agency_code = Keyword()
        agency_name = Keyword(index=False)
        department_code = Keyword()
        department_name = Keyword(index=False)
        field = Keyword()
        levels = Keyword()
        status = Keyword()
        edition = Integer()
        title_folded = Keyword(index=False, doc_values=False)
        keywords_folded = Keyword(index=False, doc_values=False)

        class Index:
            name = INDEX_ALIAS
            settings = {"number_of_shards": 1, "number_of_replicas": 0, "max_result_window": 10000}

    return SearchDocument


def to_document(entry, cls: type[Document]) -> Document:
    """An index row as an Elasticsearch document (id = page id)."""
    return cls(
        meta={"id": entry.page_id},
        title=entry.title,
        keywords=entry.keywords_folded,
        body=entry.body,
        page_id=entry.page_id,
        url=entry.url,
        doc_type=entry.doc_type,
        iso_code=entry.iso_code,
        tthc_code=entry.tthc_code,
        agency_code=entry.agency_code,
        agency_name=entry.agency_name,
        department_code=entry.department_code,
        department_name=entry.department_name,
        field=entry.field,
        levels=entry.levels.split(),
        status=entry.status,
        edition=entry.edition,
        title_folded=entry.title_folded,
        keywords_folded=entry.keywords_folded,
    )
