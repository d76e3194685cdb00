"""Re-ranking candidates: weighted title matching (words, two-word phrases, runs), exact diacritics, engine score.

The full-text engine (FTS5 bm25, PostgreSQL ts_rank, Elasticsearch) finds and pre-orders candidates
over every field; this module orders the best few hundred with what matters most for finding a
procedure by its name: how much of the query, weighted by rarity, the title covers (under the best
reading of the query: as typed, with a synonym's official words, with a typo corrected); how long a
run of the query's words the title holds in order; whether the typed diacritics match exactly; how
much of the title is left unexplained; and whether the title is a derived procedure (cấp lại, gia hạn,
điều chỉnh …) that the query did not ask for.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .query import QUESTION_WEIGHT, ParsedQuery, Reading, Term
from .text import fold_token, normalize

_WORD = re.compile(r"[^\W_]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
GENERIC_PREFIX = ("thu", "tuc")  # "Thủ tục …": how some national records begin, says nothing

# Words that, at the head of a title, make it a procedure acting on something issued before (re-issue,
# extension, change, withdrawal …). A query that names none of them asks for the base procedure first.
DERIVED_HEADS = frozenset(
    normalize(w)
    for w in """cấp lại|cấp đổi|đổi|gia hạn|điều chỉnh|thay đổi|sửa đổi|bổ sung|thu hồi|chấm dứt|chuyển đổi|xóa|
    trả lại|cập nhật|đính chính|cải chính|hủy|tạm ngừng|dừng|lại|biến động|hiệu đính""".replace("\n", "").split("|")
)
DERIVED_FOLDED = frozenset(fold_token(w) for w in DERIVED_HEADS if " " in w)
DERIVED_WINDOW = 4  # title words looked at for a derived head (after "Thủ tục", "Đăng ký")

PHRASE_BOOST = 1.5
W_TITLE = 1.0
W_RUN = 0.2
W_ENGINE = 0.15
W_EXACT = 0.15
W_PRECISION = 0.3
W_KEYWORDS = 0.1
DERIVED_FACTOR = 0.75  # a derived title for a reading that asks for none (or the reverse)
PRECISION_CAP = 12  # titles longer than this many distinct words are not penalised further
BEST_TITLE_SCORE = W_TITLE + W_RUN + W_PRECISION  # a title matching a reading perfectly


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


def core_tokens(title: str, folded_tokens: list[str]) -> list[str]:
    """Title words that a query should explain: without a leading "Thủ tục" and without parenthesised qualifiers."""
    tokens = folded_tokens
    if "(" in title:
        tokens = fold_token(_PARENTHESES.sub(" ", title)).split()
        tokens = [t for t in (w.lower() for w in _WORD.findall(" ".join(tokens)))]
    if tuple(tokens[:2]) == GENERIC_PREFIX and len(tokens) > 2:
        tokens = tokens[2:]
    return tokens


def derived_words(words: list[str]) -> set[str]:
    found = {w for w in words if w in DERIVED_HEADS}
    found |= {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if f"{a} {b}" in DERIVED_HEADS}
    return found


def is_derived(title: str) -> bool:
    """Whether the title names a derived procedure: at its head, or as a parenthesised qualifier "(điều chỉnh)"."""
    words = _WORD.findall(title.lower())
    if words[:2] == ["thủ", "tục"]:
        words = words[2:]
    if derived_words(words[:DERIVED_WINDOW]):
        return True
    return any(derived_words(_WORD.findall(part.lower())) for part in _PARENTHESES.findall(title))


def asks_derived(terms: list[Term]) -> bool:
    """Whether a reading names a derived action (cấp lại, gia hạn …).

    Two-word actions are compared folded, since many type without marks; single words ("đổi", "dừng") only
    with their marks, since folded they are other words too ("đối", "dụng").
    """
    folded = " " + " ".join(t.folded for t in terms) + " "
    return any(f" {w} " in folded for w in DERIVED_FOLDED) or any(t.exact in DERIVED_HEADS for t in terms)


def positions_of(title: list[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for i, token in enumerate(title):
        positions.setdefault(token, []).append(i)
    return positions


def longest_run(query: list[str], title: list[str], positions: dict[str, list[int]] | None = None) -> int:
    """The longest stretch of consecutive query words found consecutively in the title."""
    positions = positions_of(title) if positions is None else positions
    best = 0
    for i, word in enumerate(query):
        for p in positions.get(word, ()):
            n = 1
            while i + n < len(query) and p + n < len(title) and query[i + n] == title[p + n]:
                n += 1
            best = max(best, n)
    return best


class _ReadingWeights:
    """Weights of one reading's words and phrases, and what a title matching all of it would gain."""

    def __init__(self, reading: Reading, parsed: ParsedQuery, n_docs: int):
        self.factor = reading.factor
        self.weight_of: dict[str, float] = {}
        word_idf = {t.folded: idf(parsed.df.get(t.folded, 0), n_docs) for t in reading.words}
        for term in reading.words:
            self.weight_of[term.folded] = max(self.weight_of.get(term.folded, 0.0), term.weight * word_idf[term.folded])
        for term in reading.phrases:
            # A phrase is worth its boost over its rarer word, not its own rarity: two words that seldom meet
            # ("ký hộ" across "đăng ký" and "hộ kinh doanh") would otherwise outweigh the words themselves.
            rarer = max(word_idf[w] for w in term.folded.split())
            value = term.weight * PHRASE_BOOST * min(idf(parsed.df.get(term.folded, 0), n_docs), rarer)
            self.weight_of[term.folded] = max(self.weight_of.get(term.folded, 0.0), value)
        self.possible = sum(self.weight_of.values()) or 1.0
        self.phrase_starts = {t.split(" ", 1)[0] for t in self.weight_of if " " in t}
        self.sequence = [t.folded for t in reading.words]
        self.content = max(1, sum(1 for t in reading.words if t.weight > QUESTION_WEIGHT))
        self.derived = asks_derived(reading.words)

    def matched(self, tokens: list[str]) -> set[str]:
        found = set(tokens).intersection(self.weight_of)
        for i in range(len(tokens) - 1):  # only the two-word phrases the reading can match
            if tokens[i] in self.phrase_starts:
                phrase = f"{tokens[i]} {tokens[i + 1]}"
                if phrase in self.weight_of:
                    found.add(phrase)
        return found

    def title_score(
        self, tokens: list[str], core: set[str], derived: bool, beat: float = 0.0, positions: dict | None = None
    ) -> tuple[float, set[str]]:
        """This reading's score of a title, or (0, ∅) early when it cannot exceed `beat`.

        A derived title (cấp lại, gia hạn …) for a reading that asks for none, or the reverse, counts less.
        """
        if self.factor * BEST_TITLE_SCORE <= beat:
            return 0.0, set()
        matched = self.matched(tokens)
        coverage = min(sum(self.weight_of[t] for t in matched) / self.possible, 1.0)
        if self.factor * coverage * BEST_TITLE_SCORE <= beat:
            return 0.0, set()
        run = longest_run(self.sequence, tokens, positions) if matched else 0
        run_share = min(1.0, (run - 1) / max(1, self.content - 1)) if run > 1 else 0.0
        explained = sum(1 for t in core if t in self.weight_of)
        precision = min(1.0, explained / min(len(core), PRECISION_CAP)) if core and matched else 0.0
        score = W_TITLE * coverage + W_RUN * run_share * coverage + W_PRECISION * precision * coverage
        if derived != self.derived:
            score *= DERIVED_FACTOR
        return self.factor * score, matched

    @staticmethod
    def best_title_score(
        readings: list[_ReadingWeights], tokens: list[str], core: set[str], derived: bool
    ) -> tuple[float, set[str]]:
        """The best reading's score (readings come most faithful first, so most are cut off early)."""
        best, best_matched = -1.0, set()
        positions = positions_of(tokens)
        for reading in readings:
            score, matched = reading.title_score(tokens, core, derived, best, positions)
            if score > best:
                best, best_matched = score, matched
        return best, best_matched


