"""Re-ranking candidates: weighted title matching (words and two-word phrases), exact diacritics, engine score.

The full-text engine (FTS5 bm25, PostgreSQL ts_rank, Elasticsearch) finds and pre-orders candidates
over every field; this module orders the best few hundred with what matters most for finding a
procedure by its name: how much of the query, weighted by rarity, the title covers; whether the
typed diacritics match exactly; and how much of the title is left unexplained.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .query import ParsedQuery
from .text import fold_token

_WORD = re.compile(r"[^\W_]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
GENERIC_PREFIX = ("thu", "tuc")  # "Thủ tục …": how some national records begin, says nothing


def core_tokens(title: str, folded_tokens: list[str]) -> list[str]:
    """Title words that a query should explain: without a leading "Thủ tục" and without parenthesised qualifiers."""
    tokens = folded_tokens
    if "(" in title:
        tokens = fold_token(_PARENTHESES.sub(" ", title)).split()
        tokens = [t for t in (w.lower() for w in _WORD.findall(" ".join(tokens)))]
    if tuple(tokens[:2]) == GENERIC_PREFIX and len(tokens) > 2:
        tokens = tokens[2:]
    return tokens


PHRASE_BOOST = 1.5
W_TITLE = 1.0
W_ENGINE = 0.35
W_EXACT = 0.15
W_PRECISION = 0.25
W_KEYWORDS = 0.1
PRECISION_CAP = 12  # titles longer than this many words are not penalised further


@dataclass
class Candidate:
    page_id: int
    engine_score: float  # larger is better
    title: str
    title_folded: str
    keywords_folded: str
    score: float = 0.0


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def rerank(parsed: ParsedQuery, candidates: list[Candidate], n_docs: int) -> list[Candidate]:
    if not candidates:
        return []
    n_docs = max(n_docs, 1)
    words = [t for t in parsed.words]
    phrases = parsed.phrases
    weight_of = {}
    for term in [*words, *phrases, *parsed.extra]:
        boost = PHRASE_BOOST if term.is_phrase else 1.0
        value = term.weight * boost * idf(parsed.df.get(term.folded, 0), n_docs)
        weight_of[term.folded] = max(weight_of.get(term.folded, 0.0), value)
    typed = {t.folded for t in [*words, *phrases]}
    possible = sum(weight_of[t] for t in typed) or 1.0
    marked = {t.exact for t in words if t.exact}
    top_engine = max(c.engine_score for c in candidates) or 1.0
    phrase_starts = {t.split(" ", 1)[0] for t in weight_of if " " in t}
    for cand in candidates:
        tokens = cand.title_folded.split()
        matched = set(tokens).intersection(weight_of)
        for i in range(len(tokens) - 1):  # only the two-word phrases the query can match
            if tokens[i] in phrase_starts:
                phrase = f"{tokens[i]} {tokens[i + 1]}"
                if phrase in weight_of:
                    matched.add(phrase)
        gained = sum(weight_of[t] for t in matched)
        coverage = min(gained / possible, 1.3)
        keywords = set(cand.keywords_folded.split())
        keyword_cov = sum(weight_of[t] for t in keywords.intersection(weight_of) if t not in matched) / possible
        precision = 0.0
        if matched:
            core = core_tokens(cand.title, tokens)
            explained = sum(1 for t in core if t in weight_of)
            precision = min(1.0, explained / min(len(core), PRECISION_CAP)) if core else 0.0
        exact = 0.0
        if marked and matched:
            # Titles are stored normalised (NFC, canonical tones): lowercase words are exact tokens.
            title_exact = set(_WORD.findall(cand.title.lower()))
            exact = len(marked & title_exact) / len(marked)
        cand.score = (
            W_TITLE * coverage
            + W_ENGINE * (cand.engine_score / top_engine)
            + W_EXACT * exact
            + W_PRECISION * precision * coverage
            + W_KEYWORDS * min(keyword_cov, 1.0)
        )
    return sorted(candidates, key=lambda c: (-c.score, c.page_id))
