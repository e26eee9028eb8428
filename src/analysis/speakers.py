"""Resolve the phrase in front of (or after) a reporting cue to a speaker.

Order of preference inside a phrase (see :func:`resolve_phrase`): a codebook person; another
codebook actor (the last one in the phrase's head, before any "of …"/"in …" modifier); a
capitalised name as written, titles stripped ("Taliban Spokesperson Zabihullah" -> the codebook
actor, "Sen. Bernie Sanders" -> "Bernie Sanders"); a title that names someone introduced earlier
in the article ("says spokesperson" -> the spokesperson named before; "The leader of a group …"
-> the person introduced as its leader); an unnamed source ("a Taliban source", "officials") or
unnamed reports ("reports"). Pronouns resolve to the last compatible speaker. A phrase that
resolves to none of these gives no speaker, and the caller drops the attribution: precision
matters more than recall for a measurement that names who speaks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from . import lexicon
from .codebook import UNKNOWN_SIDE, Actor, Codebook

UNNAMED_SOURCE = "unnamed source"
UNNAMED_REPORTS = "unnamed reports"
PRONOUNS = {"he": "male", "she": "female", "they": "plural", "it": "thing"}
LEADING_NOISE = frozenset(
    [
        "and",
        "but",
        "so",
        "also",
        "however",
        "meanwhile",
        "then",
        "later",
        "earlier",
        "now",
        "still",
        "yet",
        "even",
        "while",
        "moreover",
        "furthermore",
        "instead",
        "though",
        "although",
    ]
)
TRAILING_NOISE = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "recently",
        "earlier",
        "later",
        "further",
        "then",
        "again",
        "previously",
        "repeatedly",
        "reportedly",
        "allegedly",
        "publicly",
        "privately",
        "quickly",
        "once",
        "first",
        "now",
        "already",
        "just",
        "still",
        "would",
        "will",
        "could",
        "may",
        "might",
        "should",
        "can",
        "did",
        "does",
        "do",
        "is",
        "was",
        "are",
        "were",
        "being",
        "been",
        "not",
        "never",
        "too",
        "himself",
        "herself",
        "themselves",
        "itself",
        "subsequently",
        "separately",
    ]
)
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "another",
        "one",
        "some",
    ]
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR = frozenset(
    [
        *WEEKDAYS,
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "today",
        "yesterday",
        "tonight",
        "earlier",
        "later",
        "however",
        "meanwhile",
        "in",
        "on",
        "at",
        "after",
        "before",
        "during",
        "as",
        "since",
        "when",
        "while",
        "the",
        "a",
        "an",
        "this",
        "that",
    ]
)
HEAD_BOUNDARY = re.compile(
    r"\s(?:of|in|on|at|from|for|with|during|after|before|since|who|which|whose|that|over|"
    r"about|amid|across|near|under|to|by|through|against|between)\s"
)
NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|Mc\w+|al-\w+|el-\w+|bin|van|von|de|da)$")
WORD = re.compile(r"\S+")
SPEAKER_TYPES = ("person", "organisation", "group", "media", "anonymous")


@dataclass(frozen=True)
class Speaker:
    """Who speaks: canonical or written name, side and type, and where the mention is."""

    name: str
    side: str
    type: str
    start: int
    end: int
    gender: str = ""
    platform: str = ""
    how: str = ""  # codebook | name | title | pronoun | unnamed

    @property
    def is_person(self) -> bool:
        return self.type == "person"

    @property
    def score(self) -> int:
        """How specific the resolution is (higher wins between appositives)."""
        if self.how == "codebook":
            return 5 if self.is_person else 4
        return {"name": 3, "title": 2, "pronoun": 2, "unnamed": 1}.get(self.how, 0)


def from_actor(actor: Actor, start: int, end: int) -> Speaker:
    if actor.type == "anonymous":
        return Speaker(UNNAMED_SOURCE, actor.side, "anonymous", start, end, how="codebook")
    return Speaker(
        actor.name, actor.side, actor.type, start, end, actor.gender, actor.platform, how="codebook"
    )


@dataclass
class ArticleContext:
    """What speaker resolution knows about one article so far."""

    text: str
    codebook: Codebook
    history: list[Speaker] = field(default_factory=list)  # resolved speakers, in text order
    titled: list[tuple[str, int, Speaker]] = field(default_factory=list)  # (title, position, who)

    resolved: dict[tuple[int, int], Speaker | None] = field(default_factory=dict)
    trimmed: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    _mentions: list[tuple[int, int, Actor]] | None = None

    _cues: list[tuple[int, int]] | None = None

    @cached_property
    def words(self) -> frozenset[str]:
        """The codebook's words in the article (:meth:`~analysis.codebook.Codebook.vocabulary_in`)."""
        return self.codebook.vocabulary_in(self.text)

    def cues(self, start: int, end: int) -> list[tuple[int, int]]:
        """Reporting cues of the article inside ``[start, end)`` (found once per article)."""
        if self._cues is None:
            self._cues = self.codebook.cue_spans(self.text, self.words)
        lo = bisect.bisect_left(self._cues, (start, -1))
        hi = bisect.bisect_left(self._cues, (end, -1))
        return self._cues[lo:hi]

    def mentions(self, start: int, end: int) -> list[tuple[int, int, Actor]]:
        """Actor mentions of the whole article that lie inside ``[start, end)``."""
        if self._mentions is None:
            among = self.codebook.first_words_among(self.words)
            self._mentions = self.codebook.whole_text_mentions(self.text, among)
        lo = bisect.bisect_left(self._mentions, start - 80, key=lambda m: m[0])
        out = []
        for mention in self._mentions[lo:]:
            if mention[0] >= end:
                break
            if mention[1] > start and mention[1] <= end:  # inside, or "the Taliban" for "Taliban"
                out.append((max(mention[0], start), mention[1], mention[2]))
        return out

    def remember(self, speaker: Speaker) -> None:
        if speaker.how != "unnamed":  # kept in text order; after speakers at the same offset
            bisect.insort_right(self.history, speaker, key=_start)


