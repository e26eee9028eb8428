"""Attribution: who is quoted, how (direct, indirect, mixed, embedded post), via which platform.

Rule-based over the parsed sentences and the codebook (no statistical parser can be downloaded
here). Each construction is one named function below, tried for every reporting cue (a verb form
or phrase from the codebook) found outside quotations in a content block:

- :func:`according_to` — "According to X, …", "…, according to X", "As per reports, …".
- :func:`cue_then_quote` — ``X said, "…"``, ``X said: "…"``, ``…, saying "…"``.
- :func:`quote_then_cue` — ``"…," X said``, ``"…," said X``, ``"…!" Nazary tweeted``.
- :func:`trailing_cue` — "…, Sputnik reported", "…, reported TOLO news citing a source",
  "…, says spokesperson" (the content comes first).
- :func:`cue_then_content` — "X said (that) …", "X told Y that …", "X claimed to …",
  "X quoted a source claiming that …", with participles and coordinated cues ("…, saying that …
  and added that …") folded into the same attribution.

and, found without a verb cue:

- :func:`reports_clause` — "reports have emerged that …", "amid reports of …".
- :func:`possessive_claim` — "the Taliban's assertion that …".
- :func:`headline_colon` — "Fight against Taliban 'will continue': National Resistance Front".
- :func:`embedded_post` — a tweet embed, attributed to its account holder; attributions inside
  it are carried "via" the account holder.

Cues inside quotations are skipped (a quoted speaker's own reported speech is part of the quote).
Boilerplate and datelines never yield attributions. An attribution whose speaker cannot be
resolved (see :mod:`analysis.speakers`) is dropped. Unbalanced quote marks never abort an article.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import lexicon
from .codebook import Codebook
from .parse import CONTENT_KINDS, EMBEDDED_POST, SIGNATURE_RE, SUBHEAD, ParsedArticle, parse_text
from .quotes import inside, quote_spans
from .speakers import (
    UNNAMED_REPORTS,
    WEEKDAYS,
    ArticleContext,
    Speaker,
    from_actor,
    learn_titles,
    resolve_phrase,
    resolve_segment,
    trim,
    trim_phrase,
)
from .terms import fold_text

DIRECT, INDIRECT, MIXED, EMBEDDED = "direct", "indirect", "mixed", "embedded_post"
KINDS = (DIRECT, INDIRECT, MIXED, EMBEDDED)
UNSPECIFIED = "unspecified"
EMBED_PLATFORM = "twitter"

ATTRIBUTION_COLUMNS = (
    "article_id",
    "outlet",
    "attribution_id",
    "sentence_id",
    "block_id",
    "speaker",
    "speaker_side",
    "speaker_type",
    "speaker_as_written",
    "speaker_start",
    "speaker_end",
    "kind",
    "platform",
    "via",
    "cue",
    "cue_start",
    "cue_end",
    "quote",
    "quote_start",
    "quote_end",
    "start",
    "end",
    "construction",
)

AttributionRow = namedtuple("AttributionRow", ATTRIBUTION_COLUMNS)  # one row of attributions.csv

# Words that open a noun phrase: a cue word after one is a noun ("the claim", "his statement").
NOUN_PHRASE_OPENERS = frozenset(
    "the a an this that these those his her their its our my your no any some such every each".split()
)
NOT_A_VERB_BEFORE = NOUN_PHRASE_OPENERS | frozenset(
    "of to for with by in on at whose which own first last latest new".split()
)
# A cue word's tags that make it a verb after "which" (past tense, participle, "says").
RELATIVE_VERB_TAGS = frozenset({"VBD", "VBN", "VBZ"})
VERB_TAGS = frozenset({"VB", "VBD", "VBN", "VBP", "VBZ", "MD"})
# Pronouns whose "’s" before an -ing cue is "is": "He’s claiming", "It’s denouncing".
CONTRACTED_SUBJECTS = frozenset("he she it who".split())
BE_FORMS = frozenset("is are was were be been being".split())
PASSIVE_GAP_WORDS = frozenset("also not never later first widely often since already".split())
QUOTED_AS = re.compile(r"\s*as\b", re.IGNORECASE)
CLAUSE_BOUNDARY = re.compile(
    r"(?:;|:(?=\s)|\s—\s|\s–\s|(?<=\s)(?:that|when|where|while|after|as|because|but|though|"
    r"although|since|before|if|whereas|until|once|whom|and then)(?=\s))",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"[!?;\"“”]|(?<=[a-z]{3})\.\s|''")
# ", who served as ambassador until last year," or ", the agency that oversees it," just before
# the cue: an aside about the subject.
PARENTHETICAL_RELATIVE = re.compile(
    r",\s+(?:[\w.'’-]+\s+){0,4}?(?:who|which|whose|that)\s[^,]*(?:,[^,]*)?,\s*$", re.IGNORECASE
)
# "is saying", "’s claiming", "isn't saying": a present or past progressive before an -ing cue.
PROGRESSIVE_AUXILIARY = re.compile(
    r"(?:(?<!\w)(?:is|are|was|were)(?:n['’]t)?|(?<=\w)['’]s)(?:\s{1,3}(?:not|also|now|still|\w{1,20}ly))?$",
    re.IGNORECASE,
)
PROGRESSIVE_WIDTH = 32  # "weren't" + 3 spaces + 22 letters
RELATIVE_TAIL = re.compile(
    r"(?<!\w)(?:who|which)(?:\s+(?:has|have|had|also|earlier|later|recently|then|reportedly))*\s*$",
    re.IGNORECASE,
)
INFORM_VERBS = frozenset(
    ["tell", "inform", "assure", "warn", "remind", "advise", "urge", "brief", "notify", "write"]
)
PREPOSITIONS = frozenset(
    [
        "on",
        "in",
        "to",
        "at",
        "via",
        "through",
        "during",
        "after",
        "before",
        "over",
        "from",
        "with",
        "by",
        "earlier",
        "later",
        "again",
        "also",
        "publicly",
        "privately",
        "recently",
        "repeatedly",
    ]
)
SOURCE_VERBS = frozenset({"quote", "cite"})
SPEECH_PARTICIPLES = re.compile(
    r"\b(?:claiming|saying|adding|insisting|arguing|noting|stating|asserting|warning)\b(?:\s+that\b)?",
    re.IGNORECASE,
)
REPORTS_CLAUSE = re.compile(
    r"(?<!\w)(?P<who>(?:(?:media|news|local|unconfirmed|several|some)\s+)?reports)\s+"
    r"(?P<cue>(?:have\s+|had\s+)?(?:emerged|surfaced|suggested|indicated|suggest|indicate|said|say"
    r"|claimed|claim)(?:\s+that)?)\s+"
    r"|(?<!\w)(?P<cue2>amid\s+(?P<who2>(?:media\s+)?reports)\s+(?:of|that))\s+",
    re.IGNORECASE,
)
# Small patterns of the constructions below, compiled once.
COLON_NEXT = re.compile(r"\s*:")
CLAUSE_OR_QUOTE_MARK = re.compile(r"[.;!?\"“”]")
LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")
SPEAKER_TAIL_START = re.compile(
    r"\s(?:in|on|at|via|during|through|citing|quoting|to|after|before|who|whom|whose|which|that)\s"
)
CLAUSE_END_OR_QUOTE = re.compile(r"[;!?\"“”]")
ASIDE_RESUMES = re.compile(r"[^,]*,\s*(?:and\s+|but\s+)?")
SUBORDINATE_NEXT = re.compile(r"\s*(?:as|while|when|after|before|because|though|although)\b", re.I)
ASCII_WORD = re.compile(r"[A-Za-z]+")
CITING = re.compile(r"\s(?:citing|quoting)\s")
ENDS_WITH_AND = re.compile(r"\band\s*(?:then\s+|also\s+|later\s+)?$")
WORD_WITH_LETTER = re.compile(r"[A-Za-z][\w'’-]*")
ENDS_WITH_COMMA_OR_AND = re.compile(r"(?:,|\band)\s*$", re.IGNORECASE)

_CLAIM_NOUNS = "claim|claims|assertion|statement|announcement|insistence|denial|allegation|warning"
POSSESSIVE_CLAIM = re.compile(
    rf"(?P<who>(?:[A-Z][\w.\-]*\s+){{0,3}}[A-Z][\w.\-]*)['’]s\s+(?P<cue>{_CLAIM_NOUNS})\s+(?:that|of)\s+"
)
# What every possessive claim holds after its owner: a cheap test before the full pattern, whose
# owner part is tried at every capital letter.
POSSESSIVE_CLAIM_NOUN = re.compile(rf"['’]s\s+(?:{_CLAIM_NOUNS})\s+(?:that|of)\s+")
HEADLINE_COLON = re.compile(r"['\"’”]\s*:\s+(?P<speaker>[A-Z][^:\"'“”]{1,60}?)\s*$")


@dataclass
class Attribution:
    """One attribution, with every span as offsets into the raw text."""

    speaker: Speaker
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    sentence_id: int
    block_id: int
    construction: str
    via: str = ""
    via_platform: str = ""
    platform: str = ""
    frame: list[tuple[int, int]] = field(default_factory=list)
    consumed: tuple[int, int] | None = None  # text no other cue may start in (the source phrase)

    @property
    def start(self) -> int:
        points = [self.content[0], self.speaker.start]
        if self.cue:
            points.append(self.cue[0])
        return min(points)

    @property
    def end(self) -> int:
        points = [self.content[1], self.speaker.end]
        if self.cue:
            points.append(self.cue[1])
        return max(points)


@dataclass
class Sentence:
    """What the constructions see: a sentence and its block's quotations."""

    text: str
    start: int
    end: int
    sentence_id: int
    block_id: int
    block_kind: str
    quotes: list[tuple[int, int]]
    via: str = ""
    via_platform: str = ""
    block_end: int = 0
    first_in_block: bool = False
    end_without_stop: int = field(init=False)  # where it ends without trailing whitespace and full stops

    def __post_init__(self) -> None:
        self.end_without_stop = self.start + _sentence_end(self.text, 0, self.end - self.start)


