"""Scorer for quote/attribution extractors on the PolNeAR dev split.

The data (PolNeAR v1.0.0, Newell, Margolin and Ruths, LREC 2018) is read from
``../shared/benchmarks/polnear/dev`` relative to the project root and is never copied into the
package. The metric follows ``../shared/benchmarks/README.md``:

    recall over attributions that name a source and whose cue is a reporting verb, 'according to'
    or a colon, and precision over everything the extractor outputs, a prediction being right when
    it overlaps the content of a sourced attribution and names its source.

Definitions implemented here (all offsets are Python ``str`` indices into the ``.txt`` file, end
exclusive; brat's offsets agree with them on every dev file):

* A *gold attribution* is one brat ``E`` relation. Its Source, Cue and Content roles are read from
  the ``T`` spans they point at; a role may be missing. Numbered roles (``Content2``) are merged
  into their base role, so a content made of two ``T`` spans is one discontinuous span. ``T`` spans
  not used by any relation (``Discuss``, ``Discard``, orphans) are ignored. Six dev relations have
  Source and Cue swapped by the annotator (Source "said", Cue "David Plouffe, …"); the loader
  swaps them back (see :func:`parse_ann`; ``repair=False`` keeps the raw roles).
* *Sourced*: the relation has a Source role. (One dev relation is anchored on an
  ``Attribution-no-source`` span yet has a Source; it counts as sourced.)
* *Eligible*: sourced, and the cue (lowercased, whitespace-normalised, surrounding punctuation
  other than ':' stripped) is ':' or ends with ':' ("said:", "continued:"), contains 'according
  to', or has a first or last word that is a reporting-verb form ("has said", "said in a
  statement"). Reporting-verb forms are the union of the three word lists in ``verb_lists/``
  (GenderGapTracker, JournalismAI, textacy lemmas), lowercased, taken literally: 'said', 'told',
  'think' and 'believe' are in, 'asked', 'called', 'believes' and 'found' are not. Discontinuous
  cues are judged on their joined text. A missing cue is not eligible, nor is the bare dash cue
  "―" that introduces vox-pop quotes in one article (the README names a colon only).
* A *prediction is right* when its content span overlaps (shares at least one character with) any
  fragment of the content of a sourced gold attribution in the same document and names that
  attribution's source: its speaker span overlaps a fragment of the gold Source span, or, only
  when the prediction has no speaker span, the *name rule* holds.
* *Name rule*: take the last word of the predicted speaker name (letters, digits, apostrophes and
  hyphens; a trailing possessive "'s" is dropped). It must occur as a whole word,
  case-insensitively, in the gold Source text; if the gold Source text is a bare pronoun
  (he, she, they, ...), in the text of the nearest non-pronoun gold Source that starts before it
  in the document. An empty name never matches.
* *Precision*: right predictions / all predictions (several predictions for one gold attribution
  may all be right). *Recall*: eligible gold attributions matched by at least one right prediction
  / eligible gold attributions. *source_f1* is their harmonic mean (0.0 when both are 0).
* *direct_recall*: recall over eligible gold attributions whose content is a direct quote: after
  stripping whitespace and punctuation other than quote marks from both ends of the content text,
  it begins or ends with one of ``" “ ” ‘ ’ '``.

Where a document has several ``.ann`` files (several annotators), the first in sorted order is used.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# As for the package (analysis.config.shared_benchmarks_dir): ANALYSIS_SHARED_BENCHMARKS, when
# set, replaces ../shared/benchmarks, for the verb lists as for the texts.
BENCHMARKS_ROOT = (
    Path(os.environ["ANALYSIS_SHARED_BENCHMARKS"])
    if os.environ.get("ANALYSIS_SHARED_BENCHMARKS")
    else PROJECT_ROOT.parent / "shared" / "benchmarks"
)
DEV_ROOT = BENCHMARKS_ROOT / "polnear" / "dev"
VERB_LISTS_ROOT = BENCHMARKS_ROOT / "verb_lists"
VERB_LIST_FILES = (
    "gendergaptracker_quote_verb_list.txt",
    "journalismai_guardian_afp_quote_verb_list.txt",
    "textacy_reporting_verbs_en_lemmas.txt",
)
SKIP_HINT = "PolNeAR dev split is read from ../shared/benchmarks or $ANALYSIS_SHARED_BENCHMARKS"

QUOTE_MARKS = frozenset("\"“”‘’'")
PRONOUNS = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her"}
    | {"hers", "they", "them", "their", "theirs", "it", "its", "who", "whom", "whose"}
)
_ROLE_RE = re.compile(r"^([A-Za-z-]+?)\d*$")
_WORD_RE = re.compile(r"[\w'’-]+")
_ANCHOR_TYPES = frozenset({"Attribution", "Attribution-no-source"})

Offsets = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Span:
    """A possibly discontinuous annotated span: ``spans`` are (start, end) pairs, end exclusive."""

    spans: Offsets
    text: str

    @property
    def start(self) -> int:
        """Start of the first fragment."""
        return min(a for a, _ in self.spans)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) shares at least one character with a fragment.

        An empty or inverted range (``end <= start``) overlaps nothing.
        """
        return any(start < b and a < end for a, b in self.spans)


