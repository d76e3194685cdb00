"""From what a person typed to weighted search terms: question words, two-word phrases, synonyms, typos.

Shared by both backends. The vocabulary (vocabulary.Vocabulary: SearchTerm's counts as the asker may know
them) gives document counts of folded words and two-word phrases of titles; it drives typo correction here
and term weights in ranking, so a correction is only ever a word of a document the asker may open.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache

from .models import Synonym
from .text import (
    FOLDED_QUESTION_WORDS,
    MAX_QUERY_TOKENS,
    QUESTION_WORDS,
    alternatives,
    bigrams,
    clean_query,
    exact_tokens,
    fold_token,
    has_marks,
)
from .vocabulary import Vocabulary

SYNONYM_CACHE_KEY = "qms_search:synonyms:v2"
QUESTION_WEIGHT = 0.15
ALPHABET = "abcdeghiklmnopqrstuvxy"
# Spelling confusions common in Vietnamese (regional pronunciation): onset and final swaps.
CONFUSIONS = [("ch", "tr"), ("s", "x"), ("d", "gi"), ("d", "r"), ("gi", "r"), ("l", "n"), ("i", "y"), ("c", "k")]
FINAL_CONFUSIONS = [("c", "t"), ("n", "ng"), ("t", "ch"), ("n", "nh")]


@dataclass
class Term:
    folded: str  # a folded word or "word word" phrase
    weight: float
    exact: str = ""  # the word with its marks as typed, when typed with marks
    kind: str = "word"  # word | phrase | synonym | correction

    @property
    def is_phrase(self) -> bool:
        return " " in self.folded


@dataclass
class Substitution:
    """Typed words [start, end) read another way: a synonym's official words or a typo's correction."""

    start: int
    end: int
    words: list[Term]
    factor: float  # how much a match of this reading is worth against a match of the words as typed


@dataclass
class Reading:
    """One way to read the whole query, word by word; ranking scores each title against its best reading."""

    words: list[Term]
    factor: float = 1.0

    @property
    def phrases(self) -> list[Term]:
        return [
            Term(f"{a.folded} {b.folded}", min(a.weight, b.weight), kind="phrase")
            for a, b in zip(self.words, self.words[1:], strict=False)
        ]


SYNONYM_FACTOR = 0.95
CORRECTION_FACTOR = 0.9
MAX_READINGS = 24
MAX_GROUPS = 4
MAX_OPTIONS = 4


@dataclass
class ParsedQuery:
    text: str
    words: list[Term] = field(default_factory=list)  # the typed words, in order
    extra: list[Term] = field(default_factory=list)  # synonyms and corrections
    df: dict[str, int] = field(default_factory=dict)  # title and keyword document counts
    df_body: dict[str, int] = field(default_factory=dict)  # body document counts (single words)
    substitutions: list[Substitution] = field(default_factory=list)
    did_you_mean: str = ""
    vocabulary: Vocabulary = field(default_factory=Vocabulary, repr=False)  # default: what the public may see

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def phrases(self) -> list[Term]:
        """Two-word phrases of the words as typed."""
        return Reading(self.words).phrases

    def readings(self) -> list[Reading]:
        """Every way to read the query: at each substituted span the typed words or one of their replacements.

        Of substitutions that overlap, a reading takes one at most; the most faithful readings come first.
        """
        groups: list[tuple[set[int], list[Substitution]]] = []  # overlapping substitutions exclude each other
        for sub in self.substitutions:
            span = set(range(sub.start, sub.end))
            group = next((g for g in groups if g[0] & span), None)
            if group is None:
                groups.append((span, [sub]))
            else:
                group[0].update(span)
                group[1].append(sub)
        # Bounded: at most MAX_GROUPS spans, MAX_OPTIONS replacements each (5^4 = 625 readings before the cut).
        options = [[None, *subs[:MAX_OPTIONS]] for _span, subs in groups[:MAX_GROUPS]]
        out = []
        for choice in itertools.product(*options):
            out.append(self._substituted([sub for sub in choice if sub is not None]))
        out.sort(key=lambda reading: -reading.factor)
        return out[:MAX_READINGS]

    def _substituted(self, subs: list[Substitution]) -> Reading:
        words, factor, at = [], 1.0, 0
        for sub in sorted(subs, key=lambda s: s.start):
            words += self.words[at : sub.start] + sub.words
            factor *= sub.factor
            at = sub.end
        return Reading(words + self.words[at:], factor)

    def all_terms(self) -> list[Term]:
        return [*self.words, *self.phrases, *self.extra]

    def highlight_words(self) -> set[str]:
        words = {t.folded for t in self.words if t.weight > QUESTION_WEIGHT}
        for term in self.extra:
            words.update(term.folded.split())
        return words or {t.folded for t in self.words}


def synonyms() -> list[tuple[list[str], list[str]]]:
    """Active synonyms as (folded trigger tokens, official tokens) pairs, both directions for two-way ones."""
    pairs = cache.get(SYNONYM_CACHE_KEY)
    if pairs is None:
        pairs = []
        for syn in Synonym.objects.filter(active=True):
            everyday = exact_tokens(syn.everyday)
            for alternative in alternatives(syn.official):
                official = exact_tokens(alternative)
                if everyday and official:
                    pairs.append(([fold_token(t) for t in everyday], official))
                    if syn.two_way:
                        pairs.append(([fold_token(t) for t in official], everyday))
        cache.set(SYNONYM_CACHE_KEY, pairs, 300)
    return pairs


def forget_synonyms() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


def _contains(seq: list[str], sub: list[str]) -> int:
    n = len(sub)
    for i in range(len(seq) - n + 1):
        if seq[i : i + n] == sub:
            return i
    return -1


def edits(word: str) -> set[str]:
    """Words one edit away (delete, swap, replace, insert) over the folded Vietnamese alphabet."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    out |= {a + c + b for a, b in splits for c in ALPHABET}
    out.discard(word)
    return out


