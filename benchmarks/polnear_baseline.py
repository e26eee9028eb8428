"""One-regex-per-sentence quote baseline, scored on the PolNeAR dev split.

Run ``.venv/bin/python benchmarks/polnear_baseline.py`` from the project root. It prints
``source_f1=… P=… R=… direct_R=…`` and the counts, or, when the PolNeAR data or the verb lists are
absent, ``skipped: <path> not found (PolNeAR dev split is read from ../shared/benchmarks or
$ANALYSIS_SHARED_BENCHMARKS)`` and exits 0. ``--misses N`` also prints up to N missed gold
attributions and N wrong predictions.

The baseline splits the text into sentences (at newlines, and at . ! ? plus an optional closing
quote followed by whitespace and a capital letter or an opening quote, except after Mr. Mrs. Sen.
Gov. … and single initials) and applies one regular expression per sentence, keeping its first
match at most. The regex recognises direct quotes next to one of the six commonest reporting verbs
of PolNeAR's training split (said, says, say, told, added, wrote):

* ``"…," Jane Doe said`` / ``"…," the senator from Ohio said`` / ``"…," said Jane Doe`` (quote
  first; the quote ends in , . ? or ! inside its closing mark, and may have opened in an earlier
  sentence, e.g. in a multi-sentence quote), and
* ``Jane Doe said: "…"`` / ``He told reporters "…`` (speaker first; a capitalised name or a
  pronoun, the verb, then a quote that may run past the end of the sentence).

Quote marks are " “ ” and the '' of New York Times copy. The speaker span is the name (or, quote
first, the up to 80 characters between the quote and the verb); the content span is the quote,
marks included. Unmatched sentences produce nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear

# Sentence boundary: . ! ? (plus a closing quote, which stays with its sentence) followed by
# whitespace and a capital or an opening quote; never after a title or a single initial.
_ABBREVIATIONS = "".join(
    rf"(?<!\b{a}\.)" for a in ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "St", "Jr", "Sr")
)
SENTENCE_END = re.compile(
    rf"\n+|{_ABBREVIATIONS}(?<!\b[A-Z]\.)(?<=[.!?])(?P<close>[\"”’]|'')?\s+(?=[A-Z\"“‘]|'')"
)

_NAME = r"(?:[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von))*|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)"
_OPEN = r"(?:[\"“]|'')"
_CLOSE = r"(?:[\"”]|'')"
_VERB = r"(?:said|says|say|told|added|wrote)"
# One regex, two orders. Quote first: the quote ends in , ? ! or . inside its closing mark and may
# have opened in an earlier sentence (^); then up to 80 characters of speaker and the verb, or the
# verb and a name. Speaker first: a name or pronoun, the verb, up to 80 characters, then a quote
# that may run on past the end of the sentence.
QUOTE_RE = re.compile(
    rf"(?P<q1>(?:{_OPEN}|^)[^\"“”]+?[,?!.]{_CLOSE})\s*"
    rf"(?:(?P<n1>[^\"“”]{{1,80}}?)\s+{_VERB}\b|{_VERB}\s+(?P<n2>{_NAME}))"
    rf"|(?P<n3>{_NAME})\s+{_VERB}\b[^\"“”]{{0,80}}?(?P<q2>{_OPEN}[^\"“”]+(?:{_CLOSE}|$))"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``; blank stretches are dropped.

    A closing quote after the terminator belongs to the sentence it closes. Empty text -> [].
    """
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.end("close") if m.group("close") else m.start()
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def predict(text: str) -> list[polnear.Prediction]:
    """At most one :class:`polnear.Prediction` per sentence, from the first regex match."""
    preds = []
    for s, e in sentences(text):
        m = QUOTE_RE.search(text[s:e])
        if m is None:
            continue
        name = next(g for g in ("n1", "n2", "n3") if m.group(g) is not None)
        quote = "q1" if m.group("q1") is not None else "q2"
        preds.append(
            polnear.Prediction(
                speaker_start=s + m.start(name),
                speaker_end=s + m.end(name),
                speaker=m.group(name).strip(),
                content_start=s + m.start(quote),
                content_end=s + m.end(quote),
                direct=True,
            )
        )
    return preds


def main(argv: list[str] | None = None) -> int:
    """Score the baseline; print the result line (or the skip line) and return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=polnear.DEV_ROOT)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses and errors")
    args = parser.parse_args(argv)
    absent = polnear.missing_data(args.root)
    if absent is not None:
        print(f"skipped: {absent} not found ({polnear.SKIP_HINT})")
        return 0
    docs = polnear.load_documents(args.root)
    result = polnear.score(docs, predict)
    print(result.summary())
    if args.misses:
        texts = {d.doc_id: d.text for d in docs}
        shown = 0
        for doc_id, golds in result.misses.items():
            for g in golds:
                if shown < args.misses:
                    src = g.source.text if g.source else None
                    cue = g.cue.text if g.cue else None
                    body = g.content.text[:100] if g.content else None
                    print(f"MISS {doc_id} {g.rel_id} [{src}] [{cue}] {body!r}")
                    shown += 1
        shown = 0
        for doc_id, preds in result.false_positives.items():
            for p in preds:
                if shown < args.misses:
                    body = texts[doc_id][p.content_start : p.content_end][:100]
                    print(f"WRONG {doc_id} [{p.speaker}] {body!r}")
                    shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