@dataclass(frozen=True)
class GoldAttribution:
    """One brat ``E`` relation: the relation id, its anchor type and its roles (None if absent).

    ``repaired`` is True when the loader swapped back a Source and Cue the annotator had swapped.
    """

    rel_id: str
    kind: str
    source: Span | None
    cue: Span | None
    content: Span | None
    repaired: bool = False


@dataclass(frozen=True)
class Document:
    """An article: its id (file stem), full text (headline first), annotator and gold relations."""

    doc_id: str
    text: str
    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class Prediction:
    """One extracted quote.

    ``speaker_start``/``speaker_end`` may both be None when the extractor resolved the speaker to a
    name that is not a span of this text (e.g. a pronoun resolved to a name); the name rule then
    decides whether the speaker matches. ``direct`` is the extractor's own flag and is not scored.
    """

    speaker_start: int | None
    speaker_end: int | None
    speaker: str
    content_start: int
    content_end: int
    direct: bool = False


@dataclass
class Scores:
    """Result of :func:`score`.

    Ratios with a zero denominator are 0.0. ``misses`` maps a document id to the eligible gold
    attributions no right prediction matched; ``false_positives`` maps it to predictions that were
    not right. Documents without any appear in neither.
    """

    precision: float
    recall: float
    source_f1: float
    direct_recall: float
    n_documents: int
    n_gold: int
    n_sourced: int
    n_eligible: int
    n_eligible_direct: int
    n_predictions: int
    n_right: int
    n_eligible_matched: int
    n_direct_matched: int
    misses: dict[str, list[GoldAttribution]] = field(default_factory=dict)
    false_positives: dict[str, list[Prediction]] = field(default_factory=dict)

    @property
    def P(self) -> float:
        """Alias of ``precision``."""
        return self.precision

    @property
    def R(self) -> float:
        """Alias of ``recall``."""
        return self.recall

    @property
    def F1(self) -> float:
        """Alias of ``source_f1``."""
        return self.source_f1

    @property
    def direct_R(self) -> float:
        """Alias of ``direct_recall``."""
        return self.direct_recall

    def summary(self) -> str:
        """One line: ``source_f1=… P=… R=… direct_R=…`` followed by the counts."""
        return (
            f"source_f1={self.source_f1:.3f} P={self.precision:.3f} R={self.recall:.3f} "
            f"direct_R={self.direct_recall:.3f} "
            f"(right {self.n_right}/{self.n_predictions} predictions; "
            f"matched {self.n_eligible_matched}/{self.n_eligible} eligible, "
            f"{self.n_direct_matched}/{self.n_eligible_direct} direct; "
            f"{self.n_sourced} sourced of {self.n_gold} gold in {self.n_documents} documents)"
        )


# --------------------------------------------------------------------------- loading


def require(path: Path) -> Path:
    """Return ``path`` if it exists, else raise ``FileNotFoundError`` naming it and the hint."""
    if not path.exists():
        raise FileNotFoundError(f"{path} not found ({SKIP_HINT})")
    return path


def missing_data(root: Path = DEV_ROOT) -> Path | None:
    """Return the first required path under the benchmarks folder that is absent, else None.

    Checks ``root/text``, ``root/attributions`` and the three verb lists.
    """
    needed = [root / "text", root / "attributions"]
    needed += [VERB_LISTS_ROOT / name for name in VERB_LIST_FILES]
    return next((p for p in needed if not p.exists()), None)