def confusions(word: str) -> set[str]:
    out = set()
    for x, y in CONFUSIONS:
        for a, b in ((x, y), (y, x)):
            if word.startswith(a):
                out.add(b + word[len(a) :])
    for x, y in FINAL_CONFUSIONS:
        for a, b in ((x, y), (y, x)):
            if word.endswith(a):
                out.add(word[: -len(a)] + b)
    if len(word) > 2:
        out |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    out.discard(word)
    return out


def _load_df(parsed: ParsedQuery, terms: set[str]) -> None:
    missing = [t for t in terms if t not in parsed.df]
    if not missing:
        return
    found = parsed.vocabulary.counts(missing)
    for term in missing:
        parsed.df[term], parsed.df_body[term] = found.get(term, (0, 0))


def _correct(parsed: ParsedQuery) -> None:
    """Add corrections for words that look mistyped: unknown to the vocabulary, or known but in a phrase that is not."""
    words = parsed.words
    folded = [t.folded for t in words]
    wanted: dict[int, set[str]] = {}
    # Everyday words of the synonym table count as known too: "độc tâhn" is "độc thân" though no title says it.
    everyday = Counter(
        itertools.chain.from_iterable([*trigger, *bigrams(trigger)] for trigger, _official in synonyms())
    )
    for i, word in enumerate(folded):
        if not word.isalpha() or len(word) < 2 or words[i].weight <= QUESTION_WEIGHT:
            continue
        in_everyday_phrase = (i and everyday[f"{folded[i - 1]} {word}"]) or (
            i + 1 < len(folded) and everyday[f"{word} {folded[i + 1]}"]
        )
        if parsed.df.get(word, 0) + parsed.df_body.get(word, 0) == 0 and not in_everyday_phrase:
            wanted[i] = edits(word) | confusions(word)
        else:
            neighbours = [f"{folded[i - 1]} {word}"] if i else []
            neighbours += [f"{word} {folded[i + 1]}"] if i + 1 < len(folded) else []
            if neighbours and all(parsed.df.get(b, 0) == 0 for b in neighbours):
                wanted[i] = confusions(word)
    if not wanted:
        return
    candidates: set[str] = set()
    for i, options in wanted.items():
        for option in options:
            candidates.add(option)
            if i:
                candidates.add(f"{folded[i - 1]} {option}")
            if i + 1 < len(folded):
                candidates.add(f"{option} {folded[i + 1]}")
    _load_df(parsed, candidates)
    corrected = list(folded)
    for i, options in wanted.items():
        known = parsed.df.get(folded[i], 0) + parsed.df_body.get(folded[i], 0)

        def support(option, i=i):
            pair = 0
            if i:
                pair += parsed.df.get(f"{folded[i - 1]} {option}", 0) + everyday[f"{folded[i - 1]} {option}"]
            if i + 1 < len(folded):
                pair += parsed.df.get(f"{option} {folded[i + 1]}", 0) + everyday[f"{option} {folded[i + 1]}"]
            return (pair, parsed.df.get(option, 0) + everyday[option])

        best = max(options, key=support, default=None)
        if best is None or support(best)[1] == 0:
            continue
        pair, single = support(best)
        if known and pair < 2:
            continue  # a known word is only replaced when the new phrase is attested
        corrected[i] = best
        parsed.extra.append(Term(best, words[i].weight * 0.9, kind="correction"))
        replacement = Term(best, words[i].weight, kind="correction")
        parsed.substitutions.append(Substitution(i, i + 1, [replacement], CORRECTION_FACTOR))
        for j in (i - 1, i + 1):
            if 0 <= j < len(folded):
                a, b = (folded[j], best) if j < i else (best, folded[j])
                parsed.extra.append(Term(f"{a} {b}", min(words[i].weight, words[j].weight) * 0.9, kind="correction"))
    if corrected != folded:
        parsed.did_you_mean = " ".join(corrected)


