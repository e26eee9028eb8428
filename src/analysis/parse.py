"""Turn raw article text into blocks and sentences that keep offsets into the raw text.

Every block and sentence carries ``start`` and ``end`` such that ``raw[start:end] == text``.
Blocks never overlap, and together they cover every non-whitespace character of the article,
so nothing in the raw text is silently dropped.

Block kinds:

``dateline``
    The collector's `` date YYYY-MM-DD `` prefix (its date becomes the article's text date) and a
    place dateline such as ``Kabul:`` or ``NEW DELHI, Sept 5 (Reuters) -`` at the start of the lead.
``subhead``
    A short line without closing punctuation ("Background", "Ahmad Massoud safe, says
    spokesperson"), a question subhead ("… ready to talk to Taliban?"), a keyword label glued to
    the lead ("Afghanistan Conflict:"), or an explainer question glued to its paragraph ("What is
    the National Resistance Front The National Resistance Front is …").
``embedded_post``
    A tweet embed, recognised by its signature ``— Name (@handle) Month D, YYYY`` or a
    ``pic.twitter.com/…`` link; the author, handle and post date are kept.
``boilerplate``
    Cross-links (``Also Read - …``, also when glued to the previous sentence as in
    ``Journalists.Also Read - …``), wire credits (``(with inputs from ANI)``), picture credits,
    ``Source: …`` lines and contributor notes (``* Name contributed to this story …``).
``paragraph``
    Everything else.

Sentences are split inside each block with ``sentencex`` (a rule-based splitter from PyPI; NLTK
data cannot be downloaded here), then repaired where news text defeats it: a short attribution
tail after a quote that ends in ``!`` or ``?`` (``"… very soon!" Nazary tweeted.``), a
fragment that starts in lower case, and a name cut after its title (``… Ms. | Moore said.``)
are joined to the sentence before; a run of text without full stops longer than
``MAX_SENTENCE_CHARS`` is cut into pieces of at most that length. Dateline blocks and tweet
signatures are one sentence each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import sentencex

PARAGRAPH = "paragraph"
SUBHEAD = "subhead"
EMBEDDED_POST = "embedded_post"
BOILERPLATE = "boilerplate"
DATELINE = "dateline"
BLOCK_KINDS = (PARAGRAPH, SUBHEAD, EMBEDDED_POST, BOILERPLATE, DATELINE)
CONTENT_KINDS = (PARAGRAPH, SUBHEAD, EMBEDDED_POST)

MAX_SUBHEAD_WORDS = 14

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
DATE_PREFIX_RE = re.compile(r"\A\s*(date\s+(\d{4}-\d{2}-\d{2}))(?=\s|\Z)")
LINE_RE = re.compile(r"[^\n]+")
SIGNATURE_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<sig>[—–]|--?)\s*(?P<author>[^\n()—–]{1,80}?)\s*"
    r"\(@(?P<handle>[A-Za-z0-9_]{1,15})\)\s+"
    rf"(?P<date>(?:{_MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}})\s*$"
)
PIC_LINK_RE = re.compile(r"\bpic\.twitter\.com/\w+")
LINE_BOILERPLATE_RE = re.compile(
    r"""^(?:
        \(?\s*(?:with\s+)?inputs?\s+from\s[^()]{1,80}\)?\.?$      # (with inputs from ANI)
      | (?:picture|photo|image|photograph|video|graphic|cover\s+image)s?
        (?:\s+(?:credits?|courtesy|source))?\s*:                 # Picture Credit: …
      | (?:source|sources|courtesy)\s*:                          # Source: Anadolu Agency
      | \*\s*\S.*\bcontributed\b                                 # * Name contributed …
      | .{0,80}\bcontributed\s+(?:to\s+)?this\s+(?:story|report|article)\b
      | (?:also\s+read|read\s+also|read\s+more|also\s+see|also\s+watch)\b
      | (?:follow|subscribe\s+to)\s+(?:us|\w+)\s+on\b
      | \(?\s*except\s+for\s+the\s+headline,\s+this\s+story\s+has\s+not\s+been\s+edited
      | disclaimer\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
CROSS_LINK_RE = re.compile(
    r"(?:(?<=[.!?\"”’'])|(?<=\s)|^)(?:also\s+read|read\s+also|read\s+more)\s*[-–—:|]\s*",
    re.IGNORECASE,
)
INLINE_CREDIT_RE = re.compile(r"\(\s*(?:with\s+)?inputs?\s+from\s[^()]{1,80}\)\.?\s*$", re.I)
LEAD_LABEL_RE = re.compile(
    r"(?P<label>[A-Z][\w.'’&-]*(?:[ ,]+(?:of\s+|and\s+|the\s+)?[A-Z][\w.'’&-]*){0,4})"
    rf"(?P<date>,?\s+(?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"
    r"(?P<agency>\s*\([A-Za-z][\w .&-]{0,30}\))?"
    r"\s*(?::|—|–|\s-{1,2})\s+(?=\S)"
)
EXPLAINER_RE = re.compile(
    r"(?:What|Who|Why|How|When|Where|Which)\s+(?:is|are|was|were|does|do|did|has|have)\s+"
    r"(?:the\s+)?"
)
TERMINAL_RE = re.compile(r"[.!…;,:]['\"”’)\]]*$")
WORD_RE = re.compile(r"[^\W_](?:[\w'’.@#/-]*[^\W_])?")
# One match per word of WORD_RE, found without backtracking: a word of WORD_RE runs from the
# first letter or digit of a run of [\w'’.@#/-] to the run's last letter or digit, so each run
# holding a letter or digit is one word, however its end is trimmed. The empty group makes
# ``findall`` return the same empty string for every match instead of copying each word out.
_WORD_COUNT_RE = re.compile(r"[^\W_][\w'’.@#/-]*()")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "if",
        "i",
        "my",
        "me",
        "we",
        "our",
        "his",
        "her",
        "their",
        "its",
        "not",
        "no",
    ]
)
TAIL_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "tweeted",
        "tweets",
        "told",
        "added",
        "asked",
        "wrote",
        "writes",
        "stated",
        "posted",
        "declared",
        "insisted",
        "claimed",
        "claims",
        "explained",
        "noted",
        "replied",
        "warned",
        "urged",
        "announced",
        "continued",
        "argued",
        "shouted",
        "according",
    ]
)