def _parse_offsets(raw: str) -> Offsets:
    frags = []
    for part in raw.split(";"):
        start, end = part.split()
        frags.append((int(start), int(end)))
    return tuple(frags)


def parse_ann(
    ann: str, repair: bool = True, verbs: Iterable[str] | None = None
) -> tuple[GoldAttribution, ...]:
    """Parse brat standoff text into gold attributions, in file order of the ``E`` lines.

    Lines other than ``T`` and ``E`` (and blank lines) are ignored. Role names are reduced to their
    base (``Content2`` -> ``Content``) and the fragments of repeated roles are merged, in offset
    order, with their texts joined by a space (as brat joins fragments). Raises ``ValueError`` on
    a malformed line, an unknown role, or a relation naming an undefined ``T``.

    With ``repair`` (default), a relation whose Source and Cue the annotator swapped (the Source
    text is a bare cue such as "said" and the Cue text is not a cue; 6 relations in the dev split,
    e.g. Source "said", Cue "David Plouffe, the architect of …") gets them swapped back and
    ``repaired=True``. ``verbs`` overrides the reporting-verb forms used for that check.
    """
    spans: dict[str, tuple[str, Span]] = {}
    relations: list[tuple[str, list[str]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if line.startswith("T"):
            if len(cols) < 3:
                raise ValueError(f"line {lineno}: malformed T line: {line!r}")
            typ, _, raw = cols[1].partition(" ")
            spans[cols[0]] = (typ, Span(_parse_offsets(raw), cols[2]))
        elif line.startswith("E"):
            if len(cols) < 2:
                raise ValueError(f"line {lineno}: malformed E line: {line!r}")
            relations.append((cols[0], cols[1].split()))
    out = []
    for rel_id, args in relations:
        kind = ""
        roles: dict[str, list[Span]] = {"Source": [], "Cue": [], "Content": []}
        for arg in args:
            role, _, tid = arg.partition(":")
            if tid not in spans:
                raise ValueError(f"{rel_id}: undefined span {tid!r}")
            if role in _ANCHOR_TYPES:
                kind = role
                continue
            m = _ROLE_RE.match(role)
            base = m.group(1) if m else role
            if base not in roles:
                raise ValueError(f"{rel_id}: unknown role {role!r}")
            roles[base].append(spans[tid][1])
        source, cue = _merge(roles["Source"]), _merge(roles["Cue"])
        swapped = repair and _looks_swapped(source, cue, verbs)
        if swapped:
            source, cue = cue, source
        out.append(
            GoldAttribution(
                rel_id=rel_id,
                kind=kind,
                source=source,
                cue=cue,
                content=_merge(roles["Content"]),
                repaired=swapped,
            )
        )
    return tuple(out)


def _looks_swapped(source: Span | None, cue: Span | None, verbs: Iterable[str] | None) -> bool:
    """True when the Source span's text is a bare cue and the Cue span's text is not a cue.

    "Bare cue" means, after :func:`normalise_cue`, a single reporting-verb form, 'according to' or
    ':'. The verb forms are ``verbs``, else :func:`default_verbs`; when those lists are absent
    nothing is repaired.
    """
    if source is None or cue is None:
        return False
    try:
        forms = default_verbs() if verbs is None else frozenset(v.lower() for v in verbs)
    except FileNotFoundError:
        return False
    norm = normalise_cue(source.text)
    bare = norm in forms or norm in {"according to", ":"}
    return bare and not reporting_cue(cue.text, forms)


def _merge(parts: list[Span]) -> Span | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    ordered = sorted(parts, key=lambda s: s.start)
    return Span(tuple(f for s in ordered for f in s.spans), " ".join(s.text for s in ordered))


def load_documents(
    root: Path = DEV_ROOT, repair: bool = True, verbs: Iterable[str] | None = None
) -> list[Document]:
    """Load every ``root/text/<doc>.txt`` with the first (sorted) ``<doc>_<annotator>.ann``.

    Documents are returned sorted by id. A text without any ``.ann`` file gets no attributions.
    ``repair`` and ``verbs`` are passed to :func:`parse_ann`.
    Raises ``FileNotFoundError`` (with the skip hint) when ``root/text`` or ``root/attributions``
    is missing, or when ``root/text`` holds no ``.txt`` file.
    """
    text_dir = require(root / "text")
    ann_dir = require(root / "attributions")
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"{text_dir} holds no .txt files ({SKIP_HINT})")
    docs = []
    for txt in texts:
        doc_id = txt.stem
        anns = sorted(
            p for p in ann_dir.glob(f"{glob_escape(doc_id)}_*.ann") if "_" not in p.stem[len(doc_id) + 1 :]
        )
        text = txt.read_text(encoding="utf-8")
        if anns:
            annotator = anns[0].stem[len(doc_id) + 1 :]
            gold = parse_ann(anns[0].read_text(encoding="utf-8"), repair, verbs)
        else:
            annotator, gold = "", ()
        docs.append(Document(doc_id, text, annotator, gold))
    return docs


def glob_escape(name: str) -> str:
    """Escape glob metacharacters (``*?[``) in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)


# --------------------------------------------------------------------------- eligibility


@cache
def default_verbs(root: Path = VERB_LISTS_ROOT) -> frozenset[str]:
    """Union of the three verb lists under ``root``, lowercased, one form per non-blank line.

    Each file is read on its own (one of them has no final newline). Raises
    ``FileNotFoundError`` with the skip hint if a list is missing.
    """
    forms: set[str] = set()
    for name in VERB_LIST_FILES:
        path = require(root / name)
        forms.update(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines())
    forms.discard("")
    return frozenset(forms)


def normalise_cue(cue: str) -> str:
    """Lowercase, NFKC-normalise, collapse whitespace and strip punctuation except ':' at the ends.

    ``"Said:"`` -> ``"said:"``, ``" , told "`` -> ``"told"``, ``":"`` -> ``":"``.
    """
    text = " ".join(unicodedata.normalize("NFKC", cue).lower().split())
    keep = ":"
    start, end = 0, len(text)
    while start < end and _is_strip(text[start], keep):
        start += 1
    while end > start and _is_strip(text[end - 1], keep):
        end -= 1
    return text[start:end]


def _is_strip(ch: str, keep: str) -> bool:
    return ch not in keep and (ch.isspace() or unicodedata.category(ch).startswith("P"))


def sourced(gold: GoldAttribution) -> bool:
    """True when the attribution has a Source span (whatever the text of the source)."""
    return gold.source is not None


def reporting_cue(cue: str, verbs: Iterable[str] | None = None) -> bool:
    """True when a cue text is a reporting verb, 'according to' or a colon.

    After :func:`normalise_cue`: the cue is ':' or ends with ':' (``"said:"``, ``"continued:"``),
    contains the words 'according to', or its first or last word (punctuation stripped) is in
    ``verbs`` (default :func:`default_verbs`). An empty cue is False.
    """
    norm = normalise_cue(cue)
    if not norm:
        return False
    if norm.endswith(":") or re.search(r"\baccording to\b", norm):
        return True
    forms = default_verbs() if verbs is None else {v.lower() for v in verbs}
    words = [w.strip(":") for w in norm.split()]
    words = [w for w in (_strip_punct(w) for w in words) if w]
    return bool(words) and (words[0] in forms or words[-1] in forms)


def _strip_punct(word: str) -> str:
    return "".join(ch for ch in word if not unicodedata.category(ch).startswith("P") or ch in "'-")


def eligible(gold: GoldAttribution, verbs: Iterable[str] | None = None) -> bool:
    """True when ``gold`` is sourced and its cue passes :func:`reporting_cue`.

    A relation without a cue is not eligible.
    """
    return sourced(gold) and gold.cue is not None and reporting_cue(gold.cue.text, verbs)


def is_direct(gold: GoldAttribution) -> bool:
    """True when the content text, stripped of whitespace and non-quote punctuation at both ends,
    begins or ends with a quote mark. No content -> False."""
    if gold.content is None:
        return False
    text = gold.content.text
    start, end = 0, len(text)
    while start < end and _is_strip(text[start], "".join(QUOTE_MARKS)):
        start += 1
    while end > start and _is_strip(text[end - 1], "".join(QUOTE_MARKS)):
        end -= 1
    return end > start and (text[start] in QUOTE_MARKS or text[end - 1] in QUOTE_MARKS)


# --------------------------------------------------------------------------- matching


def _last_word(name: str) -> str:
    words = _WORD_RE.findall(name)
    while words:
        word = re.sub(r"['’]s$", "", words[-1]).strip("'’-")
        if word:
            return word
        words.pop()
    return ""


def is_pronoun(text: str) -> bool:
    """True when ``text`` is a single pronoun ("he", "She", "they"), punctuation ignored."""
    words = _WORD_RE.findall(text.lower())
    return len(words) == 1 and words[0] in PRONOUNS


def name_matches(name: str, source_text: str) -> bool:
    """True when the last word of ``name`` occurs as a whole word in ``source_text``.

    Case-insensitive; a trailing possessive is dropped from the name. Empty name -> False.
    """
    word = _last_word(name)
    if not word:
        return False
    return re.search(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", source_text, re.I) is not None


def _antecedent(source: Span, all_sources: Sequence[Span]) -> Span | None:
    """Nearest non-pronoun gold Source starting before ``source``."""
    best = None
    for other in all_sources:
        if (
            other.start < source.start
            and not is_pronoun(other.text)
            and (best is None or other.start > best.start)
        ):
            best = other
    return best


def names_source(pred: Prediction, gold: GoldAttribution, all_sources: Sequence[Span]) -> bool:
    """True when ``pred`` names the source of ``gold``.

    With a speaker span: it must overlap the gold Source. Without one (either offset None): the
    name rule (see module docstring). An unsourced gold is never named.
    """
    if gold.source is None:
        return False
    if pred.speaker_start is not None and pred.speaker_end is not None:
        return gold.source.overlaps(pred.speaker_start, pred.speaker_end)
    if name_matches(pred.speaker, gold.source.text):
        return True
    if is_pronoun(gold.source.text):
        ante = _antecedent(gold.source, all_sources)
        return ante is not None and name_matches(pred.speaker, ante.text)
    return False


def matches(pred: Prediction, gold: GoldAttribution, all_sources: Sequence[Span]) -> bool:
    """True when ``pred`` overlaps the content of sourced ``gold`` and names its source."""
    return (
        gold.content is not None
        and gold.content.overlaps(pred.content_start, pred.content_end)
        and names_source(pred, gold, all_sources)
    )


def score(
    documents: Iterable[Document],
    predict: Callable[[str], Sequence[Prediction]],
    verbs: Iterable[str] | None = None,
) -> Scores:
    """Run ``predict`` on each document's full text and score it against the gold.

    ``verbs`` overrides the reporting-verb forms (default: the shared verb lists, which must then
    exist). An empty document list or no predictions gives zeros, never a division error.
    """
    forms = default_verbs() if verbs is None else frozenset(v.lower() for v in verbs)
    n_docs = n_gold = n_sourced = n_eligible = n_direct = 0
    n_pred = n_right = n_matched = n_direct_matched = 0
    misses: dict[str, list[GoldAttribution]] = {}
    false_pos: dict[str, list[Prediction]] = {}
    for doc in documents:
        n_docs += 1
        preds = list(predict(doc.text))
        gold_sourced = [g for g in doc.attributions if sourced(g)]
        all_sources = [g.source for g in gold_sourced if g.source is not None]
        matched: set[int] = set()
        for pred in preds:
            hits = [i for i, g in enumerate(gold_sourced) if matches(pred, g, all_sources)]
            if hits:
                n_right += 1
                matched.update(hits)
            else:
                false_pos.setdefault(doc.doc_id, []).append(pred)
        n_pred += len(preds)
        n_gold += len(doc.attributions)
        n_sourced += len(gold_sourced)
        for i, g in enumerate(gold_sourced):
            if not eligible(g, forms):
                continue
            direct = is_direct(g)
            n_eligible += 1
            n_direct += direct
            if i in matched:
                n_matched += 1
                n_direct_matched += direct
            else:
                misses.setdefault(doc.doc_id, []).append(g)
    precision = n_right / n_pred if n_pred else 0.0
    recall = n_matched / n_eligible if n_eligible else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        precision=precision,
        recall=recall,
        source_f1=f1,
        direct_recall=n_direct_matched / n_direct if n_direct else 0.0,
        n_documents=n_docs,
        n_gold=n_gold,
        n_sourced=n_sourced,
        n_eligible=n_eligible,
        n_eligible_direct=n_direct,
        n_predictions=n_pred,
        n_right=n_right,
        n_eligible_matched=n_matched,
        n_direct_matched=n_direct_matched,
        misses=misses,
        false_positives=false_pos,
    )