def _side_from_words(phrase: str, codebook: Codebook) -> str:
    """A side named in a phrase: an actor mention, a side id or a side label word."""
    mentions = (
        codebook.actor_mentions(phrase)
        if any(w in codebook._alias_index for w in phrase.lower().split())
        else []
    )
    if mentions:
        return mentions[0][2].side
    for side, pattern in codebook.side_word_res:
        if pattern.search(phrase):
            return side
    return UNKNOWN_SIDE


_EDGE_MARKS = ",;:—–-()\"'“”‘’"


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in WORD.finditer(text, start, end)]


def trim_phrase(text: str, start: int, end: int, ctx: ArticleContext) -> tuple[int, int]:
    """:func:`trim`, remembered per article when ``text`` is the article's: the constructions
    of a sentence try the same subject phrases several times."""
    if text is not ctx.text:
        return trim(text, start, end)
    key = (start, end)
    span = ctx.trimmed.get(key)
    if span is None:
        span = ctx.trimmed[key] = trim(text, start, end)
    return span


def _ends_a_name(text: str, kept: int, word_start: int, word: str) -> bool:
    """The phrase's last word (``word``, at ``word_start``) is "May" after a capitalised word:
    the end of a name ("Theresa May"), not the auxiliary ("Massoud may"). ``kept`` is where the
    phrase's first kept word starts. Other capitalised auxiliaries are left to be dropped: in a
    title-case headline ("Museum Will Tell") they are verbs."""
    if word != "May" or word_start <= kept:
        return False
    before_start, before_end = _last_word(text, kept, word_start)
    return text[before_start:before_end].strip(_EDGE_MARKS)[:1].isupper()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading connectives/hashtags and trailing auxiliaries/adverbs from a phrase.

    Words are runs of non-space characters. Only the words at either edge are looked at: the
    leading ones from the start, the trailing ones walking back from the end.
    """
    kept = None
    for match in WORD.finditer(text, start, end):
        w = match.group().strip(_EDGE_MARKS).casefold()
        if not (w in LEADING_NOISE or w.startswith("#") or not w):
            kept = match.start()
            break
    if kept is None:
        return start, start
    word_start, word_end = _last_word(text, kept, end)
    while True:
        raw = text[word_start:word_end].strip(_EDGE_MARKS)
        if raw and not (raw.casefold() in TRAILING_NOISE and not _ends_a_name(text, kept, word_start, raw)):
            break
        if word_start == kept:
            return start, start
        word_start, word_end = _last_word(text, kept, word_start)
    e = word_end
    while e > kept and text[e - 1] in ",;:—–-(\"'“‘":
        e -= 1
    return kept, e


def _last_word(text: str, floor: int, end: int) -> tuple[int, int]:
    """The last run of non-space characters in ``text[floor:end]``, which must hold one."""
    word_end = end
    while text[word_end - 1].isspace():
        word_end -= 1
    word_start = word_end
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    return word_start, word_end


def _title_re(codebook: Codebook) -> re.Pattern[str]:
    return codebook.title_re


# Months that are also surnames or first names ("Theresa May", "Brian May").
NAME_MONTHS = frozenset(["april", "may", "june", "august"])


def _calendar_word_in_name(text: str, end: int, word: str, run: list[tuple[int, int]]) -> bool:
    """A calendar word that continues a name rather than dating the sentence: in capitals after
    a name ("USA TODAY"), or a month after a single first name and not before a day number
    ("Theresa May said", not "Kabul May 5")."""
    if not run:
        return False
    if word.isupper() and len(word) > 1:
        return True
    following = text[end : end + 4].split()
    return (
        len(run) == 1
        and word.casefold() in NAME_MONTHS
        and word[:1].isupper()
        and not (following and following[0][:1].isdigit())
    )


def _name_run(text: str, start: int, end: int, codebook: Codebook) -> tuple[int, int] | None:
    """The last run of capitalised words in the span (titles and calendar words dropped)."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    depth = 0
    for s, e in _words(text, start, end):
        raw = text[s:e]
        if raw.startswith("(") or depth:
            depth += raw.count("(") - raw.count(")")
            if current:
                runs.append(current)
                current = []
            continue
        token = raw.rstrip(",;:").removesuffix("'s").removesuffix("’s")
        e = s + len(token)
        bare = token.strip("\"'“”‘’()")
        if (
            bare
            and NAME_TOKEN.match(bare)
            and not bare.isdigit()
            and (bare.casefold() not in CALENDAR or _calendar_word_in_name(text, e, bare, current))
            and not codebook.is_title(bare)
        ):
            current.append((s, e))
        elif current:
            runs.append(current)
            current = []
        if raw.endswith((",", ";", ":")) and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    unnamed = codebook.unnamed_source_words

    def common_word(run: list[tuple[int, int]]) -> bool:
        """A lone capitalised word that is only capitalised because it opens the phrase."""
        if len(run) != 1:
            return False
        s, e = run[0]
        word = text[s:e].casefold()
        if word in CALENDAR or word in unnamed or word in DETERMINERS:
            return True
        if s == start and never_a_name(text[s:e]):
            return True  # "Once in my 20s", "Keeps saying": capitalised only as the opener
        following = text[e:end].split()
        followed_by_lower = bool(following) and following[0][:1].islower()
        preceding = text[start:s].split()
        after_determiner = bool(preceding) and preceding[-1].casefold() in DETERMINERS
        return followed_by_lower and (s == start or after_determiner)

    runs = [r for r in runs if not common_word(r)]
    if not runs:
        return None
    run = runs[-1]
    return run[0][0], run[-1][1]


