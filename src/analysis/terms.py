"""Codebook terms as patterns that know when they cannot match.

A codebook term is a whole-word, case-insensitive literal ("Northern Alliance") or, with the
``re:`` prefix, a regular expression. :func:`compile_terms` joins terms into one pattern, longest
literal first. Scanning every sentence of a large corpus with dozens of such alternations costs
more than everything else the pipeline does, although most sentences contain none of the terms.

A :class:`TermPattern` therefore carries *keys*: lower-case literals one of which every match
must contain. :meth:`TermPattern.may_occur_in` tests them with ``in`` on :func:`fold_for_keys` of
the text, and only a text that passes is searched. The test never rejects a text the pattern
matches: keys come only from ASCII literal terms, and ``fold_for_keys`` maps every character
that ``re.IGNORECASE`` equates with an ASCII letter to that letter. A pattern with any ``re:`` or
non-ASCII term has no keys and is always searched.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# The only non-ASCII characters re.IGNORECASE matches with an ASCII letter (dotted and dotless
# i, long s, Kelvin sign; tests check this against the re module over every cased character).
# fold_for_keys maps them; where one occurs, the codebook's word-presence shortcuts are skipped.
ASCII_CASE_TWINS = {"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"}
HAS_ASCII_CASE_TWIN = re.compile(f"[{''.join(ASCII_CASE_TWINS)}]")
_KEY_FOLD = str.maketrans(ASCII_CASE_TWINS)
NEVER = r"(?!x)x"


def fold_for_keys(text: str) -> str:
    """``text`` lower-cased for :meth:`TermPattern.may_occur_in` (not for offsets: İ and
    other characters may change length)."""
    return text.translate(_KEY_FOLD).lower()


def term_regex(term: str) -> str:
    """Regex source for one term: ``re:`` terms as written, others as whole-word literals
    (any run of whitespace between words)."""
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    left = r"(?<!\w)" if term[:1].isalnum() or term[:1] == "_" else ""
    right = r"(?!\w)" if term[-1:].isalnum() or term[-1:] == "_" else ""
    return f"{left}{escaped}{right}"


def term_keys(terms: Iterable[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which any match of the terms contains (each term's longest
    word), or None when a term is a regular expression or not ASCII. No terms: no keys."""
    keys = set()
    for term in terms:
        words = term.lower().split()
        if term.startswith("re:") or not term.isascii() or not words:
            return None
        keys.add(max(words, key=lambda w: (len(w), w)))
    return tuple(sorted(keys))


@dataclass(frozen=True, eq=False)
class TermPattern:
    """A compiled term pattern (``regex``) and its ``keys`` (None: no shortcut).

    Offers the ``re.Pattern`` calls the pipeline uses, so it can stand where a pattern did.
    """

    regex: re.Pattern[str]
    keys: tuple[str, ...] | None

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def may_occur_in(self, folded: str) -> bool:
        """False only when no match can exist in the text ``folded`` was made from."""
        return self.keys is None or any(key in folded for key in self.keys)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos)


def compile_terms(terms: Iterable[str]) -> TermPattern:
    """One case-insensitive pattern for ``terms``; longest literal first so it wins a tie.
    No terms give a pattern that never matches."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    source = "|".join(term_regex(t) for t in unique) if unique else NEVER
    return TermPattern(re.compile(source, re.IGNORECASE), term_keys(unique))