# --- small helpers ---------------------------------------------------------------------------


def _strip(text: str, start: int, end: int, chars: str = " \t\r\n,;:.—–-") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _sentence_end(text: str, start: int, end: int) -> int:
    """End of the sentence without its final full stop."""
    s, e = _strip(text, start, end, " \t\r\n")
    while e > s and text[e - 1] in ".":
        e -= 1
    return e


_NON_SPACE_RUN = re.compile(r"\S+")


def _words_after(text: str, position: int, end: int, n: int) -> list[re.Match[str]]:
    """The first ``n`` words of ``text[position:end]``, as matches in that slice."""
    return list(itertools.islice(_NON_SPACE_RUN.finditer(text[position:end]), n))


def _bare_word(word: str) -> str:
    """A word without surrounding quote marks, brackets or commas, case-folded."""
    return word.strip("\"'“”‘’(),").casefold()


def _previous_word(text: str, position: int, floor: int) -> str:
    """The word of ``text[floor:position]`` that ends last, bare (:func:`_bare_word`); "" if none."""
    words = text[floor:position].rsplit(None, 1)
    return _bare_word(words[-1]) if words else ""


def contracted_progressive(previous: str, word: str) -> bool:
    """A pronoun contracted with "is" before an -ing cue: "He’s claiming", "it's denouncing".

    ``previous`` is the word before the cue, lower-cased (:func:`_previous_word`). After a name
    the "’s" stays a possessive ("Trump’s saying so", "Clinton’s claiming"): only a subject
    pronoun makes it a verb.
    """
    return word.endswith("ing") and previous[:-2] in CONTRACTED_SUBJECTS


def passive_cue(text: str, start: int, end: int, floor: int, previous: str) -> bool:
    """A one-word cue in the passive voice ("a curfew was announced", "terrorists are
    revealed", "has also been told"): its subject is what was said, not who said it.

    ``previous`` is the word before the cue (:func:`_previous_word`). "was quoted as saying" is
    not passive in this sense: its subject is the speaker, so a cue followed by "as" never is. A
    cue of several words ("according to") never is either. "were told to leave" is: its subject
    is who was told.
    """
    if previous not in BE_FORMS:
        if previous not in PASSIVE_GAP_WORDS and not previous.endswith("ly"):
            return False
        words = text[floor:start].rsplit(None, 2)  # "was widely reported", "were also told"
        if len(words) < 2 or _bare_word(words[-2]) not in BE_FORMS:
            return False
    word = text[start:end]
    if " " in word or lexicon.tag(word.casefold()) not in ("VBN", "VBD"):
        return False
    return not QUOTED_AS.match(text, end)


def _in_quote(quotes: Sequence[tuple[int, int]], position: int) -> bool:
    return inside(quotes, position) is not None


def cue_pattern(codebook: Codebook) -> re.Pattern[str]:
    """One pattern for every reporting verb form and phrase of the codebook."""
    return codebook.cue_re


def lemma_of(codebook: Codebook, cue_text: str) -> str:
    words = " ".join(cue_text.split()).casefold()
    return codebook.verb_forms.get(words, words)


def _clause_start(text: str, floor: int, position: int, quotes: Sequence[tuple[int, int]]) -> int:
    """Start of the clause that ends at ``position`` (after the last boundary outside quotes)."""
    start = floor
    for match in CLAUSE_BOUNDARY.finditer(text, floor, position):
        if not _in_quote(quotes, match.start()):
            start = match.end()
    for s, e in quotes:  # a quotation that closes before the cue ends the clause before it
        if floor <= e <= position and s >= floor:
            start = max(start, e)
    return start


NOT_AN_INFINITIVE = NOUN_PHRASE_OPENERS | frozenset("certain all many much more most other both".split())


# Verbs whose "to" + verb complement is itself the reported speech ("offered to end …").
INFINITIVE_SPEECH = frozenset(["offer", "promise", "pledge", "vow", "agree", "threaten", "refuse", "propose"])


def _has_complement(
    text: str,
    cue_end: int,
    end: int,
    quotes: Sequence[tuple[int, int]],
    codebook: Codebook | None = None,
    cue_start: int = 0,
) -> bool:
    """A colon, a quotation, "that" (straight away or after a short prepositional phrase), or
    "to" + verb follows the cue: "agreed that …", "stated on Twitter that …", "offered to end …",
    not "agreed to certain measures" or "proposals offer an alternative"."""
    following = text[cue_end:end]
    if COLON_NEXT.match(following):
        return True
    if any(qs >= cue_end and not text[cue_end:qs].strip(" ,") for qs, _ in quotes):
        return True
    words = _words_after(text, cue_end, end, 6)
    lemma = lemma_of(codebook, text[cue_start:cue_end]) if codebook is not None else ""
    when = LEADING_TIME.match(text, cue_end, end)  # "vowed on Monday to continue …"
    infinitive = _words_after(text, when.end(), end, 2) if when else words
    if len(infinitive) >= 2 and infinitive[0].group() == "to" and lemma in INFINITIVE_SPEECH:
        nxt = infinitive[1].group().strip("\"'“”‘’,")
        if nxt.isalpha() and nxt.islower() and nxt not in NOT_AN_INFINITIVE:
            return True
    for i, match in enumerate(words):
        if match.group().strip("\"'“”‘’,").casefold() == "that":
            first = words[0].group().casefold()
            return i == 0 or first in PREPOSITIONS or first in TIME_WORDS
        if match.group().endswith((",", ".", ";")):
            return False
    return False


TIME_WORDS = frozenset(
    [
        *WEEKDAYS,
        "today",
        "yesterday",
        "tonight",
        "recently",
        "earlier",
        "later",
        "again",
        "last",
        "this",
    ]
)


def _content_kind(
    text: str, content: tuple[int, int], cue_end: int | None, quotes: Sequence[tuple[int, int]]
) -> str:
    """Direct when the content is a quotation (or one follows the cue), mixed with a quoted
    fragment, indirect otherwise."""
    s, e = content
    inner = [(qs, qe) for qs, qe in quotes if qs < e and s < qe]
    if not inner:
        return INDIRECT
    core = _strip(text, s, e, " \t\r\n,;:.—–-")
    first_start, last_end = inner[0][0], inner[-1][1]
    if len(inner) == 1 and first_start <= core[0] and last_end >= core[1]:
        return DIRECT
    if (
        cue_end is not None
        and not text[cue_end:first_start].strip(" ,:")
        and len(inner) == 1
        and not text[last_end : core[1]].strip(" ,.;:\"'”’")
    ):
        return DIRECT
    return MIXED