def _head_end(text: str, start: int, end: int, mentions: list[tuple[int, int, Actor]]) -> int:
    """End of the phrase's head: the first "of/in/…" modifier not inside an actor name."""
    for match in HEAD_BOUNDARY.finditer(text, start, end):
        position = match.start()
        if not any(s <= position < e for s, e, _ in mentions):
            return position
    return end


# Nouns for what an actor issues; "a statement from the NRF said" is the NRF speaking.
DOCUMENT_NOUNS = frozenset(
    "statement statements post posts message messages tweet tweets video letter communique "
    "communiqué announcement release".split()
)
ISSUED_BY = re.compile(r"\s(?:from|by|of)\s+", re.IGNORECASE)


def _document_issuer(
    text: str, start: int, head_end: int, mentions: list[tuple[int, int, Actor]]
) -> Speaker | None:
    """The codebook actor that issued a document named as the subject ("A statement from the
    NRF", "a post by Amrullah Saleh", "the latest message of the front"); None when the head is
    no document noun or no actor follows "from"/"by"/"of" at once."""
    words = text[start:head_end].split()
    if not words or words[-1].strip(",").casefold() not in DOCUMENT_NOUNS:
        return None
    issued = ISSUED_BY.match(text, head_end)
    if issued is None:
        return None
    for s, e, actor in mentions:
        if s >= issued.end() and text[issued.end() : s].strip().casefold() in ("", "the"):
            return from_actor(actor, s, e)
    return None


