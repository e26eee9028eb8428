"""Load and validate a codebook, and compile its terms into matchers.

A codebook (``codebooks/panjshir.yaml``) is the research instrument of one story: actors with
their sides, roles and every spelling; platforms with cue phrases; reporting cues; labels for
each side; hedges; how the central claim is claimed, denied and asserted; and events. Its
header comment documents the format.

:func:`load_codebook` raises :class:`~analysis.errors.InputError` naming the file and the entry
for anything malformed: missing sections, unknown sides, an alias used by two actors, a bad
regular expression, an event that names an unknown actor.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import InputError
from .spans import keep_disjoint
from .terms import HAS_ASCII_CASE_TWIN, TermIndex, TermPattern, compile_terms

T = TypeVar("T")
ACTOR_TYPES = ("person", "organisation", "group", "media", "anonymous")
GENDERS = ("male", "female", "")
UNKNOWN_SIDE = "unknown"
UNSPECIFIED_PLATFORM = "unspecified"
# Platforms taken as self-published when a codebook marks none with ``self_published``
# (codebooks written before the field existed keep the report's share as it was).
DEFAULT_SELF_PUBLISHED = ("twitter", "facebook", "social_media", "audio_message", "video_message")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TOKEN_RE = re.compile(r"\w+(?:[.&-]+\w+)*")  # same tokens as \w(?:[\w.&-]*\w)?, without backtracking
_WORD_RUN_RE = re.compile(r"\w+")
_SCAN_LIMIT = 128  # names' first words up to which one substring search each beats tokenising
OPPOSED_PREFIX = re.compile(r"(?<![A-Za-z])(?:anti|pro)-$", re.IGNORECASE)


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'’")


def _find_words(
    lowered: str, terms: set[str], multiword: bool = False, twins: bool | None = None
) -> list[tuple[int, int]]:
    """Whole-word occurrences of lower-case ``terms`` in ``lowered`` with ``str.find``.

    Multi-word terms match with single spaces only, plus any whitespace via a fallback pattern.
    ``twins`` says whether ``lowered`` holds a character with an ASCII case twin (looked up
    when not given).
    """
    spans = []
    n = len(lowered)
    if multiword and twins is None:
        twins = bool(HAS_ASCII_CASE_TWIN.search(lowered))
    for term in terms:
        if multiword and " " in term:
            pattern = _small_pattern((term,))
            if not term.isascii() or twins:
                spans.extend(match.span() for match in pattern.finditer(lowered))
                continue
            first = term.split()[0]  # every match starts with it, literally, in ASCII
            position = lowered.find(first)
            while position >= 0:
                match = pattern.match(lowered, position)
                if match:
                    spans.append(match.span())
                position = lowered.find(first, match.end() if match else position + 1)
            continue
        position = lowered.find(term)
        while position >= 0:
            end = position + len(term)
            if (position == 0 or lowered[position - 1] not in _WORD_CHARS) and (
                end == n or lowered[end] not in _WORD_CHARS
            ):
                spans.append((position, end))
            position = lowered.find(term, end)
    return spans


# A run of ASCII letters in lower-cased text: what :meth:`Codebook.vocabulary_in` looks up.
LETTER_RUN_RE = re.compile(r"[a-z]+")


def _may_occur(words: Iterable[str], present: AbstractSet[str]) -> bool:
    """False when a plain ASCII word of ``words`` is missing from the words ``present`` in a
    text, so the phrase cannot occur there; True when it may (or when a word is not plain)."""
    return all(w in present or not (w.isascii() and w.isalpha()) for w in words)


@lru_cache(maxsize=4)
def _lowered(text: str) -> str:
    """``text.lower()``, remembered for the last few texts: the actor mentions of many windows
    of one article are looked up in a row (a live blog of a million characters has thousands)."""
    return text.lower()


def _longest_first(found: list[tuple[int, int, Actor]]) -> list[tuple[int, int, Actor]]:
    """The matches that overlap no longer (then earlier) match, in text order."""
    chosen = keep_disjoint(sorted(found, key=lambda m: (m[0] - m[1], m[0])))
    return sorted(chosen, key=lambda m: m[0])


def _find_alnum_words(lowered: str, terms: set[str]) -> list[tuple[int, int]]:
    """Occurrences of ``terms`` not touching another letter, digit or underscore."""
    spans = []
    n = len(lowered)
    for term in terms:
        position = lowered.find(term)
        while position >= 0:
            end = position + len(term)
            if (position == 0 or not (lowered[position - 1].isalnum() or lowered[position - 1] == "_")) and (
                end == n or not (lowered[end].isalnum() or lowered[end] == "_")
            ):
                spans.append((position, end))
            position = lowered.find(term, end)
    return spans


@lru_cache(maxsize=4096)
def _small_pattern(terms: tuple[str, ...], boundary: str = r"A-Za-z'’") -> re.Pattern[str]:
    """Whole-word pattern for a few terms (``boundary``: the characters that may not touch)."""
    body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms)
    edge = boundary if boundary.startswith("\\") else f"[{boundary}]"
    return re.compile(rf"(?<!{edge})(?:{body})(?!{edge})", re.IGNORECASE)


def _gap(separator: str) -> str:
    """A separator between two words of a name, normalised (any space -> " ", ’ -> ')."""
    return " " if separator.isspace() else separator.replace("’", "'").strip()


@dataclass(frozen=True)
class Actor:
    """A person, organisation, group or outlet in the story."""

    name: str
    type: str
    side: str
    role: str = ""
    gender: str = ""
    platform: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def is_person(self) -> bool:
        return self.type == "person"


@dataclass(frozen=True)
class Platform:
    """A channel; ``weak`` cues decide only when no other cue and no named outlet does.
    ``self_published``: what the speaker posts or records themselves (a tweet, an audio
    message), which no reporter asked for and a newsroom may have no way to check."""

    id: str
    label: str
    cues: tuple[str, ...]
    weak: bool = False
    self_published: bool = False


@dataclass(frozen=True)
class TermSet:
    """A named set of patterns, e.g. a label with its side or a hedge."""

    name: str
    patterns: tuple[str, ...]
    side: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    label: str
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Codebook:
    """A validated codebook. Compiled matchers are built on first use and cached."""

    path: str
    slug: str
    title: str
    period: str
    question: str
    sides: Mapping[str, str]
    actors: tuple[Actor, ...]
    platforms: tuple[Platform, ...]
    verb_forms: Mapping[str, str]
    phrases: tuple[str, ...]
    needs_complement: frozenset[str]
    titles: tuple[str, ...]
    unnamed_sources: tuple[str, ...]
    unnamed_reports: tuple[str, ...]
    labels: tuple[TermSet, ...] = ()
    hedges: tuple[TermSet, ...] = ()
    capture: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    claim_name: str = "the central claim"
    events: tuple[Event, ...] = ()

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """A value built once per codebook (compiled patterns used by other modules)."""
        store = self.__dict__.setdefault("_memo", {})
        if key not in store:
            store[key] = factory()
        return store[key]

    def side_label(self, side: str) -> str:
        return self.sides.get(side, "Unknown")

    @cached_property
    def actor_by_name(self) -> dict[str, Actor]:
        """Every name and alias, case-folded, to its actor."""
        return {name.casefold(): actor for actor in self.actors for name in actor.names}

    @cached_property
    def actor_re(self) -> TermPattern | None:
        """One pattern matching any actor name; longer names are tried first."""
        return compile_terms(self.actor_by_name.keys()) if self.actors else None

    @cached_property
    def _alias_index(self) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Actor]]]:
        """First word -> [(words, separators, actor)] of every name, longest names first."""
        index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Actor]]] = {}
        for name, actor in self.actor_by_name.items():
            tokens = list(TOKEN_RE.finditer(name))
            if not tokens:
                continue
            words = tuple(m.group().casefold() for m in tokens)
            gaps = tuple(_gap(name[a.end() : b.start()]) for a, b in itertools.pairwise(tokens))
            index.setdefault(words[0], []).append((words, gaps, actor))
        for entries in index.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        return index

    @cached_property
    def _alias_patterns(self) -> dict[str, list[tuple[re.Pattern[str], tuple[str, ...] | None]]]:
        """First word -> [(anchored pattern, its later words)] of every name starting with it,
        longest first. The later words are None where one is not ASCII: then no lower-case
        text is sure to contain them literally, and the pattern is always tried."""
        out: dict[str, list[tuple[re.Pattern[str], tuple[str, ...] | None]]] = {}
        for first, entries in self._alias_index.items():
            patterns = []
            for words, gaps, _actor in entries:
                body = re.escape(words[0])
                for word, gap in zip(words[1:], gaps, strict=True):
                    body += (r"\s+" if gap == " " else "[" + re.escape(gap + "’") + "]") + re.escape(word)
                later = words[1:] if all(w.isascii() for w in words[1:]) else None
                patterns.append((re.compile(body + r"(?![\w])", re.IGNORECASE), later))
            out[first] = patterns
        return out

    @cached_property
    def _first_word_sets(self) -> tuple[frozenset[str], tuple[tuple[str, re.Pattern[str]], ...]]:
        """Names' first words split by kind: plain runs of word characters ("taliban"), and
        compounds joined by a dot, hyphen or ampersand ("u.s", "jamiat-e-islami") with a pattern
        that finds them between non-word characters."""
        plain = frozenset(first for first in self._alias_index if _WORD_RUN_RE.fullmatch(first))
        compounds = tuple(
            (first, re.compile(rf"(?<!\w){re.escape(first)}(?!\w)"))
            for first in sorted(self._alias_index)
            if first not in plain
        )
        return plain, compounds

    def _first_words_in(self, lowered: str) -> set[str]:
        """Names' first words that occur in the lower-cased ``lowered`` as whole tokens or as
        runs of the pieces of a compound token ("taliban" in "taliban-led", "u.s" in "u.s.-led").

        A piece is a run of word characters, and a compound (pieces joined by dots, hyphens or
        ampersands) is a run of pieces when it occurs with no word character on either side.
        """
        plain, compounds = self._first_word_sets
        present = set(_WORD_RUN_RE.findall(lowered))
        present &= plain
        for first, pattern in compounds:
            if first in lowered and pattern.search(lowered):
                present.add(first)
        return present

    @cached_property
    def _vocabulary(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words cues and names are found by (verb forms, the words of phrases, names'
        first words), split into runs of ASCII letters ("said") and the rest ("u.s")."""
        words = set(self.verb_forms) | set(self._alias_index)
        words |= {word for phrases in self._phrase_index.values() for p in phrases for word in p}
        letters = frozenset(w for w in words if LETTER_RUN_RE.fullmatch(w))
        return letters, frozenset(words - letters)

    def vocabulary_in(self, text: str) -> frozenset[str]:
        """The codebook's words that may occur in ``text``, found in one pass over it: those
        spelled with ASCII letters that are a run of letters in the lower-cased text ("taliban"
        and "s" in "Taliban's"), and every other word (a superset: callers check where words
        really occur). Passed to :meth:`cue_spans` and :meth:`first_words_among`."""
        letters, others = self._vocabulary
        return letters.intersection(LETTER_RUN_RE.findall(_lowered(text))) | others

    def first_words_among(self, words: frozenset[str]) -> frozenset[str]:
        """Names' first words that can occur in a text whose :meth:`vocabulary_in` is
        ``words``: those spelled with ASCII letters found there, and every other first word.
        Pass it as ``among`` to :meth:`actor_mentions` for a whole text, to skip a substring
        search per name."""
        letters, others = self._first_words_spelled
        return (words & letters) | others

    @cached_property
    def _first_words_spelled(self) -> tuple[frozenset[str], frozenset[str]]:
        """Names' first words spelled with ASCII letters only ("taliban"), and the rest ("u.s")."""
        letters = frozenset(f for f in self._alias_index if LETTER_RUN_RE.fullmatch(f))
        return letters, frozenset(self._alias_index) - letters

    def _first_words_maybe_in(self, lowered: str, among: frozenset[str] | None = None) -> set[str]:
        """A superset of :meth:`_first_words_in`: with few names, every first word found in
        ``lowered`` at all (also inside a longer word: "ali" in "political"), which a substring
        search per word finds faster than splitting the text into words. Callers keep only
        occurrences between non-word characters. ``among``, when given, holds every first word
        that can occur (see :meth:`window_mentions`); only those are searched for."""
        if len(self._alias_index) > _SCAN_LIMIT:
            return self._first_words_in(lowered)
        return {first for first in (self._alias_index if among is None else among) if first in lowered}

    def window_mentions(
        self, text: str, windows: Sequence[tuple[int, int]]
    ) -> list[list[tuple[int, int, Actor]]]:
        """``actor_mentions(text, start, end)`` for each ``(start, end)`` window of one text.

        The same mentions, found faster for many windows (the sentences of an article): names'
        first words are looked for in the whole text once, and each window only for those found.
        A first word in a window is in the whole text: both are lower-cased character by
        character, the only exception being the Greek capital sigma, which is not ASCII, so
        first words that are not ASCII are always looked for.
        """
        if len(windows) < 2 or len(_lowered(text)) != len(text) or "Σ" in text:
            among = self._first_words_present(text)
            return [self.actor_mentions(text, start, end, among) for start, end in windows]
        return self._mentions_from_whole(text, windows)

    def _first_words_present(self, text: str) -> frozenset[str] | None:
        """Names' first words that may occur in ``text`` (every one not ASCII), for ``among``;
        None for a codebook with more names than a substring search per name suits. A substring
        search, not :meth:`vocabulary_in`: a window may cut a word ("Taliban" in "TalibanTaliban")."""
        if len(self._alias_index) > _SCAN_LIMIT:
            return None
        lowered = _lowered(text)
        return frozenset(f for f in self._alias_index if not f.isascii() or f in lowered)

    def _mentions_from_whole(
        self, text: str, windows: Sequence[tuple[int, int]]
    ) -> list[list[tuple[int, int, Actor]]]:
        """:meth:`window_mentions` from one search of the whole text (no capital sigma, lower-
        casing keeps lengths).

        A window between whitespace (or the text's ends) has the names found in the whole text
        that lie inside it, overlapping ones included, and only those: its edges bound a name as
        the whitespace does, a name's pattern reads one character past the name, a pattern's
        match has one possible end (it cannot match shorter inside the window), and a match must
        start inside the window to be found there. The longest of them then win as in a search
        of the window alone. Other windows are searched on their own.
        """
        found = self._whole_found(text)
        starts = [m[0] for m in found]
        among: frozenset[str] | None = None
        out = []
        for start, end in windows:
            if (start > 0 and not text[start - 1].isspace()) or (end < len(text) and not text[end].isspace()):
                among = self._first_words_present(text) if among is None else among
                out.append(self.actor_mentions(text, start, end, among))
                continue
            inside = []
            for i in range(bisect.bisect_left(starts, start), len(found)):
                if found[i][0] >= end:
                    break
                if found[i][1] <= end:
                    inside.append(found[i])
            out.append(_longest_first(inside))
        return out

    def whole_text_mentions(
        self, text: str, among: frozenset[str] | None = None
    ) -> list[tuple[int, int, Actor]]:
        """``actor_mentions(text)``, its search kept for :meth:`window_mentions` of the same text
        object (the attributions of an article, then the tone towards its actors)."""
        return _longest_first(self._whole_found(text, among))

    def _whole_found(self, text: str, among: frozenset[str] | None = None) -> list[tuple[int, int, Actor]]:
        """:meth:`_found_mentions` of the whole text sorted by position, kept for the last text
        searched (the same object: equal text is searched again). ``among`` as for
        :meth:`actor_mentions`; found here when not given."""
        last = self.__dict__.get("_last_whole")
        if last is not None and last[0] is text:
            return last[1]
        if among is None:
            among = self._first_words_present(text)
        found = sorted(self._found_mentions(text, 0, len(text), among), key=lambda m: (m[0], m[1]))
        self.__dict__["_last_whole"] = (text, found)
        return found

    def actor_mentions(
        self, text: str, start: int = 0, end: int | None = None, among: frozenset[str] | None = None
    ) -> list[tuple[int, int, Actor]]:
        """Actor names in ``text[start:end]``, in text order; where two overlap the longer wins.

        "The Resistance Front" gives "Resistance Front" (an alias of the NRF), not "The
        Resistance" (another alias). Names match whole words, case-insensitively; between their
        words only the name's own separators (spaces, an apostrophe) are allowed, so
        "the Taliban's assertion" mentions "Taliban". A name glued into a compound by a hyphen,
        dot or ampersand counts ("Taliban-led"), except after "anti-" or "pro-": an "anti-Taliban
        leader" is someone else (and "anti-Taliban forces", a name of its own, is the NRF).
        """
        return _longest_first(self._found_mentions(text, start, end, among))

    def _found_mentions(
        self, text: str, start: int, end: int | None, among: frozenset[str] | None
    ) -> list[tuple[int, int, Actor]]:
        """Every match of a name in ``text[start:end]``, overlapping ones included, in the
        order of their first word's position, then of the names' patterns (longest first)."""
        end = len(text) if end is None else end
        window = text[start:end]
        lowered = _lowered(text)
        # The whole text is lowered once; a window is lowered on its own, since a capital sigma
        # lowers by its context and the window's edges change that context.
        lowered_window = lowered if window is text else window.lower()
        if len(lowered) == len(text):  # occurrences are then checked for whole words below
            present = self._first_words_maybe_in(lowered_window, among)
        else:
            present = self._first_words_in(lowered_window)
        if not present:
            return []
        candidates = {first: [p for p, _ in self._alias_patterns[first]] for first in present}
        if len(lowered) == len(text) and not HAS_ASCII_CASE_TWIN.search(window):
            # Only names whose later words all occur in the window can match.
            candidates = {}
            for first in present:
                viable = [
                    pattern
                    for pattern, later in self._alias_patterns[first]
                    if later is None or all(word in lowered_window for word in later)
                ]
                if viable:
                    candidates[first] = viable
            present = set(candidates)
            if not present:
                return []
        if len(lowered) == len(text):
            occurrences = [
                (s + start, lowered[s + start : e + start])
                for s, e in _find_alnum_words(lowered[start:end], present)
            ]
        else:
            starts = _small_pattern(tuple(sorted(present, key=len, reverse=True)), boundary=r"\w")
            occurrences = [(m.start(), m.group().casefold()) for m in starts.finditer(text, start, end)]
        found = []
        for position, first in sorted(occurrences):
            if text[position - 1 : position] == "-" and OPPOSED_PREFIX.search(
                text, max(0, position - 5), position
            ):
                continue  # "anti-Taliban leader", "pro-Taliban cleric": someone else
            for pattern in candidates.get(first, ()):
                match = pattern.match(text, position, end)
                if match:
                    actor = self.actor_for(match.group())
                    if actor is not None:
                        found.append((match.start(), match.end(), actor))
        return found

    @cached_property
    def _phrase_index(self) -> dict[str, list[tuple[str, ...]]]:
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            words = tuple(phrase.casefold().split())
            index.setdefault(words[0], []).append(words)
        for entries in index.values():
            entries.sort(key=len, reverse=True)
        return index

    def cue_spans(self, text: str, present: frozenset[str] | None = None) -> list[tuple[int, int]]:
        """Every reporting verb form and phrase in ``text``, in order (whole words, any case).

        The words present are found first (one C-level pass), so only the few forms that occur
        are searched for: a 400-way alternation over every position would be far slower.
        ``present``, when given, is :meth:`vocabulary_in` of ``text``, found by the caller.
        """
        lowered = _lowered(text)
        if present is None:
            present = self.vocabulary_in(text)
        forms = present & self.verb_forms.keys()
        twins = bool(HAS_ASCII_CASE_TWIN.search(lowered))
        phrases = {
            " ".join(p)
            for w in present & self._phrase_index.keys()
            for p in self._phrase_index[w]
            if twins or _may_occur(p, present)
        }
        if not forms and not phrases:
            return []
        if len(lowered) != len(text):  # a case change altered lengths: fall back to a pattern
            pattern = _small_pattern(tuple(sorted(phrases | forms, key=len, reverse=True)))
            return [m.span() for m in pattern.finditer(text)]
        spans = _find_words(lowered, phrases, multiword=True, twins=twins) + _find_words(lowered, forms)
        chosen: list[tuple[int, int]] = []
        for s, e in sorted(spans, key=lambda span: (span[0], -span[1])):
            if not chosen or s >= chosen[-1][1]:
                chosen.append((s, e))
        return chosen

    @cached_property
    def title_re(self) -> re.Pattern[str]:
        """The titles stripped from speaker names, as one whole-word pattern."""
        titles = sorted({t.casefold() for t in self.titles}, key=len, reverse=True)
        alternation = "|".join(re.escape(t) for t in titles) or r"(?!x)x"
        return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    @cached_property
    def _ascii_titles(self) -> frozenset[str] | None:
        """The case-folded titles, when all are ASCII (else None: :meth:`is_title` uses the pattern)."""
        titles = frozenset(t.casefold() for t in self.titles)
        return titles if all(t.isascii() for t in titles) else None

    def is_title(self, word: str) -> bool:
        """Whether one word is a title, in any case: the answer of ``title_re.fullmatch`` on the
        case-folded word. ASCII words are looked up in a set; others go through the pattern
        (whose case-insensitive matching pairs some letters, such as "ı" and "i", that
        case-folding keeps apart)."""
        folded = word.casefold()
        titles = self._ascii_titles
        if titles is not None and folded.isascii():
            return folded in titles
        return self.title_re.fullmatch(folded) is not None

    @cached_property
    def unnamed_source_words(self) -> frozenset[str]:
        """The case-folded phrases of anonymous sourcing ("officials", "a source")."""
        return frozenset(u.casefold() for u in self.unnamed_sources)

    @cached_property
    def unnamed_report_words(self) -> frozenset[str]:
        """The case-folded phrases of unattributed reports ("reports", "local media reports")."""
        return frozenset(u.casefold() for u in self.unnamed_reports)

    @cached_property
    def side_word_res(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Per side, a pattern for its id or the first word of its label ("resistance")."""
        out = []
        for side, label in self.sides.items():
            words = {side.casefold()}
            first = label.split()[0].casefold() if label.split() else ""
            if len(first) > 3:
                words.add(first)
            body = "|".join(re.escape(w) for w in sorted(words))
            out.append((side, re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)))
        return tuple(out)

    @cached_property
    def cue_re(self) -> re.Pattern[str]:
        """Every reporting verb form and phrase, as whole words, case-insensitive."""
        terms = sorted(set(self.verb_forms) | {p.casefold() for p in self.phrases}, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in terms)
        return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)

    def actor_for(self, mention: str) -> Actor | None:
        """The actor a matched name refers to (case-insensitive), or None."""
        return self.actor_by_name.get(" ".join(mention.split()).casefold())

    @cached_property
    def platform_res(self) -> tuple[tuple[str, bool, TermPattern], ...]:
        """``(id, weak, pattern)`` for every platform with cues, in codebook order."""
        return tuple((p.id, p.weak, compile_terms(p.cues)) for p in self.platforms if p.cues)

    @cached_property
    def platform_index(self) -> TermIndex:
        """Which of :attr:`platform_res` may occur in a folded text."""
        return TermIndex([pattern for _, _, pattern in self.platform_res])

    @property
    def self_published_platforms(self) -> tuple[str, ...]:
        """Ids of the platforms marked ``self_published``, in codebook order (may be empty)."""
        return tuple(p.id for p in self.platforms if p.self_published)

    def platform_label(self, platform_id: str) -> str:
        for platform in self.platforms:
            if platform.id == platform_id:
                return platform.label
        return platform_id.replace("_", " ").capitalize()

    def expand(self, term: str) -> tuple[str, ...]:
        """``@Actor`` expanded to all the actor's names; any other term unchanged."""
        if term.startswith("@"):
            actor = self.actor_for(term[1:])
            if actor is None:  # validated at load time
                raise KeyError(term)
            return actor.names
        return (term,)

    def compile(self, terms: Iterable[str]) -> TermPattern:
        """Compile terms (with ``@Actor`` expansion) into one whole-word, case-free pattern."""
        return compile_terms([t for term in terms for t in self.expand(term)])


def inflect(lemma: str) -> tuple[str, ...]:
    """The lemma and its regular -s, -ed and -ing forms (``deny`` -> denies, denied, denying)."""
    if lemma.endswith("e"):
        forms = (lemma + "s", lemma + "d", lemma[:-1] + "ing")
    elif len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms = (lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms = (lemma + "es", lemma + "ed", lemma + "ing")
    else:
        forms = (lemma + "s", lemma + "ed", lemma + "ing")
    return (lemma, *forms)


class _Validator:
    """Collects context (path, entry) so every error names where it was found."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(self.path, f"{where}: {problem}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a mapping, got {type(value).__name__}")
        return value

    def sequence(self, value: Any, where: str, *, allow_empty: bool = True) -> list[Any]:
        if value is None and allow_empty:
            return []
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, got {type(value).__name__}")
        if not value and not allow_empty:
            raise self.fail(where, "must not be empty")
        return value

    def text(self, value: Any, where: str, *, required: bool = True) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.fail(where, f"must be text, got {type(value).__name__}")
        text = str(value).strip()
        if required and not text:
            raise self.fail(where, "must not be empty")
        return text

    def texts(self, value: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        items = self.sequence(value, where, allow_empty=allow_empty)
        out = tuple(self.text(v, f"{where}[{i}]") for i, v in enumerate(items))
        for i, term in enumerate(out):
            if term.startswith("re:"):
                try:
                    re.compile(term[3:])
                except re.error as exc:
                    raise self.fail(f"{where}[{i}]", f"bad regular expression ({exc})") from None
        return out


def _parse_actor(v: _Validator, raw: Any, i: int, sides: Mapping[str, str], platform_ids: set[str]) -> Actor:
    where = f"actors[{i}]"
    entry = v.mapping(raw, where)
    name = v.text(entry.get("name"), f"{where}.name")
    where = f"actors[{i}] ({name!r})"
    unknown = sorted(set(entry) - {"name", "type", "side", "role", "gender", "platform", "aliases"})
    if unknown:
        raise v.fail(where, f"unknown field(s) {unknown}")
    actor_type = v.text(entry.get("type", "person"), f"{where}.type")
    if actor_type not in ACTOR_TYPES:
        raise v.fail(where, f"type {actor_type!r} is not one of: {', '.join(ACTOR_TYPES)}")
    side = v.text(entry.get("side"), f"{where}.side")
    if side not in sides:
        raise v.fail(where, f"side {side!r} is not one of the sides: {', '.join(sides)}")
    gender = v.text(entry.get("gender"), f"{where}.gender", required=False)
    if gender not in GENDERS:
        raise v.fail(where, f"gender {gender!r} must be male, female or left out")
    platform = v.text(entry.get("platform"), f"{where}.platform", required=False)
    if platform and platform not in platform_ids:
        raise v.fail(where, f"platform {platform!r} is not a platform id: {', '.join(sorted(platform_ids))}")
    aliases = v.texts(entry.get("aliases"), f"{where}.aliases")
    return Actor(
        name=name,
        type=actor_type,
        side=side,
        role=v.text(entry.get("role"), f"{where}.role", required=False),
        gender=gender,
        platform=platform,
        aliases=tuple(dict.fromkeys(a for a in aliases if a.casefold() != name.casefold())),
    )


def _parse_term_sets(
    v: _Validator, raw: Any, where: str, key: str, sides: Mapping[str, str]
) -> tuple[TermSet, ...]:
    out = []
    for i, item in enumerate(v.sequence(raw, where)):
        entry = v.mapping(item, f"{where}[{i}]")
        name = v.text(entry.get(key), f"{where}[{i}].{key}")
        side = v.text(entry.get("side"), f"{where}[{i}].side", required=False)
        if key == "label" and side not in sides:
            raise v.fail(
                f"{where}[{i}] ({name!r})",
                f"side {side!r} is not one of the sides: {', '.join(sides)}",
            )
        patterns = v.texts(entry.get("patterns", [name]), f"{where}[{i}].patterns", allow_empty=False)
        out.append(TermSet(name=name, patterns=patterns, side=side))
    return tuple(out)


def parse_codebook(data: Any, path: Path) -> Codebook:
    """Validate parsed YAML ``data`` (from ``path``, used in messages) into a :class:`Codebook`."""
    v = _Validator(path)
    root = v.mapping(data, "codebook")
    for section in ("story", "sides", "actors", "platforms", "reporting"):
        if section not in root:
            raise v.fail("codebook", f"missing section {section!r}")
    story = v.mapping(root["story"], "story")
    slug = v.text(story.get("slug"), "story.slug")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug):
        raise v.fail("story.slug", f"{slug!r} must be lower-case letters, digits, - or _")
    sides_raw = v.mapping(root["sides"], "sides")
    if not sides_raw:
        raise v.fail("sides", "must name at least one side")
    sides = {}
    for key, label in sides_raw.items():
        if not isinstance(key, str) or not _ID_RE.match(key):
            raise v.fail("sides", f"side id {key!r} must be a lower-case identifier")
        if key == UNKNOWN_SIDE:
            raise v.fail("sides", f"{UNKNOWN_SIDE!r} is reserved for speakers outside the codebook")
        sides[key] = v.text(label, f"sides.{key}")

    platforms = []
    entries = [
        v.mapping(item, f"platforms[{i}]")
        for i, item in enumerate(v.sequence(root["platforms"], "platforms"))
    ]
    marked = any("self_published" in entry for entry in entries)
    for i, entry in enumerate(entries):
        pid = v.text(entry.get("id"), f"platforms[{i}].id")
        if not _ID_RE.match(pid) or pid == UNSPECIFIED_PLATFORM:
            raise v.fail(
                f"platforms[{i}]",
                f"id {pid!r} must be a lower-case identifier other than {UNSPECIFIED_PLATFORM!r}",
            )
        unknown = sorted(set(entry) - {"id", "label", "cues", "weak", "self_published"})
        if unknown:
            raise v.fail(f"platforms[{i}] ({pid!r})", f"unknown field(s) {unknown}")
        flags = {}
        for flag, default in (
            ("weak", False),
            ("self_published", not marked and pid in DEFAULT_SELF_PUBLISHED),
        ):
            flags[flag] = entry.get(flag, default)
            if not isinstance(flags[flag], bool):
                raise v.fail(f"platforms[{i}] ({pid!r})", f"{flag} must be true or false")
        platforms.append(
            Platform(
                pid,
                v.text(entry.get("label", pid), f"platforms[{i}].label"),
                v.texts(entry.get("cues"), f"platforms[{i}].cues"),
                **flags,
            )
        )
    platform_ids = {p.id for p in platforms}
    if len(platform_ids) != len(platforms):
        raise v.fail("platforms", "platform ids must be unique")

    actors = tuple(
        _parse_actor(v, raw, i, sides, platform_ids)
        for i, raw in enumerate(v.sequence(root["actors"], "actors"))
    )
    owner: dict[str, str] = {}
    for actor in actors:
        for name in actor.names:
            key = name.casefold()
            if key in owner and owner[key] != actor.name:
                raise v.fail("actors", f"name {name!r} is used by both {owner[key]!r} and {actor.name!r}")
            owner[key] = actor.name

    reporting = v.mapping(root["reporting"], "reporting")
    lemmas = v.texts(reporting.get("verbs"), "reporting.verbs", allow_empty=False)
    irregular = v.mapping(reporting.get("irregular") or {}, "reporting.irregular")
    verb_forms: dict[str, str] = {}
    for lemma in lemmas:
        for form in inflect(lemma.casefold()):
            verb_forms.setdefault(form, lemma.casefold())
    for lemma, forms in irregular.items():
        lemma_text = v.text(lemma, "reporting.irregular")
        for form in (lemma_text, *v.texts(forms, f"reporting.irregular.{lemma_text}")):
            verb_forms[form.casefold()] = lemma_text.casefold()

    capture_raw = v.mapping(root.get("capture") or {}, "capture")
    unknown_capture = sorted(set(capture_raw) - {"name", "claim", "denial", "assertion", "negation"})
    if unknown_capture:
        raise v.fail("capture", f"unknown key(s) {unknown_capture}")
    claim_name = v.text(capture_raw.get("name"), "capture.name", required=False) or "the central claim"
    capture = {
        key: v.texts(capture_raw.get(key), f"capture.{key}")
        for key in ("claim", "denial", "assertion", "negation")
    }

    known_names = set(owner)
    events = []
    for i, item in enumerate(v.sequence(root.get("events"), "events")):
        entry = v.mapping(item, f"events[{i}]")
        eid = v.text(entry.get("id"), f"events[{i}].id")
        if not _ID_RE.match(eid):
            raise v.fail(f"events[{i}]", f"id {eid!r} must be a lower-case identifier")
        groups = tuple(
            v.texts(g, f"events[{i}] ({eid}).all[{j}]", allow_empty=False)
            for j, g in enumerate(v.sequence(entry.get("all"), f"events[{i}] ({eid}).all", allow_empty=False))
        )
        for group in groups:
            for term in group:
                if term.startswith("@") and term[1:].casefold() not in known_names:
                    raise v.fail(f"events[{i}] ({eid})", f"{term!r} names no actor in the codebook")
        events.append(Event(eid, v.text(entry.get("label", eid), f"events[{i}].label"), groups))
    if len({e.id for e in events}) != len(events):
        raise v.fail("events", "event ids must be unique")

    return Codebook(
        path=str(path),
        slug=slug,
        title=v.text(story.get("title"), "story.title"),
        period=v.text(story.get("period"), "story.period", required=False),
        question=v.text(story.get("question"), "story.question", required=False),
        sides=sides,
        actors=actors,
        platforms=tuple(platforms),
        verb_forms=verb_forms,
        phrases=v.texts(reporting.get("phrases"), "reporting.phrases"),
        needs_complement=frozenset(
            t.casefold() for t in v.texts(reporting.get("needs_complement"), "reporting.needs_complement")
        ),
        titles=v.texts(reporting.get("titles"), "reporting.titles"),
        unnamed_sources=v.texts(reporting.get("unnamed_sources"), "reporting.unnamed_sources"),
        unnamed_reports=v.texts(reporting.get("unnamed_reports"), "reporting.unnamed_reports"),
        labels=_parse_term_sets(v, root.get("labels"), "labels", "label", sides),
        hedges=_parse_term_sets(v, root.get("hedges"), "hedges", "term", sides),
        capture=capture,
        claim_name=claim_name,
        events=tuple(events),
    )


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate the codebook at ``path``."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        raise InputError(path, "is a folder, expected a codebook YAML file")
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(path, f"is not valid YAML{where} ({problem})") from None
    if data is None:
        raise InputError(path, "codebook is empty")
    return parse_codebook(data, path)