class Block(NamedTuple):
    """A span of one kind; ``author``/``handle``/``posted`` are set for embedded posts."""

    block_id: int
    kind: str
    start: int
    end: int
    author: str = ""
    handle: str = ""
    posted: str = ""


class Sentence(NamedTuple):
    sentence_id: int
    block_id: int
    start: int
    end: int


@dataclass(frozen=True)
class ParsedArticle:
    """The parse of one article: its text date (``""`` if none), blocks and sentences."""

    text_date: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    if start >= end or not (text[start].isspace() or text[end - 1].isspace()):
        return start, end
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return start, start
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, joined by ' - . @ # /
    (the matches of :data:`WORD_RE`, counted faster)."""
    return len(_WORD_COUNT_RE.findall(text))


def _title_run_end(text: str, start: int, end: int) -> int:
    """End of a headline-style (Title Case) run of words starting at ``start``.

    A cross-link's headline runs until two lower-case content words in a row appear (where the
    paragraph resumes) or the line ends. Returns the end of the last word of the run.
    """
    last_end = start
    lower_streak = 0
    for match in re.finditer(r"\S+", text[start:end]):
        core = match.group().strip("\"'“”‘’(),:;-–—")
        if core and core[0].islower() and core.lower() not in FUNCTION_WORDS:
            lower_streak += 1
            if lower_streak >= 2:
                return last_end
        else:
            lower_streak = 0
            last_end = start + match.end()
    return _strip_span(text, start, end)[1]


def _segments_of_line(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Split one line into (kind-hint, start, end) pieces around inline boilerplate."""
    pieces: list[tuple[str, int, int]] = []
    cursor = start
    line = text[start:end]
    links = CROSS_LINK_RE.finditer(line) if ("ead" in line or "EAD" in line) else ()
    for match in links:
        link_start = start + match.start()
        if link_start < cursor:
            continue
        link_end = _title_run_end(text, start + match.end(), end)
        if link_end <= start + match.end():
            link_end = start + match.end()
        if link_start > cursor:
            pieces.append(("", cursor, link_start))
        pieces.append((BOILERPLATE, link_start, link_end))
        cursor = link_end
    if cursor < end:
        tail = text[cursor:end]
        credit = INLINE_CREDIT_RE.search(tail) if tail.endswith((")", ").")) else None
        if credit and credit.start() > 0:
            pieces.append(("", cursor, cursor + credit.start()))
            pieces.append((BOILERPLATE, cursor + credit.start(), end))
        else:
            pieces.append(("", cursor, end))
    stripped = []
    for hint, s, e in pieces:
        s, e = _strip_span(text, s, e)
        if s < e:
            stripped.append((hint, s, e))
    return stripped