def rerank(parsed: ParsedQuery, candidates: list[Candidate], n_docs: int) -> list[Candidate]:
    if not candidates:
        return []
    n_docs = max(n_docs, 1)
    readings = [_ReadingWeights(r, parsed, n_docs) for r in parsed.readings()]
    every_term = set().union(*(r.weight_of for r in readings))
    keyword_weights = {}
    for r in readings:
        for term, weight in r.weight_of.items():
            keyword_weights[term] = max(keyword_weights.get(term, 0.0), weight / r.possible)
    marked = {t.exact for t in parsed.words if t.exact}
    top_engine = max(c.engine_score for c in candidates) or 1.0
    for cand in candidates:
        tokens = cand.title_folded.split()
        core = set(core_tokens(cand.title, tokens))
        title_score, matched = _ReadingWeights.best_title_score(readings, tokens, core, is_derived(cand.title))
        keywords = set(cand.keywords_folded.split()) - set(tokens)
        keyword_cov = sum(keyword_weights[t] for t in keywords.intersection(every_term))
        exact = 0.0
        if marked and matched:
            # Titles are stored normalised (NFC, canonical tones): lowercase words are exact tokens.
            exact = len(marked & set(_WORD.findall(cand.title.lower()))) / len(marked)
        cand.score = (
            title_score
            + W_ENGINE * (cand.engine_score / top_engine)
            + W_EXACT * exact
            + W_KEYWORDS * min(keyword_cov, 1.0)
        )
    return sorted(candidates, key=lambda c: (-c.score, c.page_id))