def resolve_segment(text: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """Resolve one comma-free noun phrase (see the module doc for the order).

    Results that do not depend on what came before (everything but pronouns and titles) are
    remembered per article, since several constructions try the same phrase.
    """
    key = (start, end)
    if text is ctx.text and key in ctx.resolved:
        return ctx.resolved[key]
    speaker = _resolve_segment(text, start, end, ctx)
    if text is ctx.text and (speaker is None or speaker.how not in ("pronoun", "title")):
        ctx.resolved[key] = speaker
    return speaker


def _unnamed_source(phrase: str, codebook: Codebook, start: int, end: int) -> Speaker:
    """An anonymous source ("a spokesperson", "officials") on the side its words name, if any."""
    return Speaker(UNNAMED_SOURCE, _side_from_words(phrase, codebook), "anonymous", start, end, how="unnamed")


def _resolve_segment(text: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    start, end = trim_phrase(text, start, end, ctx)
    if start >= end:
        return None
    phrase = text[start:end]
    lowered = phrase.casefold().strip(".")
    if lowered in PRONOUNS:
        return resolve_pronoun(lowered, start, end, ctx)
    codebook = ctx.codebook
    mentions = ctx.mentions(start, end) if text is ctx.text else codebook.actor_mentions(text, start, end)
    head_end = _head_end(text, start, end, mentions)
    head = [m for m in mentions if m[0] < head_end]
    issuer = _document_issuer(text, start, head_end, mentions)
    if issuer is not None:
        return issuer
    persons = [m for m in head if m[2].is_person]
    if persons:
        return from_actor(persons[0][2], persons[0][0], persons[0][1])
    name = _name_run(text, start, head_end, codebook)
    if head:
        s, e, actor = head[-1]
        overlaps = name is not None and any(ms < name[1] and name[0] < me for ms, me, _ in head)
        if name is None or overlaps:
            return from_actor(actor, s, e)
        # "NRF spokesman John Doe": a name outside the codebook, on the actor's side.
        return Speaker(text[name[0] : name[1]], actor.side, "person", name[0], name[1], how="name")
    if name:
        return Speaker(
            text[name[0] : name[1]],
            _side_from_words(phrase, codebook),
            "person",
            name[0],
            name[1],
            how="name",
        )
    head_words = [text[s:e].strip(",").casefold() for s, e in _words(text, start, head_end)]
    first_word = head_words[0] if head_words else ""
    title_match = _title_re(codebook).search(text, start, head_end)
    unnamed_sources = codebook.unnamed_source_words
    unnamed_reports = codebook.unnamed_report_words
    head_text = " ".join(head_words)
    if any(head_text.endswith(u) or f" {u} " in f" {head_text} " for u in unnamed_reports) and (
        "report" in head_text
    ):
        return Speaker(UNNAMED_REPORTS, UNKNOWN_SIDE, "anonymous", start, end, how="unnamed")
    if title_match:
        title = title_match.group().casefold()
        if first_word in ("another", "a", "an", "one", "other", "some", "several"):
            return _unnamed_source(phrase, codebook, start, end)
        titled = resolve_title(title, start, ctx)
        if titled is not None:
            return replace(titled, start=start, end=end, how="title")
        return _unnamed_source(phrase, codebook, start, end)
    if any(f" {u} " in f" {head_text} " for u in unnamed_sources):
        return _unnamed_source(phrase, codebook, start, end)
    return _common_noun_phrase(text, start, head_end, codebook)


PHRASE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "several",
        "many",
        "some",
        "most",
        "few",
        "all",
        "both",
        "each",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "thousands",
        "other",
        "others",
        "no",
        "his",
        "her",
        "their",
        "its",
        "those",
        "these",
    ]
)
WORDLIKE = re.compile(r"[A-Za-z][A-Za-z'’-]*")
NOT_A_HEAD = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "do",
        "does",
        "did",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "not",
        "no",
        "it",
        "this",
        "that",
        "there",
        "here",
        "who",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "also",
        "very",
        "much",
        "many",
        "more",
        "most",
        "all",
        "both",
        "each",
        "either",
        "neither",
    ]
)