def _is_subhead(segment: str) -> bool:
    if len(segment) > 25 * MAX_SUBHEAD_WORDS:
        return False
    words = segment.split()
    if not words or len(words) > MAX_SUBHEAD_WORDS:
        return False
    if segment.endswith("?"):
        return len(words) <= 12 and segment[0].isupper()
    if TERMINAL_RE.search(segment):
        return False
    first = segment.lstrip("\"'“‘#")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def _classify(text: str, start: int, end: int) -> tuple[str, dict[str, str]]:
    segment = text[start:end]
    if LINE_BOILERPLATE_RE.match(segment):
        return BOILERPLATE, {}
    signature = SIGNATURE_RE.search(segment) if "(@" in segment else None
    if signature:
        return EMBEDDED_POST, {
            "author": signature.group("author").strip(),
            "handle": signature.group("handle"),
            "posted": signature.group("date"),
        }
    if "pic.twitter.com/" in segment and PIC_LINK_RE.search(segment):
        return EMBEDDED_POST, {}
    if _is_subhead(segment):
        return SUBHEAD, {}
    return PARAGRAPH, {}


def _lead_label(text: str, start: int, end: int) -> tuple[str, int] | None:
    """A dateline or keyword label opening the lead: ``(kind, end offset)`` or None.

    One word (``Kabul:``), capitals (``NEW DELHI:``), a date or an agency in brackets make a
    dateline; a label of several capitalised words (``Afghanistan Conflict:``) is a subhead.
    """
    match = LEAD_LABEL_RE.match(text, start, end)
    if not match:
        return None
    label = match.group("label")
    label_end = _strip_span(text, start, match.end())[1]
    one_word = len(label.replace(",", " ").split()) == 1
    if match.group("date") or match.group("agency") or one_word or label.isupper():
        return DATELINE, label_end
    return SUBHEAD, label_end