def _speaker_score(speaker: Speaker | None) -> int:
    return -1 if speaker is None else speaker.score


# --- constructions ---------------------------------------------------------------------------


def according_to(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Attribution | None:
    """``According to X, CONTENT`` and ``CONTENT, according to X`` (also "as per")."""
    text = ctx.text
    end = sent.end_without_stop
    before = text[sent.start : cue[0]]
    lead = len(before.split()) <= 2 and "," not in before and "," in text[cue[1] : end]
    if lead:
        comma = text.find(",", cue[1], end)
        if comma < 0:
            return None
        speaker = resolve_phrase(text, cue[1], comma, ctx)
        content = _strip(text, comma + 1, end)
    else:
        speaker = _first_resolvable(text, cue[1], end, ctx) or resolve_phrase(text, cue[1], end, ctx)
        content = _strip(text, _clause_start(text, sent.start, cue[0], []), cue[0])
    if speaker is None or content[0] >= content[1]:
        return None
    return Attribution(
        speaker,
        _content_kind(text, content, None, sent.quotes),
        content,
        cue,
        sent.sentence_id,
        sent.block_id,
        "according_to",
    )


def _first_resolvable(text: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """The speaker named first in ``text[start:end]`` ("X, a member of Y and a friend of Z")."""
    comma = text.find(",", start, end)
    first_end = comma if comma >= 0 else end
    return resolve_segment(text, start, first_end, ctx)


def cue_then_quote(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Attribution | None:
    """``X said, "…"`` / ``X said in a statement: "…"`` / ``…, saying "…"``: a quotation right
    after the cue (within a short prepositional phrase)."""
    text = ctx.text
    quote = _quote_after(text, cue[1], sent)
    outlet = None
    if quote is None and lemma_of(ctx.codebook, text[cue[0] : cue[1]]) in INFORM_VERBS:
        addressee = ADDRESSEE_OBJECT.match(text, cue[1], sent.end) or ADDRESSEE.match(text, cue[1], sent.end)
        colon = addressee and ADDRESSEE_COLON.match(text, addressee.end(), sent.end)
        if not colon:
            return None
        quote = _quote_after(text, colon.end(), sent)  # 'told Reuters: "…"'
        outlet = _media_addressee(text, cue[1], addressee.end(), ctx)
    if quote is None:
        return None
    speaker = _subject(sent, cue, ctx)
    if speaker is None:
        return None
    attribution = Attribution(speaker, DIRECT, quote, cue, sent.sentence_id, sent.block_id, "cue_then_quote")
    _told_outlet(attribution, outlet)
    return attribution


# The colon after an addressee that introduces a quotation: 'told Reuters: "…"'. A comma there
# more often splits one quotation around its cue ('"…," X told reporters, "but …"').
ADDRESSEE_COLON = re.compile(r"\s*:")


def _told_outlet(attribution: Attribution, outlet: Speaker | None) -> None:
    """Make ``attribution`` an interview via ``outlet`` ("told Reuters"), if there is one."""
    if outlet is not None:
        attribution.via = outlet.name
        attribution.via_platform = "interview"


def _quote_after(text: str, position: int, sent: Sentence) -> tuple[int, int] | None:
    for qs, qe in sent.quotes:
        if qs < position:
            continue
        between = text[position:qs]
        if len(between.split()) > 8 or CLAUSE_OR_QUOTE_MARK.search(between):
            return None
        stripped = between.strip()
        if stripped in ("", ",", ":") or stripped.endswith((",", ":")):
            words = stripped.rstrip(",:").split()
            if not words or words[0].casefold() in PREPOSITIONS:
                return (qs, qe)
        return None
    return None


def quote_then_cue(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Attribution | None:
    """``"…," X said`` / ``"…," said X`` / ``"…!" Nazary tweeted``: a quotation just before."""
    text = ctx.text
    before = [q for q in sent.quotes if sent.start < q[1] <= cue[0]]
    if not before:
        return None
    quote = before[-1]
    between = text[quote[1] : cue[0]]
    if SENTENCE_BREAK.search(between) or len(between.split()) > 25:
        return None
    if _names_a_work(text, quote, sent.start):
        return None  # 'On "Fox News Sunday," Pence said …': the speech comes after the cue
    if re.match(
        r"[\s,]*(?:after|when|while|as|because|but|and|though|although|before|since|if|"
        r"whereas|until|that|which|who)\b",
        between,
        re.IGNORECASE,
    ):
        return None
    end = sent.end_without_stop
    if not between.strip(" ,"):
        speaker_end = _tail_end(text, cue[1], end)
        speaker = resolve_phrase(text, cue[1], speaker_end, ctx)
    else:
        speaker = resolve_phrase(text, quote[1], cue[0], ctx)
    if speaker is None:
        return None
    attribution = Attribution(
        speaker,
        DIRECT,
        quote,
        cue,
        sent.sentence_id,
        sent.block_id,
        "quote_then_cue",
        consumed=(quote[1], end),
    )
    if between.strip(" ,") and lemma_of(ctx.codebook, text[cue[0] : cue[1]]) in INFORM_VERBS:
        addressee = ADDRESSEE.match(text, cue[1], end)  # '"…," a commander told the BBC by phone'
        _told_outlet(attribution, addressee and _media_addressee(text, cue[1], addressee.end(), ctx))
    return attribution


# What comes just before a quotation that is the title of a work, not speech: 'the broadcast
# of "Fox News Sunday,"', 'CBS's "Face the Nation,"', 'his book, "Make Your Kid a Millionaire,"'.
TITLE_LEAD = re.compile(
    r"(?:\b(?:of|on|in|book|show|program|programme|film|documentary|series|song|anthem|album|"
    r"column|essay|article|titled|entitled)|['’]s)[\s,]*$",
    re.IGNORECASE,
)


def _names_a_work(text: str, quote: tuple[int, int], floor: int) -> bool:
    """A short title-case quotation after "of", "on", "in", "'s" or a word like "book": a title.
    Title case means no lower-case word longer than three letters ("Face the Nation")."""
    words = LETTER_WORD.findall(text, quote[0], quote[1])
    if not words or len(words) > 8 or not words[0][:1].isupper():
        return False
    if any(w[:1].islower() and len(w) > 3 for w in words):
        return False
    return TITLE_LEAD.search(text, max(floor, quote[0] - 40), quote[0]) is not None


def _tail_end(text: str, start: int, end: int) -> int:
    """Where an inverted speaker ends: before "in a statement", "on Twitter", "citing …"."""
    match = SPEAKER_TAIL_START.search(text[start:end])
    return start + match.start() if match else end


def trailing_cue(
    sent: Sentence,
    cue: tuple[int, int],
    ctx: ArticleContext,
    found: list[Attribution],
    consumed: list[tuple[int, int]],
) -> Attribution | None:
    """Content first, then the source: "…, Sputnik reported", "…, reported X citing a source",
    "…, a source said", "…, says spokesperson". A trailing outlet of a sentence that already
    holds an attribution becomes that attribution's ``via`` instead."""
    text = ctx.text
    end = sent.end_without_stop
    comma = text.rfind(",", sent.start, cue[0] + 1)
    if comma < 0 or _in_quote(sent.quotes, comma):
        return None
    before_cue = text[comma + 1 : cue[0]]
    after_cue = text[cue[1] : end]
    if len(before_cue.split()) > 6 or SENTENCE_END_IN_SPEAKER.search(before_cue):
        return None
    if RELATIVE_OPENER.match(before_cue) or any(a.cue and comma < a.cue[0] < cue[0] for a in found):
        return None  # "…, who told AFP that the fighting continued": a clause, not a speaker
    inverted = not before_cue.strip()
    if inverted:
        if PARENTHETICAL_RELATIVE.search(text, sent.start, cue[0]):
            return None  # "A commander, who asked not to be named, told Reuters that …"
        if " " in text[cue[0] : cue[1]]:
            return None  # "Massoud, in an audio recording, called for an uprising": never inverted
        tail = after_cue
        if not tail.strip() or CLAUSE_END_OR_QUOTE.search(tail):
            return None
        if len(tail.split()) > 12 and not tail.strip()[:1].isupper():
            return None
        if _clause_after_cue(tail):
            return None  # "X, a former aide, said McConnell's trip was …": what was said
        via_name, speaker = _citing(text, cue[1], end, ctx)
    else:
        tail = after_cue
        via_name = None
        if lemma_of(ctx.codebook, text[cue[0] : cue[1]]) in INFORM_VERBS:
            tail = _after_addressee(tail)  # "…, Massoud told Reuters on Sunday."
            via_name = _media_addressee(text, cue[1], end - len(tail), ctx)
        if tail.strip() and not _trailing_tail(tail):
            return None
        speaker = resolve_phrase(text, comma + 1, cue[0], ctx)
    if speaker is None:
        return None
    content = _strip(text, _content_floor(sent, comma, found), comma)
    if content[0] >= content[1]:
        return None
    resume = ASIDE_RESUMES.match(tail) if not inverted else None
    if resume and resume.end() < len(tail) and not SUBORDINATE_NEXT.match(tail, resume.end()):
        content = (content[0], end)  # "X, he said, and Y": the quote continues after the aside
    inner = [a for a in found if a.content[0] < comma and a.cue and a.cue[1] <= comma]
    media = speaker.type == "media"
    consumed.append((comma, end))
    if inner and media:
        for attribution in inner:
            attribution.via = attribution.via or speaker.name
            attribution.via_platform = attribution.via_platform or speaker.platform
            attribution.frame.append((comma, end))
            if attribution.content[1] > comma:
                attribution.content = _strip(text, attribution.content[0], comma)
        return None
    attribution = Attribution(
        speaker,
        _content_kind(text, content, None, sent.quotes),
        content,
        cue,
        sent.sentence_id,
        sent.block_id,
        "trailing_cue",
    )
    if via_name:
        attribution.via = via_name.name
        attribution.via_platform = "interview" if not inverted else via_name.platform
    return attribution


def _media_addressee(text: str, start: int, end: int, ctx: ArticleContext) -> Speaker | None:
    """The outlet a trailing "told" addresses ("…, a commander told Reuters."), else None."""
    for s, e, actor in ctx.codebook.actor_mentions(text, start, end):
        if actor.type == "media":
            return from_actor(actor, s, e)
    return None


# Between the comma and a trailing cue, marks that end a sentence or open a quotation. A period
# counts after a lower-case word ("… ended. Officials said"), not after a title or an initial
# ("…, Mr. Obama said", "…, Sen. Graham said", "…, a U.S. envoy said").
SENTENCE_END_IN_SPEAKER = re.compile(r"[;!?\"“”]|(?<![\w.])[a-z]{3,}\.(?=\s|$)")

# A relative pronoun right after the comma opens a clause about what precedes, not a speaker.
RELATIVE_OPENER = re.compile(r"\s*(?:who|whom|whose|which|that)\b", re.IGNORECASE)

# Where an inverted speaker's own clause may begin: "said a commander who asked not to be named".
SPEAKER_CLAUSE = re.compile(r",|\s(?:who|whom|whose|that|which)\s", re.IGNORECASE)


def _clause_after_cue(tail: str) -> bool:
    """The words after a cue make a clause, not an inverted speaker: a finite verb ("was",
    "says", "would") comes before any comma or relative pronoun that would open the speaker's
    own aside. "said spokesperson Ali Nazary" and "said a commander who asked not to be named"
    are speakers; "said McConnell's trip was perhaps more important" is content. The first word
    is not tested: it opens the speaker's name when there is one ("said Will Smith")."""
    cut = SPEAKER_CLAUSE.search(tail)
    head = tail[: cut.start()] if cut else tail
    return any(lexicon.is_finite_verb(word) for word in ASCII_WORD.findall(head)[1:])


# Alternations shared by the patterns below: the days of the week, and the press as an audience.
_WEEKDAY = "|".join(WEEKDAYS)
_PRESS = "reporters|journalists|media|press"

TRAILING_TAIL = re.compile(
    rf"\s*(?:(?:on\s+)?(?:{_WEEKDAY}|today|yesterday|"
    r"tonight|earlier|later|recently)(?:\s+(?:morning|afternoon|evening|night))?\s*)?"
    r"(?:(?:in|on|at|via|during|through|over)\s[^,]*|citing\s[^,]*|quoting\s[^,]*"
    r"|to\s+(?:reporters|journalists|the\s+media|the\s+press|[A-Z])[^,]*)?\s*(?:,.*)?",
    re.IGNORECASE | re.DOTALL,
)


# Whom a trailing "told" / "warned" addresses: "Reuters", "The Huffington Post", "the BBC",
# "reporters", "local media".
ADDRESSEE = re.compile(
    r"\s*(?:(?:[Tt]he|[Aa]n?|[Ll]ocal|[Ff]oreign)\s+)?"
    rf"(?:{_PRESS}|[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,4}})(?=[\s,:]|$)"
)


def _after_addressee(tail: str) -> str:
    """What follows the addressee of a trailing "told" ("…, X told Reuters on Sunday."); the
    tail itself when it does not open with one."""
    match = ADDRESSEE.match(tail)
    return tail[match.end() :] if match else tail


def _trailing_tail(tail: str) -> bool:
    """What may follow "…, X said": a time ("Friday afternoon"), a short phrase ("in a
    statement", "on Twitter", "to reporters"), then the end or a comma ("…, as they bristled")."""
    head = tail.split(",", 1)[0]
    return len(head.split()) <= 8 and bool(TRAILING_TAIL.fullmatch(tail))


def _content_floor(sent: Sentence, comma: int, found: list[Attribution]) -> int:
    floor = sent.start
    for attribution in found:
        if attribution.end <= comma and attribution.content[1] <= comma:
            floor = max(floor, attribution.content[0])
    return floor


def _citing(text: str, start: int, end: int, ctx: ArticleContext) -> tuple[Speaker | None, Speaker | None]:
    """Split "TOLO news citing a source" into (via, speaker); without "citing", (None, speaker)."""
    match = CITING.search(text[start:end])
    if not match:
        return None, resolve_phrase(text, start, _tail_end(text, start, end), ctx)
    via = resolve_phrase(text, start, start + match.start(), ctx)
    speaker = resolve_phrase(text, start + match.end(), end, ctx)
    if speaker is None:
        return None, via
    return via, speaker


def _main_subject(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Speaker | None:
    """The subject of the sentence's first finite verb, for a cue that continues its clause
    ("Clinton, the former secretary, stressed … and said …"; "Trump attacked …, saying …")."""
    text = ctx.text
    for match in WORD_WITH_LETTER.finditer(text[sent.start : cue[0]]):
        word = match.group()
        if lexicon.tag(word) in ("VBD", "VBZ", "VBP", "MD", "VBN") and word[0].islower():
            if word.casefold() in (
                "has",
                "have",
                "had",
                "is",
                "was",
                "are",
                "were",
                "will",
                "would",
            ):
                continue
            position = sent.start + match.start()
            if position <= sent.start:
                return None
            return resolve_phrase(text, sent.start, position, ctx)
    return None


# Up to four capitalised words at the end of the text; at most 4 × 25 + 3 × 3 = 109 characters.
NAME_BEFORE = re.compile(r"(?:^|(?<=\s))(?:[A-Z][\w.'’-]{0,24}\s{1,3}){0,3}[A-Z][\w'’-]{0,24}$")
NAME_BEFORE_WIDTH = 109
# Prepositions after which a name is a place or an object, not who is speaking: "in Ohio saying".
NAME_BEFORE_PREPOSITIONS_OK = frozenset(["of", "with", "by"])


def _search_tail(pattern: re.Pattern[str], text: str, width: int) -> re.Match[str] | None:
    """``pattern.search(text)`` for a pattern anchored at the end (``$``) whose matches are at
    most ``width`` characters long: the same match, found by searching only the last ``width``
    characters (look-behinds still see the text before them)."""
    return pattern.search(text, max(0, len(text) - width))


def _name_before(sent: Sentence, before: str, ctx: ArticleContext) -> Speaker | None:
    """The name right before an -ing cue with no comma between ("footage of Trump saying …",
    "with Sanders suggesting …"): that person speaks, not the sentence's subject. None when no
    name (a person or codebook actor) comes straight before the cue, when the name follows a
    preposition such as "in" or "at" ("in Ohio saying"), or when it is one word the lexicon
    knows as something other than a proper noun ("Additional reporting by …"). ``before`` is the
    sentence up to the cue, without trailing spaces."""
    text = ctx.text
    match = _search_tail(NAME_BEFORE, before, NAME_BEFORE_WIDTH)
    if not match or _in_quote(sent.quotes, sent.start + match.start()):
        return None
    preceding = _previous_word(before, match.start(), 0)
    if lexicon.tag(preceding) == "IN" and preceding not in NAME_BEFORE_PREPOSITIONS_OK:
        return None
    words = match.group().split()
    if len(words) == 1 and lexicon.tag(words[0]) not in (None, "NNP", "NNPS"):
        return None  # "Additional reporting by …": a capitalised common word, not a name
    start = sent.start + match.start()
    speaker = resolve_segment(text, start, sent.start + match.end(), ctx)
    if speaker is None or speaker.how not in ("codebook", "name"):
        return None
    return speaker


def _subject(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Speaker | None:
    """The speaker before a cue: the clause's subject, or the antecedent of "who"/"which".
    Resolved once per cue (several constructions ask)."""
    key = ("subject", cue)
    if key not in ctx.resolved:
        ctx.resolved[key] = _find_subject(sent, cue, ctx)
    return ctx.resolved[key]


def _find_subject(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Speaker | None:
    text = ctx.text
    before = text[sent.start : cue[0]].rstrip()
    word = text[cue[0] : cue[1]].casefold()
    progressive = (
        _search_tail(PROGRESSIVE_AUXILIARY, before, PROGRESSIVE_WIDTH) if word.endswith("ing") else None
    )
    if progressive:  # "The White House is saying that …": the subject precedes "is"
        cue = (sent.start + progressive.start(), cue[1])
        before = text[sent.start : cue[0]].rstrip()
    elif ENDS_WITH_AND.search(before) and len(before.split()) > 3:
        return _main_subject(sent, cue, ctx)  # "… stressed X and said …", "…, saying …"
    elif word.endswith("ing") and len(before.split()) > 3:
        return _name_before(sent, before, ctx) or _main_subject(sent, cue, ctx)
    aside = PARENTHETICAL_RELATIVE.search(text, sent.start, cue[0]) if before.endswith(",") else None
    if aside and not _in_quote(sent.quotes, aside.start()):
        # "Derek Mitchell, who served as ambassador …, said": the subject comes before the aside,
        # whose own words ("as", "until") are not clause boundaries of the sentence.
        floor = _clause_start(text, sent.start, aside.start(), sent.quotes)
        if trim_phrase(text, floor, aside.start(), ctx)[0] < aside.start():
            return resolve_phrase(text, floor, aside.start(), ctx)
    floor = _clause_start(text, sent.start, cue[0], sent.quotes)
    relative = RELATIVE_TAIL.search(text, floor, cue[0])
    if relative:
        return _antecedent(text, sent.start, relative.start(), ctx)
    head_start, head_end = trim_phrase(text, floor, cue[0], ctx)
    if head_start >= head_end:
        return None
    return resolve_phrase(text, floor, cue[0], ctx)


def _antecedent(text: str, floor: int, position: int, ctx: ArticleContext) -> Speaker | None:
    """The actor named just before "who"/"which" ("clerics in Kabul who have called for")."""
    mentions = [m for m in ctx.codebook.actor_mentions(text, floor, position) if position - m[1] <= 2]
    if mentions:
        s, e, actor = mentions[-1]
        return from_actor(actor, s, e)
    return None


def cue_then_content(sent: Sentence, cue: tuple[int, int], ctx: ArticleContext) -> Attribution | None:
    """``X said (that) …``, ``X told Y that …``, ``X claimed to …``, ``X quoted Y claiming …``."""
    text = ctx.text
    codebook = ctx.codebook
    lemma = lemma_of(codebook, text[cue[0] : cue[1]])
    end = sent.end_without_stop
    if lemma in codebook.needs_complement and not _has_complement(
        text, cue[1], end, sent.quotes, codebook, cue[0]
    ):
        return None
    if _noun_before_verb(text, cue[1], end):
        return None
    subject = _subject(sent, cue, ctx)
    if subject is None:
        return None
    speaker, via = subject, None
    content_start = cue[1]
    frame: list[tuple[int, int]] = []
    consumed = None
    if lemma in SOURCE_VERBS:  # "Tolo News quoted a Taliban source claiming that …"
        participle = SPEECH_PARTICIPLES.search(text, cue[1], end)
        stop = participle.start() if participle else end
        quoted = resolve_phrase(text, cue[1], stop, ctx)
        if quoted is None:
            return None
        speaker, via = quoted, subject
        content_start = participle.end() if participle else stop
        frame.append((cue[1], content_start))
        consumed = (cue[1], content_start)
    else:
        content_start = _skip_to_content(text, cue[1], end, lemma, sent.quotes, ctx, frame)
        if isinstance(content_start, Speaker):  # "told <outlet> that"
            via = content_start
            content_start = frame[-1][1]
    semicolon = _outside_quotes(text, ";", content_start, end, sent.quotes)
    if semicolon is not None:
        end = semicolon  # "Taliban claims victory; Northern Alliance denies": two clauses
    concession = CONCESSION.search(text, content_start, end)
    if concession and not _in_quote(sent.quotes, concession.start()):
        end = concession.start()  # "…, though this could not be corroborated": the outlet's aside
    if ASIDE_RELATIVE_BEFORE.search(text, sent.start, cue[0]):
        end = _aside_end(text, content_start, end, sent.quotes)
    content = _strip(text, content_start, end, " \t\r\n,:")
    if content[0] >= content[1] or not _has_word(text, *content):
        if sent.block_kind != SUBHEAD:
            return None
        content = cue  # a headline's elided content: "Northern Alliance denies"
    content = _split_platform_tail(text, content, ctx.codebook, frame)
    attribution = Attribution(
        speaker,
        _content_kind(text, content, cue[1], sent.quotes),
        content,
        cue,
        sent.sentence_id,
        sent.block_id,
        "cue_then_content",
    )
    attribution.frame.extend(frame)
    attribution.consumed = consumed
    if via is not None:
        attribution.via = via.name
        attribution.via_platform = "interview" if lemma == "tell" else via.platform
    return attribution


CONCESSION = re.compile(r",\s+(?:though|although|even though|but this|but that)\b", re.IGNORECASE)
# "Mujahid, who said …" / "the NRF, which said …": the cue opens a relative clause set off by
# commas, which closes where the main clause resumes with its verb ("…, did not give details").
ASIDE_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which)(?:\s+\w+ly)?\s*$", re.IGNORECASE)
COMMA_THEN_WORD = re.compile(r",\s+([A-Za-z]+)\b")


def _aside_end(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]) -> int:
    """Where a relative clause between commas ends: at the first comma outside quotes followed by
    a finite verb ("Mujahid, who said the valley had fallen, did not give details" ends before
    ", did"); ``end`` when no such comma comes."""
    for match in COMMA_THEN_WORD.finditer(text, start, end):
        if not _in_quote(quotes, match.start()) and lexicon.is_finite_verb(match.group(1)):
            return match.start()
    return end


def _has_word(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` holds a letter or digit (content that is only "?" or "…" is none)."""
    return any(c.isalnum() for c in text[start:end])


def _outside_quotes(
    text: str, char: str, start: int, end: int, quotes: Sequence[tuple[int, int]]
) -> int | None:
    """Position of the first ``char`` in ``text[start:end]`` outside every quotation."""
    position = text.find(char, start, end)
    while position >= 0:
        if not _in_quote(quotes, position):
            return position
        position = text.find(char, position + 1, end)
    return None


PLATFORM_TAIL = re.compile(
    r"\s(?:in|on|via|through)\s+(?:a|an|the|his|her|their|its)?\s*[\w\s'’-]{0,40}$", re.IGNORECASE
)


def _split_platform_tail(
    text: str, content: tuple[int, int], codebook: Codebook, frame: list[tuple[int, int]]
) -> tuple[int, int]:
    """Move a closing "in a Facebook post" / "on Twitter" from the content into the frame."""
    match = PLATFORM_TAIL.search(text, content[0], content[1])
    if not match or match.start() <= content[0]:
        return content
    tail = text[match.start() : content[1]]
    if any(not weak and pattern.search(tail) for _, weak, pattern in codebook.platform_res):
        frame.append((match.start(), content[1]))
        return _strip(text, content[0], match.start())
    return content


FIRST_WORD = re.compile(r"\s+([A-Za-z]+)\b")


def _noun_before_verb(text: str, position: int, end: int) -> bool:
    """The cue word is a noun, not a reporting verb, when a finite verb follows it at once:
    "an analysis of campaign-finance reports shows", "the claims are false". A verb cue is
    followed by its content, an object or a preposition, never directly by another finite verb."""
    match = FIRST_WORD.match(text, position, end)
    return match is not None and lexicon.is_finite_verb(match.group(1))


def _skip_to_content(
    text: str,
    position: int,
    end: int,
    lemma: str,
    quotes: Sequence[tuple[int, int]],
    ctx: ArticleContext,
    frame: list[tuple[int, int]],
) -> int | Speaker:
    """Where the reported content starts after the cue: after a short prepositional phrase or,
    for "tell"-like verbs, an object ending in "that" or an addressee (:func:`_skip_addressee`).
    "told <outlet> that" and "told <outlet> the …" return the outlet. A time right after the
    cue ("said Monday they …", "vowed on Sunday to …") goes to the frame."""
    when = LEADING_TIME.match(text, position, end) if lemma not in INFORM_VERBS else None
    if when and not _finite_verb_next(text, when.end(), end):
        frame.append((position, when.end()))
        position = when.end()
    words = _words_after(text, position, end, 9)
    for i, match in enumerate(words):
        word = match.group().strip("\"'“”‘’").casefold()
        absolute = position + match.start()
        if any(qs <= absolute < qe for qs, qe in quotes) or match.group().endswith((",", ";")):
            return position
        if word == "that" and i > 0:
            first = words[0].group().casefold()
            if first in PREPOSITIONS or first in TIME_WORDS or lemma in INFORM_VERBS:
                frame.append((position, position + match.end()))
                if lemma == "tell":
                    obj = resolve_phrase(text, position, position + match.start(), ctx)
                    if obj is not None and obj.type == "media":
                        return obj
                return position + match.end()
            return position
        if word == "that":
            frame.append((position, position + match.end()))
            return position + match.end()
    if lemma in INFORM_VERBS:
        return _skip_addressee(text, position, end, ctx, frame)
    return position


# A time right after the cue, before a clause without "that": "said Monday", "said late on Sunday".
LEADING_TIME = re.compile(
    rf"\s+(?:(?:late|early|earlier|later)\s+)?(?:on\s+)?(?:{_WEEKDAY}|today|yesterday|tonight)"
    r"(?:\s+(?:morning|afternoon|evening|night))?(?=\s+\w)",
    re.IGNORECASE,
)


def _finite_verb_next(text: str, position: int, end: int) -> bool:
    """The word after ``position`` is a finite verb: "said Sunday night was quiet" makes the
    time the clause's subject, not the frame's."""
    match = FIRST_WORD.match(text, position, end)
    return match is not None and lexicon.is_finite_verb(match.group(1))


# Whom "told" addresses before a clause without "that": "told reporters the war was over",
# "told him on Sunday it was over". "her" is left out: it is as often a possessive ("told her
# aides").
ADDRESSEE_OBJECT = re.compile(rf"\s*(?:me|us|him|them|(?:(?:the|local|foreign)\s+)?(?:{_PRESS}))")
# A time between the addressee and the clause: "told Sputnik on Sunday the …".
_ADDRESSEE_WHEN = rf"(?:\s+(?:on\s+)?(?:{_WEEKDAY}|earlier|later|this\s+week(?:end)?|last\s+week))?"
ADDRESSEE_TIME = re.compile(_ADDRESSEE_WHEN + r"(?=\s+\w)", re.IGNORECASE)
# An addressee that ends the sentence: "told Sputnik.", "told reporters on Sunday."
ADDRESSEE_LAST = re.compile(_ADDRESSEE_WHEN + r"[\s.,;:!?]*$", re.IGNORECASE)


def _skip_addressee(
    text: str, position: int, end: int, ctx: ArticleContext, frame: list[tuple[int, int]]
) -> int | Speaker:
    """After "told" and the like without "that": the addressee, moved into the frame, before the
    reported clause ("told reporters the war was over" reports "the war was over"). An outlet
    ("told Reuters on Sunday the …") is returned as the intermediary, as "told <outlet> that"
    is. An addressee with nothing after it ("told Sputnik.", "told reporters.") is all frame and
    gives ``end``: no content. Anything else is left as content and gives ``position``: a name
    that may open the clause ("told Clinton could not win"), "told his aides to …"."""
    match = ADDRESSEE_OBJECT.match(text, position, end)
    outlet = None
    if match is None:
        match = ADDRESSEE.match(text, position, end)
        if match is None:
            return position
        outlet = resolve_phrase(text, position, match.end(), ctx)
        if outlet is None or outlet.type != "media":
            return position
    if ADDRESSEE_LAST.match(text, match.end(), end) is not None:
        # Nothing after the addressee ("told Sputnik."): no content, and the outlet is no quote.
        frame.append((position, end))
        return end
    clause = ADDRESSEE_TIME.match(text, match.end(), end)
    if clause is None:
        return position
    frame.append((position, clause.end()))
    return outlet if outlet is not None else clause.end()


# --- constructions without a verb cue --------------------------------------------------------


def reports_clause(sent: Sentence, ctx: ArticleContext) -> list[Attribution]:
    """ "reports have emerged that …", "amid reports of …": unnamed reports."""
    text = ctx.text
    if "eport" not in sent.text:
        return []
    end = sent.end_without_stop
    out = []
    for match in REPORTS_CLAUSE.finditer(text, sent.start, end):
        if _in_quote(sent.quotes, match.start()):
            continue
        who = match.span("who") if match.group("who") else match.span("who2")
        cue = match.span("cue") if match.group("cue") else match.span("cue2")
        speaker = Speaker(UNNAMED_REPORTS, "unknown", "anonymous", who[0], who[1], how="unnamed")
        content = _strip(text, match.end(), end)
        if content[0] < content[1]:
            out.append(
                Attribution(
                    speaker,
                    _content_kind(text, content, None, sent.quotes),
                    content,
                    cue,
                    sent.sentence_id,
                    sent.block_id,
                    "reports_clause",
                )
            )
    return out


def possessive_claim(sent: Sentence, ctx: ArticleContext) -> list[Attribution]:
    """ "the Taliban's assertion that …": a claim named as a noun, owned by its speaker."""
    text = ctx.text
    end = sent.end_without_stop
    if ("'s" not in sent.text and "’s" not in sent.text) or not POSSESSIVE_CLAIM_NOUN.search(
        text, sent.start, end
    ):
        return []
    out = []
    for match in POSSESSIVE_CLAIM.finditer(text, sent.start, end):
        if _in_quote(sent.quotes, match.start()):
            continue
        speaker = resolve_phrase(text, match.start("who"), match.end("who"), ctx)
        if speaker is None or speaker.how not in ("codebook", "name"):
            continue
        content = _strip(text, match.end(), end)
        if content[0] < content[1]:
            out.append(
                Attribution(
                    speaker,
                    _content_kind(text, content, None, sent.quotes),
                    content,
                    match.span("cue"),
                    sent.sentence_id,
                    sent.block_id,
                    "possessive_claim",
                )
            )
    return out


def headline_colon(sent: Sentence, ctx: ArticleContext) -> list[Attribution]:
    """ "Fight against Taliban 'will continue': National Resistance Front" — a headline quote
    followed by a colon and its source (in subheads and embedded posts)."""
    if sent.block_kind not in (SUBHEAD, EMBEDDED_POST):
        return []
    text = ctx.text
    end = _strip(text, sent.start, sent.end, " \t\r\n.")[1]
    piece = text[sent.start : end]
    match = HEADLINE_COLON.search(piece)
    if not match:
        return []
    speaker_start = sent.start + match.start("speaker")
    speaker_end = sent.start + match.end("speaker")
    link = re.search(r"\s+pic\.twitter\.com/\S+$", text[speaker_start:speaker_end])
    if link:
        speaker_end = speaker_start + link.start()
    speaker = resolve_phrase(text, speaker_start, speaker_end, ctx)
    if speaker is None or speaker.how not in ("codebook", "name"):
        return []
    content_start = sent.start
    hashtag = re.match(r"#\w+\s+", piece)
    if hashtag:
        content_start += hashtag.end()
    content = (content_start, sent.start + match.start() + 1)
    kind = _content_kind(text, content, None, sent.quotes)
    colon = text.find(":", content[1], speaker_start)
    return [
        Attribution(
            speaker,
            kind,
            content,
            (colon, colon + 1),
            sent.sentence_id,
            sent.block_id,
            "headline_colon",
        )
    ]


TRANSCRIPT_LABEL = re.compile(r"[\"“]?(?P<label>(?:[A-Z][A-Z.'’-]+\s){0,2}[A-Z][A-Z.'’-]+):\s+(?=\S)")


def transcript_label(sent: Sentence, ctx: ArticleContext, first_in_block: bool) -> list[Attribution]:
    """ "PENCE: Well, look, …" — an interview transcript's speaker label (capitals and a colon)
    opening a paragraph; the paragraph is the speaker's words."""
    if not first_in_block or sent.block_kind != "paragraph":
        return []
    match = TRANSCRIPT_LABEL.match(ctx.text, sent.start, sent.end)
    if not match or len(match.group("label")) < 3:
        return []
    label = match.span("label")
    name = ctx.text[label[0] : label[1]]
    mentions = ctx.codebook.actor_mentions(name)
    speaker = (
        from_actor(mentions[0][2], *label)
        if mentions
        else Speaker(name.title(), "unknown", "person", label[0], label[1], how="name")
    )
    content = _strip(ctx.text, match.end(), sent.block_end)
    return [
        Attribution(
            speaker,
            DIRECT,
            content,
            (label[1], label[1] + 1),
            sent.sentence_id,
            sent.block_id,
            "transcript_label",
        )
    ]


def embedded_post(text: str, block, codebook: Codebook, ctx: ArticleContext) -> Attribution | None:
    """A tweet embed, attributed to its account holder (codebook name when known)."""
    signature = SIGNATURE_RE.search(text, block.start, block.end) if block.author else None
    content_end = signature.start("sig") if signature else block.end
    content = _strip(text, block.start, content_end, " \t\r\n")
    if content[0] >= content[1]:
        return None
    if signature:
        who = signature.span("author")
        mentions = codebook.actor_mentions(text, *who)
        if mentions:
            speaker = from_actor(mentions[0][2], mentions[0][0], mentions[0][1])
        else:
            handle = signature.span("handle")
            by_handle = codebook.actor_for(text[handle[0] : handle[1]])
            speaker = (
                from_actor(by_handle, *who)
                if by_handle
                else Speaker(block.author, "unknown", "person", who[0], who[1], how="name")
            )
        cue = signature.span("sig")
    else:
        speaker = Speaker("unknown account", "unknown", "anonymous", content[0], content[0], how="unnamed")
        cue = None
    return Attribution(
        speaker,
        EMBEDDED,
        content,
        cue,
        -1,
        block.block_id,
        "embedded_post",
        platform=EMBED_PLATFORM,
    )


# --- assembling ------------------------------------------------------------------------------


def _cues(sent: Sentence, ctx: ArticleContext) -> list[tuple[int, int]]:
    text = ctx.text
    end = sent.end_without_stop
    cues = []
    for s, e in ctx.cues(sent.start, end + 1):
        if _in_quote(sent.quotes, s):
            continue
        word = text[s:e].casefold()
        previous = _previous_word(text, s, sent.start)
        if previous in NOT_A_VERB_BEFORE and " " not in word and not _relative_verb(previous, word):
            continue
        if lexicon.tag(word) == "NNS" and lexicon.tag(previous) in VERB_TAGS:
            continue  # "rejected reports", "denied claims": the cue word is the verb's object
        if previous.endswith(("'s", "’s")) and not contracted_progressive(previous, word):
            continue  # "Trump's tweet": a noun
        if (
            text[s].isupper()
            and text[sent.start : s].strip(" \"'“‘#(")
            and sent.block_kind != SUBHEAD
            and not _title_case(sent.text)
        ):
            continue  # "United States", "Comments" inside a sentence: not a verb
        if previous == "to" and word not in ("according to",):
            continue
        if passive_cue(text, s, e, sent.start, previous):
            continue
        cues.append((s, e))
    return cues


def _relative_verb(previous: str, word: str) -> bool:
    """After "which", a cue in a verb form is the relative clause's verb ("the NRF, which said
    …"), not a noun after a determiner ("which claims", "which statement")."""
    return previous == "which" and lexicon.tag(word) in RELATIVE_VERB_TAGS


def _title_case(sentence: str) -> bool:
    """A headline: most words capitalised ("Lindsey Graham Says Trump Could …")."""
    words = [w for w in WORD_WITH_LETTER.findall(sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.75


def _merge_into(previous: Attribution, cue: tuple[int, int], text: str, sent: Sentence) -> None:
    """Fold a participle or coordinated cue ("…, saying that …", "and added that …") into the
    attribution it continues: its content grows to the end of the sentence. A full quotation
    introduced by the participle ("refuted the claims, saying "…"") makes it direct."""
    end = sent.end_without_stop
    head = (previous.content[0], cue[0])
    tail = _strip(text, cue[1], end, " \t\r\n,:")
    previous.content = (previous.content[0], max(previous.content[1], end))
    tail_kind = _content_kind(text, tail, cue[1], sent.quotes)
    head_kind = _content_kind(text, head, None, sent.quotes)
    if tail_kind == DIRECT and head_kind == INDIRECT:
        previous.kind = DIRECT
    elif INDIRECT == tail_kind == head_kind:
        previous.kind = INDIRECT
    else:
        previous.kind = MIXED
    previous.frame.append(cue)


def _continues(
    text: str, sent: Sentence, cue: tuple[int, int], found: list[Attribution]
) -> Attribution | None:
    """The attribution this cue continues (a participle or "and <cue>" with no new subject)."""
    if not found:
        return None
    previous = found[-1]
    if not (previous.content[0] <= cue[0] <= previous.content[1] + 2 or previous.end <= cue[0]):
        return None
    before = text[max(previous.cue[1] if previous.cue else sent.start, sent.start) : cue[0]]
    tail = before.rstrip()
    word = text[cue[0] : cue[1]].casefold()
    participle = word.endswith("ing")
    coordinated = bool(ENDS_WITH_COMMA_OR_AND.search(tail))
    if participle or coordinated:
        floor = _clause_start(text, sent.start, cue[0], sent.quotes)
        subject = trim(text, floor, cue[0])
        segment = text[subject[0] : subject[1]].strip(" ,").casefold()
        if participle or segment in ("", "and"):
            return previous
    return None


def sentence_attributions(sent: Sentence, ctx: ArticleContext) -> list[Attribution]:
    """Every attribution in one sentence, in order of their cues."""
    text = ctx.text
    found: list[Attribution] = []
    special = (
        reports_clause(sent, ctx)
        + possessive_claim(sent, ctx)
        + headline_colon(sent, ctx)
        + transcript_label(sent, ctx, sent.first_in_block)
    )
    taken = [a.cue for a in special if a.cue] + [(a.speaker.start, a.speaker.end) for a in special]
    consumed: list[tuple[int, int]] = []
    for attribution in special:
        ctx.remember(attribution.speaker)
    for cue in _cues(sent, ctx):
        if any(ts <= cue[0] < te or cue[0] <= ts < cue[1] for ts, te in taken):
            continue
        if any(cs < cue[0] < ce for cs, ce in consumed):
            continue
        word = " ".join(text[cue[0] : cue[1]].split()).casefold()
        continued = _continues(text, sent, cue, found)
        if continued is not None and word not in ("according to", "as per"):
            _merge_into(continued, cue, text, sent)
            continue
        if word in ("according to", "as per", "in the words of"):
            attribution = according_to(sent, cue, ctx)
        else:
            attribution = (
                cue_then_quote(sent, cue, ctx)
                or quote_then_cue(sent, cue, ctx)
                or trailing_cue(sent, cue, ctx, found, consumed)
                or (None if _is_trailing(text, sent, cue) else cue_then_content(sent, cue, ctx))
            )
        if attribution is None:
            continue
        if attribution.consumed:
            consumed.append(attribution.consumed)
        ctx.remember(attribution.speaker)
        found.append(attribution)
    for attribution in special:
        found.append(attribution)
    _opening_interview(sent, ctx, found)
    found.sort(key=lambda a: (a.start, a.end))
    return _dedupe(found)


# "Speaking to Tolo News, …", "In an interview with the BBC, …" opening a sentence.
OPENING_INTERVIEW = re.compile(
    r"\s*(?:(?:speaking|talking)\s+(?:to|with)|in\s+an\s+interview\s+with)\s+([^,]{1,60}),",
    re.IGNORECASE,
)


def _opening_interview(sent: Sentence, ctx: ArticleContext, found: list[Attribution]) -> None:
    """An opening "Speaking to <outlet>," makes the sentence's attributions whose speaker
    follows it, and that came through no other outlet, interviews via that outlet. A phrase
    naming no codebook outlet ("Speaking to reporters,") changes nothing."""
    match = OPENING_INTERVIEW.match(ctx.text, sent.start, sent.end)
    if not match or not found:
        return
    outlet = _media_addressee(ctx.text, match.start(1), match.end(1), ctx)
    if outlet is None:
        return
    for attribution in found:
        if not attribution.via and attribution.speaker.start >= match.end():
            attribution.via = outlet.name
            attribution.via_platform = "interview"
            attribution.frame.append((sent.start, match.end()))


def _is_trailing(text: str, sent: Sentence, cue: tuple[int, int]) -> bool:
    """A cue in the trailing position ("…, X reported.") handled by :func:`trailing_cue`."""
    end = sent.end_without_stop
    return not text[cue[1] : end].strip() and "," in text[sent.start : cue[0]][-40:]


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    """Drop an attribution found twice (the same cue, or the same speaker mention with
    overlapping content), keeping the one with the longer content. Two mentions of one speaker
    stay two attributions, and so do two statements of one mention ("The NRF, which said on
    Twitter that …, vowed to fight")."""
    out: list[Attribution] = []
    for attribution in found:
        clash = next(
            (
                a
                for a in out
                if (a.cue is not None and a.cue == attribution.cue)
                or (
                    (a.speaker.start, a.speaker.end) == (attribution.speaker.start, attribution.speaker.end)
                    and a.content[0] < attribution.content[1]
                    and attribution.content[0] < a.content[1]
                )
            ),
            None,
        )
        if clash is None:
            out.append(attribution)
        elif clash.construction != "embedded_post" and (
            attribution.content[1] - attribution.content[0] > clash.content[1] - clash.content[0]
        ):
            out[out.index(clash)] = attribution
    return out


def assign_platform(attribution: Attribution, sent_start: int, sent_end: int, ctx: ArticleContext) -> str:
    """Strong platform cue in the attribution's frame, else the outlet's own platform, else a
    weak cue, else ``unspecified``. The frame is the sentence outside the content."""
    if attribution.kind == EMBEDDED:
        return EMBED_PLATFORM
    text = ctx.text
    pieces = [(sent_start, attribution.content[0]), (attribution.content[1], sent_end)]
    pieces += attribution.frame
    frame = " … ".join(text[s:e] for s, e in pieces if s < e)
    weak_hit = ""
    platforms = ctx.codebook.platform_res
    for k in ctx.codebook.platform_index.candidates(fold_text(frame)):
        platform_id, weak, pattern = platforms[k]
        if pattern.search(frame):
            if not weak:
                return platform_id
            weak_hit = weak_hit or platform_id
    for fallback in (attribution.via_platform, attribution.speaker.platform, weak_hit):
        if fallback:
            return fallback
    return UNSPECIFIED


def extract(text: str, parsed: ParsedArticle, codebook: Codebook) -> list[Attribution]:
    """Every attribution in one parsed article, in text order, with platforms assigned."""
    ctx = ArticleContext(text, codebook)
    learn_titles(ctx)
    by_block: dict[int, list] = {}
    for sentence in parsed.sentences:
        by_block.setdefault(sentence.block_id, []).append(sentence)
    out: list[Attribution] = []
    bounds: dict[int, tuple[int, int]] = {}
    for block in parsed.blocks:
        if block.kind not in CONTENT_KINDS:
            continue
        sentences = by_block.get(block.block_id, [])
        via, via_platform = "", ""
        block_end = block.end
        if block.kind == EMBEDDED_POST:
            post = embedded_post(text, block, codebook, ctx)
            if post is not None:
                out.append(post)
                ctx.remember(post.speaker)
                via, via_platform = post.speaker.name, EMBED_PLATFORM
                block_end = post.content[1]
                if sentences:
                    post.sentence_id = sentences[0].sentence_id
        quotes = quote_spans(text, block.start, block_end)
        long_block = block_end - block.start > LONG_BLOCK_CHARS
        for index, s in enumerate(sentences):
            if s.start >= block_end:
                continue
            sent = Sentence(
                text[s.start : s.end],
                s.start,
                min(s.end, block_end),
                s.sentence_id,
                block.block_id,
                block.kind,
                _quotes_near(quotes, s.start, s.end) if long_block else quotes,
                via,
                via_platform,
                block_end,
                index == 0,
            )
            for attribution in sentence_attributions(sent, ctx):
                if via and not attribution.via:
                    attribution.via, attribution.via_platform = via, via_platform
                bounds[id(attribution)] = (sent.start, sent.end)
                out.append(attribution)
    for attribution in out:
        s_start, s_end = bounds.get(id(attribution), (attribution.content[0], attribution.content[1]))
        attribution.platform = attribution.platform or assign_platform(attribution, s_start, s_end, ctx)
    out.sort(key=lambda a: (a.start, a.end))
    return out


# A block longer than this is text without paragraph breaks (a feed dump, a list run together):
# each of its sentences is given only the quotations that open within QUOTE_REACH characters of
# it, so that extraction stays linear in the block's length. Edited prose has far shorter
# paragraphs, and there every sentence sees all its block's quotations. The one difference a
# reader could see: a quotation mark left open, which in a paragraph runs to the paragraph's
# end, does not silence the rest of such a block past QUOTE_REACH characters.
LONG_BLOCK_CHARS = 20_000
QUOTE_REACH = 4_000


def _quotes_near(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotations (sorted by start) that open within ``QUOTE_REACH`` characters before
    ``start`` and no later than ``QUOTE_REACH`` after ``end``."""
    lo = bisect.bisect_left(quotes, (start - QUOTE_REACH, -1))
    hi = bisect.bisect_right(quotes, (end + QUOTE_REACH, float("inf")))
    return quotes[lo:hi]


def _row(article_id: str, outlet: str, n: int, a: Attribution, text: str) -> AttributionRow:
    cue_text = text[a.cue[0] : a.cue[1]] if a.cue else ""
    as_written = text[a.speaker.start : a.speaker.end]
    return AttributionRow(
        article_id,
        outlet,
        n,
        a.sentence_id,
        a.block_id,
        a.speaker.name,
        a.speaker.side,
        a.speaker.type,
        as_written,
        a.speaker.start if a.speaker.end > a.speaker.start else None,
        a.speaker.end if a.speaker.end > a.speaker.start else None,
        a.kind,
        a.platform,
        a.via,
        " ".join(cue_text.split()),
        a.cue[0] if a.cue else None,
        a.cue[1] if a.cue else None,
        text[a.content[0] : a.content[1]],
        a.content[0],
        a.content[1],
        a.start,
        a.end,
        a.construction,
    )


def attributions_frame(rows: Iterable[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(ATTRIBUTION_COLUMNS))
    for column in ("speaker_start", "speaker_end", "cue_start", "cue_end"):
        frame[column] = frame[column].astype("Int64")
    return frame


def attribution_rows(
    article_id: str, outlet: str, text: str, parsed: ParsedArticle, codebook: Codebook
) -> list[AttributionRow]:
    """Table rows for one article (``attribution_id`` numbers them in text order); offsets that
    do not exist (no speaker span, no cue) are None."""
    return [_row(article_id, outlet, n, a, text) for n, a in enumerate(extract(text, parsed, codebook))]


def extract_text(text: str, codebook: Codebook) -> list[Attribution]:
    """Parse ``text`` and extract its attributions (for benchmarks and ``analysis attribute``)."""
    return extract(text, parse_text(text), codebook)


__all__ = [
    "ATTRIBUTION_COLUMNS",
    "KINDS",
    "Attribution",
    "AttributionRow",
    "according_to",
    "attribution_rows",
    "attributions_frame",
    "cue_then_content",
    "cue_then_quote",
    "embedded_post",
    "extract",
    "extract_text",
    "headline_colon",
    "possessive_claim",
    "quote_then_cue",
    "reports_clause",
    "trailing_cue",
]