def _common_noun_phrase(text: str, start: int, end: int, codebook: Codebook) -> Speaker | None:
    """A short common-noun subject as written ("Several cast members", "the commission")."""
    spans: list[tuple[int, int]] = []
    for match in WORD.finditer(text, start, end):
        if not spans and not WORDLIKE.fullmatch(match.group().strip(',;:"“”‘’()')):
            continue  # a noun phrase is words: drop leading markup, numbers or symbols
        spans.append(match.span())
        if len(spans) > 6:
            return None  # too long for a subject noun phrase (the rest is not read)
    if not spans:
        return None
    start = spans[0][0]
    words = [text[s:e].strip(",;:\"'“”‘’()") for s, e in spans]
    head = words[-1].casefold()
    bare_plural = len(words) <= 4 and head.endswith("s") and lexicon.tag(head) in ("NNS", "NNPS", None)
    if words[0].casefold() not in PHRASE_OPENERS and not words[0][:1].isdigit() and not bare_plural:
        return None  # "At Monday's debate", "to pay": not a subject
    if any(lexicon.tag(w) in ("VBD", "VBZ", "VBP", "MD") for w in words[1:]):
        return None  # "a phone rang": a clause, not a noun phrase
    if (
        not head.isalpha()
        or head in NOT_A_HEAD
        or head in DETERMINERS
        or head.endswith("ly")
        or head in PRONOUNS
        or len(head) < 3
    ):
        return None
    # A quantifier opening the phrase ("Many lawmakers", "Most experts") is not a verb or pronoun
    # inside it; as the only word it is still refused above, as a head.
    inside = words[1:] if words[0].casefold() in PHRASE_OPENERS else words
    if any(
        w.casefold() in NOT_A_HEAD or w.casefold() in PRONOUNS or w.casefold() in codebook.verb_forms
        for w in inside
    ):
        return None
    s, e = start, end
    while s < e and text[s] in " \"'“‘(":
        s += 1
    return Speaker(text[s:e].strip(" ,"), _side_from_words(text[s:e], codebook), "group", s, e, how="phrase")


def _start(speaker: Speaker) -> int:
    return speaker.start