def _expand_synonyms(parsed: ParsedQuery, corrected: list[str] | None = None) -> None:
    """Official words for everyday ones, found in the words as typed or, when given, as corrected."""
    typed = [t.folded for t in parsed.words]
    folded = corrected or typed
    factor = SYNONYM_FACTOR * (CORRECTION_FACTOR if corrected else 1.0)
    for trigger, official in synonyms():
        at = _contains(folded, trigger)
        if at < 0 or (corrected and typed[at : at + len(trigger)] == trigger):
            continue  # not there, or already found as typed
        if not corrected:
            for term in parsed.words[at : at + len(trigger)]:
                term.weight = min(term.weight, 0.6)
        official_folded = [fold_token(t) for t in official]
        reading = [
            Term(f, 1.0, exact=e if has_marks(e) else "", kind="synonym")
            for e, f in zip(official, official_folded, strict=True)
        ]
        parsed.substitutions.append(Substitution(at, at + len(trigger), reading, factor))
        for exact, fold in zip(official, official_folded, strict=True):
            parsed.extra.append(Term(fold, 1.0, exact=exact, kind="synonym"))
        for phrase in bigrams(official_folded):
            parsed.extra.append(Term(phrase, 1.0, kind="synonym"))
        # Phrases across the seams, as if the official words had been typed in place: "cấp CCCD" → "cấp thẻ".
        before, after = parsed.words[at - 1] if at else None, parsed.words[at + len(trigger) : at + len(trigger) + 1]
        if before is not None and before.weight > QUESTION_WEIGHT:
            parsed.extra.append(Term(f"{before.folded} {official_folded[0]}", before.weight, kind="synonym"))
        if after and after[0].weight > QUESTION_WEIGHT:
            parsed.extra.append(Term(f"{official_folded[-1]} {after[0].folded}", after[0].weight, kind="synonym"))


def parse(text: str, *, correct: bool = True, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """Read a query against the vocabulary of `vocabulary` (default: the public one)."""
    cleaned = clean_query(text)
    parsed = ParsedQuery(text=cleaned, vocabulary=vocabulary or Vocabulary())
    marked = has_marks(cleaned)
    for token in exact_tokens(cleaned)[:MAX_QUERY_TOKENS]:
        folded = fold_token(token)
        if not folded:
            continue
        question = token in QUESTION_WORDS if marked else folded in FOLDED_QUESTION_WORDS
        parsed.words.append(Term(folded, QUESTION_WEIGHT if question else 1.0, exact=token if has_marks(token) else ""))
    if all(t.weight <= QUESTION_WEIGHT for t in parsed.words):
        for term in parsed.words:
            term.weight = 1.0
    if parsed.words:
        _expand_synonyms(parsed)
        _load_df(parsed, {t.folded for t in parsed.all_terms()})
        if correct:
            _correct(parsed)
            corrected = parsed.did_you_mean.split()
            if corrected and len(corrected) == len(parsed.words):
                _expand_synonyms(parsed, corrected)
                _load_df(parsed, {t.folded for t in parsed.extra})
    return parsed
