"""Codebook terms as patterns that know when they cannot match.

A codebook term is a whole-word, case-insensitive literal ("Northern Alliance") or, with the
``re:`` prefix, a regular expression. :func:`compile_terms` joins terms into one pattern, longest
literal first. Scanning every sentence of a large corpus with dozens of such alternations costs
more than everything else the pipeline does, although most sentences contain none of the terms.

A :class:`TermPattern` therefore carries *keys*: lower-case literals one of which every match
must contain. :meth:`TermPattern.may_occur_in` tests them with ``in`` on :func:`fold_for_keys` of
the text, and only a text that passes is searched. The test never rejects a text the pattern
matches: keys are made only of ASCII characters the match must contain, and ``fold_for_keys``
maps every character that ``re.IGNORECASE`` equates with an ASCII letter to that letter. A
literal term's key is its longest word (or, in a term with non-ASCII letters, its longest ASCII
run: "communiqu" of "communiqué"); an ``re:`` term's keys are runs of literal characters that
every match of the expression contains (:func:`regex_keys`). A pattern with a term without any
such key ("Ахмад") has no keys and is always searched.

Most keys are also *word keys*: a run of word characters that every match holds as a whole
word (the term's own word boundaries, or the spaces between its words, surround it). Those are
tested by set membership against :func:`key_words` of the text, which is much cheaper than one
substring search per key. ``fold_for_keys`` maps each character to one character and keeps
whether it is a word character (tests check every character), so a whole word of a match is a
whole word of the folded text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any, NamedTuple

# The only non-ASCII characters re.IGNORECASE matches with an ASCII letter (dotted and dotless
# i, long s, Kelvin sign; tests check this against the re module over every cased character).
# fold_for_keys maps them; where one occurs, the codebook's word-presence shortcuts are skipped.
ASCII_CASE_TWINS = {"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"}
HAS_ASCII_CASE_TWIN = re.compile(f"[{''.join(ASCII_CASE_TWINS)}]")
NEVER = r"(?!x)x"
_WORD = re.compile(r"\w+")
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def fold_for_keys(text: str) -> str:
    """``text`` lower-cased for :meth:`TermPattern.may_occur_in`, its ASCII case twins mapped
    first (İ would otherwise lower-case to two characters)."""
    if not text.isascii():
        for twin, letter in ASCII_CASE_TWINS.items():
            if twin in text:
                text = text.replace(twin, letter)
    return text.lower()


def key_words(folded: str) -> set[str]:
    """The whole words of a folded text, for :meth:`TermPattern.may_occur`."""
    return set(_WORD.findall(folded))


class FoldedText(NamedTuple):
    """A text as the key tests read it: :func:`fold_for_keys` of it and its :func:`key_words`."""

    folded: str
    words: set[str]


def fold_text(text: str) -> FoldedText:
    """``text`` folded once for every key test made on it."""
    folded = fold_for_keys(text)
    return FoldedText(folded, key_words(folded))


def term_regex(term: str) -> str:
    """Regex source for one term: ``re:`` terms as written, others as whole-word literals
    (any run of whitespace between words)."""
    if term.startswith("re:"):
        return f"(?:{term[3:]})"
    escaped = r"\s+".join(re.escape(part) for part in term.split())
    left = r"(?<!\w)" if term[:1].isalnum() or term[:1] == "_" else ""
    right = r"(?!\w)" if term[-1:].isalnum() or term[-1:] == "_" else ""
    return f"{left}{escaped}{right}"


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _strength(keys: tuple[str, ...]) -> tuple[int, int]:
    """How selective a set of keys is: its shortest key first, then fewer keys."""
    return min(len(k) for k in keys), -len(keys)


def _required_runs(items: Iterable[tuple[Any, Any]]) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of the parsed expression ``items`` contains.

    Runs of ASCII literal characters matched one after the other; a group, a repeat of at least
    once, or an alternation whose every branch has keys (their union) also gives keys. The most
    selective choice is returned; None when nothing is certain. Everything else (classes, ``.``,
    anchors, lookarounds, optional parts, back-references) only ends a run: that is safe, since
    a key may be any string the match contains.
    """
    best: tuple[str, ...] | None = None
    run: list[str] = []

    def consider(keys: tuple[str, ...] | None) -> None:
        nonlocal best
        if keys and all(keys) and (best is None or _strength(keys) > _strength(best)):
            best = keys

    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        consider(("".join(run),) if run else None)
        run = []
        if op is sre.SUBPATTERN:
            consider(_required_runs(av[3]))
        elif op is sre.ATOMIC_GROUP:
            consider(_required_runs(av))
        elif op in _REPEATS and av[0] >= 1:
            consider(_required_runs(av[2]))
        elif op is sre.BRANCH:
            branches = [_required_runs(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                consider(tuple(sorted({key for b in branches for key in b})))
    consider(("".join(run),) if run else None)
    return best


def regex_keys(source: str) -> tuple[str, ...] | None:
    """Lower-case literals one of which every case-insensitive match of the regular expression
    ``source`` contains (see :func:`_required_runs`), sorted; None when there are none, or when
    the expression does not parse."""
    try:
        parsed = sre_parse.parse(source, re.IGNORECASE)
    except (re.error, RecursionError):
        return None
    keys = _required_runs(parsed)
    return tuple(sorted(keys)) if keys else None


def _term_key(term: str) -> tuple[tuple[str, ...], bool] | None:
    """The term's keys and whether ``term_regex(term)`` only matches them as whole words.

    A literal term has one key: its longest lower-case word, or for a term with non-ASCII
    letters the longest run of ASCII characters inside one of its words (not a whole word). An
    ``re:`` term has :func:`regex_keys` (never taken as whole words). None for an empty term, a
    term without ASCII letters and an expression without keys.
    """
    if term.startswith("re:"):
        keys = regex_keys(term[3:])
        return None if keys is None else (keys, False)
    words = term.lower().split()
    if not words:
        return None
    if not term.isascii():
        # The longest run of ASCII characters within a word ("communiqu" of "communiqué").
        runs = [run.lower() for word in term.split() for run in _ASCII_RUN.findall(word)]
        return ((max(runs, key=lambda r: (len(r), r)),), False) if runs else None
    key = max(words, key=lambda w: (len(w), w))
    if _WORD.fullmatch(key) is None:
        return (key,), False
    for i, word in enumerate(words):
        left = i > 0 or term[:1].isalnum() or term[:1] == "_"
        right = i < len(words) - 1 or term[-1:].isalnum() or term[-1:] == "_"
        if word == key and left and right:
            return (key,), True
    return (key,), False


def _keys_of(terms: Iterable[str]) -> tuple[tuple[str, ...] | None, frozenset[str]]:
    """:func:`term_keys` of ``terms``, and those of its keys that every term they come from holds
    as a whole word (see the module doc; none when the terms have no keys)."""
    found = [_term_key(term) for term in terms]
    if any(f is None for f in found):
        return None, frozenset()
    every = {k for keys, _ in found for k in keys}
    unbounded = {k for keys, bounded in found if not bounded for k in keys}
    return tuple(sorted(every)), frozenset(every - unbounded)


def term_keys(terms: Iterable[str]) -> tuple[str, ...] | None:
    """Lower-case literals one of which any match of the terms contains (see :func:`_term_key`),
    or None when a term has none (no ASCII letters, an expression with no literal it always
    matches). No terms: no keys."""
    return _keys_of(terms)[0]


@dataclass(frozen=True, eq=False)
class TermPattern:
    """A compiled term pattern (``regex``) and its ``keys`` (None: no shortcut), split into
    ``word_keys`` and ``text_keys`` for :meth:`may_occur`.

    Offers the ``re.Pattern`` calls the pipeline uses, so it can stand where a pattern did.
    """

    regex: re.Pattern[str]
    keys: tuple[str, ...] | None
    word_keys: frozenset[str] = frozenset()  # keys always matched as whole words
    text_keys: tuple[str, ...] = ()  # the other keys

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def may_occur_in(self, folded: str) -> bool:
        """False only when no match can exist in the text ``folded`` was made from."""
        return self.keys is None or any(key in folded for key in self.keys)

    def may_occur(self, folded: str, words: set[str]) -> bool:
        """:meth:`may_occur_in`, with ``words`` = :func:`key_words` of ``folded``: word keys are
        looked up in ``words``, the others searched in ``folded``."""
        if self.keys is None or not self.word_keys.isdisjoint(words):
            return True
        return any(key in folded for key in self.text_keys)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos)


class TermIndex:
    """Which of several term patterns may occur in a text, found from the text's words at once.

    ``candidates(text)`` equals ``[i for i, p in enumerate(patterns) if p.may_occur(*text)]``
    (tests check this): patterns are looked up by their word keys in the text's words, and only
    patterns without keys or with other keys are tested one by one.
    """

    def __init__(self, patterns: Sequence[TermPattern]) -> None:
        by_word: dict[str, list[int]] = {}
        always: list[int] = []
        by_text: list[tuple[int, tuple[str, ...]]] = []
        for i, pattern in enumerate(patterns):
            if pattern.keys is None:
                always.append(i)
                continue
            for key in pattern.word_keys:
                by_word.setdefault(key, []).append(i)
            if pattern.text_keys:
                by_text.append((i, pattern.text_keys))
        self._by_word = by_word
        self._always = tuple(always)
        self._by_text = tuple(by_text)

    def candidates(self, text: FoldedText) -> list[int]:
        """Positions of the patterns that may occur in ``text``, in pattern order."""
        found = set(self._always)
        for word in text.words & self._by_word.keys():
            found.update(self._by_word[word])
        for i, keys in self._by_text:
            if i not in found and any(key in text.folded for key in keys):
                found.add(i)
        return sorted(found)


def compile_terms(terms: Iterable[str]) -> TermPattern:
    """One case-insensitive pattern for ``terms``; longest literal first so it wins a tie.
    No terms give a pattern that never matches."""
    unique = sorted(set(terms), key=lambda t: (-len(t), t))
    source = "|".join(term_regex(t) for t in unique) if unique else NEVER
    keys, words = _keys_of(unique)
    others = tuple(k for k in keys or () if k not in words)
    return TermPattern(re.compile(source, re.IGNORECASE), keys, words, others)