def resolve_pronoun(pronoun: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """He/She -> last person speaker (gender permitting); They/It -> last non-person speaker."""
    wanted = PRONOUNS[pronoun]
    earlier = bisect.bisect_left(ctx.history, start, key=_start)  # speakers before the pronoun
    for speaker in reversed(ctx.history[:earlier]):
        if wanted in ("male", "female"):
            ok = speaker.is_person and speaker.gender in ("", wanted)
        elif wanted == "plural":
            ok = not speaker.is_person and speaker.type != "anonymous"
        else:
            ok = speaker.type in ("organisation", "media")
        if ok:
            return replace(speaker, start=start, end=end, how="pronoun")
    if wanted in ("male", "female"):
        return _nearest_name(start, end, ctx)
    return None


PERSON_NAME = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator)\.?\s+)?"
    r"(?<![\w.])[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?){1,2}"
)


def _nearest_name(start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """He/She with no earlier speaker: the nearest preceding person name of two or three
    capitalised words ("Jill Stein") or a title and surname ("Mr. Kamin")."""
    window_start = max(0, start - 1500)
    best = None
    for match in PERSON_NAME.finditer(ctx.text, window_start, start):
        best = match
    if best is None:
        return None
    mentions = ctx.codebook.actor_mentions(ctx.text, best.start(), best.end())
    persons = [m for m in mentions if m[2].is_person]
    if persons:
        actor = persons[0][2]
        return Speaker(actor.name, actor.side, "person", start, end, actor.gender, how="pronoun")
    name = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator)\.?\s+", "", best.group())
    return Speaker(name, UNKNOWN_SIDE, "person", start, end, how="pronoun")


def resolve_title(title: str, position: int, ctx: ArticleContext) -> Speaker | None:
    """The person introduced with ``title`` most recently before ``position`` (else just after)."""
    before = [(p, s) for t, p, s in ctx.titled if t == title and p < position]
    if before:
        return before[-1][1]
    after = [(p, s) for t, p, s in ctx.titled if t == title and p > position]
    return after[0][1] if after else None


CLAUSE_MARK = re.compile(r"[.;:\n]")


APPOSITIVE_TITLE = re.compile(r",\s+(?:the\s+|a\s+|an\s+)?((?:[\w'’-]+\s+){0,3}?)(\w[\w'’-]*)")


def learn_titles(ctx: ArticleContext) -> None:
    """Record who is introduced with which title ("NRF spokesperson Ali Nazary", "Ahmad Massoud,
    the leader of …") anywhere in the article, for :func:`resolve_title`."""
    codebook, text = ctx.codebook, ctx.text
    if codebook.actor_re is None:
        return
    title_re = _title_re(codebook)
    for m_start, m_end, actor in ctx.mentions(0, len(text)):
        if not actor.is_person:
            continue
        who = from_actor(actor, m_start, m_end)
        window = text[max(0, m_start - 40) : m_start]
        found = list(title_re.finditer(window))
        if found and not CLAUSE_MARK.search(window, found[-1].end()):
            gap = window[found[-1].end() :].split()
            if len(gap) <= 1:
                ctx.titled.append((found[-1].group().casefold(), m_start, who))
        after = text[m_end : m_end + 70]
        appositive = APPOSITIVE_TITLE.match(after)
        if appositive:
            words = (appositive.group(1) + appositive.group(2)).split()
            for word in words:
                if codebook.is_title(word):
                    ctx.titled.append((word.casefold(), m_start, who))
                    break
    ctx.titled.sort(key=lambda item: item[1])


INTRO_WORDS = frozenset(
    [
        "as",
        "in",
        "on",
        "at",
        "for",
        "after",
        "before",
        "during",
        "with",
        "without",
        "despite",
        "since",
        "from",
        "to",
        "by",
        "under",
        "over",
        "amid",
        "while",
        "when",
        "although",
        "though",
        "if",
        "because",
        "unlike",
        "like",
        "among",
        "across",
        "through",
        "via",
        "upon",
        "regarding",
        "taking",
        "speaking",
        "writing",
        "asked",
        "responding",
        "according",
    ]
)
APPOSITIVE_OPENERS = frozenset(["the", "a", "an", "one", "another", "his", "her", "their", "its"])