def _explainer_split(text: str, start: int, end: int) -> int | None:
    """Offset where a glued explainer subhead ends ("What is the X The X is …"), or None.

    The subhead is recognised only when its subject is repeated straight after it, which is how
    a lost line break between an explainer subhead and its paragraph looks.
    """
    match = EXPLAINER_RE.match(text, start, end)
    if not match:
        return None
    base = match.end()
    words = list(re.finditer(r"\S+", text[base:end]))
    tokens = [w.group() for w in words]
    for length in range(1, min(len(tokens) // 2, 9) + 1):
        subject = tokens[:length]
        if not all(t[:1].isupper() or t in ("of", "and", "the") for t in subject):
            break
        rest = tokens[length:]
        if rest[:1] == ["The"] and subject[0] != "The":
            rest = rest[1:]
        if rest[:length] == subject:
            return base + words[length - 1].end()
    return None


def _raw_blocks(text: str) -> tuple[str, list[tuple[str, int, int, dict[str, str]]]]:
    """Find (kind, start, end, extra) for every block, in text order."""
    blocks: list[tuple[str, int, int, dict[str, str]]] = []
    text_date = ""
    lead_done = False
    position = 0
    date_match = DATE_PREFIX_RE.match(text)
    if date_match:
        text_date = date_match.group(2)
        blocks.append((DATELINE, date_match.start(1), date_match.end(1), {}))
        position = date_match.end(1)
    for line in LINE_RE.finditer(text, position):
        line_start, line_end = _strip_span(text, line.start(), line.end())
        if line_start >= line_end:
            continue
        if not lead_done:
            lead_done = True
            label = _lead_label(text, line_start, line_end)
            if label is not None:
                kind, label_end = label
                blocks.append((kind, line_start, label_end, {}))
                line_start, line_end = _strip_span(text, label_end, line_end)
                if line_start >= line_end:
                    continue
        for hint, seg_start, seg_end in _segments_of_line(text, line_start, line_end):
            if hint:
                blocks.append((hint, seg_start, seg_end, {}))
                continue
            split = _explainer_split(text, seg_start, seg_end)
            if split is not None:
                blocks.append((SUBHEAD, seg_start, split, {}))
                seg_start, seg_end = _strip_span(text, split, seg_end)
            kind, extra = _classify(text, seg_start, seg_end)
            if (
                kind == EMBEDDED_POST
                and extra
                and blocks
                and blocks[-1][0] == PARAGRAPH
                and SIGNATURE_RE.match(text[seg_start:seg_end])
            ):
                # A signature on its own line closes the post written on the line(s) before it.
                _, prev_start, _, _ = blocks.pop()
                seg_start = prev_start
            blocks.append((kind, seg_start, seg_end, extra))
    return text_date, blocks


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, repaired for news text (see module doc)."""
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries("en", chunk):
        s, e = _strip_span(text, start + boundary["start_index"], start + boundary["end_index"])
        if s < e:
            spans.append((s, e))
    if not spans:
        return [(start, end)] if start < end else []
    spans = _move_dangling_openers(text, spans)
    merged: list[tuple[int, int]] = [spans[0]]
    for s, e in spans[1:]:
        previous = text[merged[-1][0] : merged[-1][1]]
        current = text[s:e]
        if _continues_previous(previous, current):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    if any(e - s > MAX_SENTENCE_CHARS for s, e in merged):
        return [piece for s, e in merged for piece in _cap_length(text, s, e)]
    return merged


# No sentence of edited prose is this long (the longest in the PolNeAR and Panjshir texts has 889
# characters). A longer "sentence" is text without full stops (a feed dump, a list run together);
# it is cut into pieces so that the per-sentence steps stay linear in the article's length.
MAX_SENTENCE_CHARS = 2_000
_CLAUSE_MARK = re.compile(r"[;:,)\]]\s")


def _cap_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most ``MAX_SENTENCE_CHARS`` characters: after the
    last clause mark (``;``, ``:``, ``,``, a closing bracket) in the second half of the window,
    else at its last space, else (one unbroken token) at the limit itself."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        floor = start + MAX_SENTENCE_CHARS // 2
        cut = max((m.start() + 1 for m in _CLAUSE_MARK.finditer(text, floor, limit)), default=-1)
        if cut < 0:
            space = max(text.rfind(" ", floor, limit), text.rfind("\n", floor, limit))
            cut = space if space > floor else limit
        piece = _strip_span(text, start, cut)
        if piece[0] < piece[1]:
            pieces.append(piece)
        start = _strip_span(text, cut, end)[0]
    piece = _strip_span(text, start, end)
    if piece[0] < piece[1]:
        pieces.append(piece)
    return pieces


def _move_dangling_openers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An opening quote mark left at the end of a sentence (``… said Friday. “``) starts the
    next sentence instead."""
    out = list(spans)
    for i in range(len(out) - 1):
        s, e = out[i]
        if e - s > 2 and text[e - 1] in '“"' and text[e - 2].isspace():
            new_end = _strip_span(text, s, e - 1)[1]
            out[i] = (s, new_end)
            out[i + 1] = (e - 1, out[i + 1][1])
    return out


# Titles before a name: a sentence never ends on one ("… together," Ms. | Moore said.).
NAME_TITLES = frozenset(
    "Mr. Mrs. Ms. Dr. Gov. Sen. Sens. Rep. Reps. Gen. Lt. Col. Capt. Sgt. Prof. Rev. Pres.".split()
)


def _continues_previous(previous: str, current: str) -> bool:
    first = current.lstrip("\"'“‘(")
    if first[:1].islower():
        return True
    last_word = previous.rsplit(maxsplit=1)[-1:]
    if last_word and last_word[0] in NAME_TITLES and first[:1].isupper():
        return True
    if re.search(r"[.!?][\"”’']\s*$", previous):
        words = [w.strip(".,").lower() for w in current.split()]
        return len(words) <= 8 and bool(TAIL_VERBS.intersection(words[:5]))
    return False


def parse_text(text: str) -> ParsedArticle:
    """Parse one article's raw text into blocks and sentences (never raises on any string)."""
    text_date, raw_blocks = _raw_blocks(text)
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    for block_id, (kind, start, end, extra) in enumerate(raw_blocks):
        blocks.append(Block(block_id, kind, start, end, **extra))
        if kind == DATELINE:
            spans = [(start, end)]
        elif kind == EMBEDDED_POST and extra:
            signature = SIGNATURE_RE.search(text, start, end)
            assert signature is not None
            sig_start = signature.start("sig")
            spans = [*_split_sentences(text, start, sig_start), (sig_start, end)]
        else:
            spans = _split_sentences(text, start, end)
        for s, e in spans:
            sentences.append(Sentence(len(sentences), block_id, s, e))
    return ParsedArticle(text_date, tuple(blocks), tuple(sentences))
