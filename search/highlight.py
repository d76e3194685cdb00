"""Highlighted snippets: the matched words of the title and of the best passage of the body, in <mark>.

Matching is on folded words, so "ho tich" marks "hộ tịch". The text is folded once (NFC Vietnamese folds
character for character, so positions carry over) and searched with one regular expression.
Output is HTML-escaped text with only <mark> tags.
"""

from __future__ import annotations

import re
from collections import Counter

from django.utils.html import escape

from .text import fold_token

WINDOW_CHARS = 220
SCAN_CHARS = 3000  # snippets come from the first part of the body: the steps and dossier, where matches matter
MAX_SPANS = 60


def _pattern(words: set[str]) -> re.Pattern | None:
    words = {w for w in words if w}
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def spans(text: str, words: set[str], folded: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of the occurrences of the words in the text (at most MAX_SPANS).

    `folded` is the text already folded character for character, when the caller has it.
    """
    pattern = _pattern(words)
    if pattern is None or not text:
        return []
    if folded is None or len(folded) != len(text):
        folded = fold_token(text)
    if len(folded) != len(text):  # a character that does not fold one-to-one: fold word by word
        return [
            (m.start(), m.end(), fold_token(m.group(0)))
            for m in re.finditer(r"[^\W_]+", text)
            if fold_token(m.group(0)) in words
        ]
    out = []
    for m in pattern.finditer(folded):
        out.append((m.start(), m.end(), m.group(0)))
        if len(out) >= MAX_SPANS:
            break
    return out


def _render(text: str, found: list[tuple[int, int, str]], begin: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out, last = [], begin
    for start, stop, _word in found:
        if start < begin or stop > end:
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:stop])}</mark>")
        last = stop
    out.append(escape(text[last:end]))
    return "".join(out)


def mark(text: str, words: set[str]) -> str:
    """The text, escaped, with every word whose folded form is in `words` wrapped in <mark>."""
    return _render(text, spans(text, words))


def _best_start(found: list[tuple[int, int, str]], window: int) -> int:
    """Start of the window holding the most distinct words (earliest on ties), by a sliding window."""
    best, start, counts, right = -1, found[0][0], Counter(), 0
    for left, (first, _stop, _word) in enumerate(found):
        while right < len(found) and found[right][0] < first + window:
            counts[found[right][2]] += 1
            right += 1
        if len(counts) > best:
            best, start = len(counts), first
        word = found[left][2]
        counts[word] -= 1
        if not counts[word]:
            del counts[word]
    return start


def snippet(title: str, body: str, words: set[str], window: int = WINDOW_CHARS, folded: str | None = None) -> str:
    """HTML: the body passage with the most query words, marked; the marked title when the body has none."""
    body = body[:SCAN_CHARS]
    found = spans(body, words, folded[:SCAN_CHARS] if folded else None)
    if not found:
        return mark(title, words)
    start = _best_start(found, window)
    begin = body.rfind(" ", 0, max(0, start - 40)) + 1 if start > 40 else 0
    end = body.find(" ", min(len(body), begin + window))
    end = len(body) if end < 0 else end
    text = _render(body, found, begin, end)
    text = " ".join(text.split())
    return f"{'… ' if begin else ''}{text}{' …' if end < len(body) else ''}"