# Lexicon tags of a lone opening word that is never a speaker's name ("Overall, the fund said",
# "Once in my 20s, I said", "Keeps saying"): adverbs, prepositions, conjunctions, modals,
# interjections and third-person verbs. Names carry their own capitalised entry ("Price" is NNP,
# "price" NN), so surnames that are also common nouns are not caught.
NOT_A_NAME_TAGS = frozenset(["RB", "RBR", "RBS", "IN", "TO", "CC", "UH", "WRB", "EX", "MD", "VBZ"])
# Tags of a one-word segment before a comma that reads as a sentence adverb, not a subject
# ("Overall,", "Conversely,", "Worse,").
SENTENCE_ADVERB_TAGS = frozenset(["RB", "RBR", "RBS", "JJR"])


def never_a_name(word: str) -> bool:
    """True when the lexicon knows ``word`` as written only as a function word, adverb or verb."""
    return lexicon.tag(word) in NOT_A_NAME_TAGS


def _sentence_adverb(text: str, start: int, end: int) -> bool:
    """The segment is one word the lexicon tags as an adverb ("Overall", "Initially", "Worse")."""
    if text.find(" ", start, end) != -1:
        return False
    words = text[start:end].split()
    return len(words) == 1 and lexicon.tag(words[0].strip("\"'“‘(")) in SENTENCE_ADVERB_TAGS


_BRACKET_OR_COMMA = re.compile(r"[(),]")


def _comma_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` split at commas outside brackets, as (start, end) spans."""
    segments = []
    cursor = start
    depth = 0
    for match in _BRACKET_OR_COMMA.finditer(text, start, end):
        mark = match.group()
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth -= 1
        elif depth == 0:
            segments.append((cursor, match.start()))
            cursor = match.end()
    segments.append((cursor, end))
    return segments


def resolve_phrase(text: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """Resolve a subject phrase that may hold an introduction and appositives.

    The phrase is split at commas (outside brackets). Segments that open with a preposition or
    participle ("As for RT's bent", "Taking to Twitter") are introductions, not subjects. The
    segment next to the cue is the subject when it resolves, unless the phrase closes with a comma
    or that segment reads as an appositive ("…, an Afghan journalist"): then the most specific
    resolution among the segments wins, the first one on a tie ("Scott Pruitt, the attorney
    general of Oklahoma, said").
    """
    closed = text[start:end].rstrip().endswith(",")
    start, end = trim_phrase(text, start, end, ctx)
    if start >= end:
        return None
    segments = _comma_segments(text, start, end)
    segments = [(s, e) for s, e in (trim_phrase(text, s, e, ctx) for s, e in segments) if s < e]

    def first_word(segment: tuple[int, int]) -> str:
        return text[segment[0] : segment[1]].split()[0].strip("\"'“‘(").casefold()

    subjects = [
        s for s in segments if first_word(s) not in INTRO_WORDS and not _sentence_adverb(text, *s)
    ] or segments[-1:]
    last = subjects[-1]
    nearest = resolve_segment(text, last[0], last[1], ctx)
    appositive = first_word(last) in APPOSITIVE_OPENERS and len(subjects) > 1
    if nearest is not None and not closed and (not appositive or nearest.score >= 2):
        return nearest
    candidates = []
    for position, (s, e) in enumerate(subjects[-4:]):
        speaker = nearest if (s, e) == last else resolve_segment(text, s, e, ctx)
        if speaker is not None:
            order = -position if closed or appositive else position
            candidates.append((speaker.score, order, speaker))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c[0], c[1]))[2]
