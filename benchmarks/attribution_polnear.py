"""Score the attribution extractor on the PolNeAR dev split (text nobody on the project wrote).

    python benchmarks/attribution_polnear.py [--misses N] [--codebook PATH]

Prints ``source_f1=… P=… R=… direct_R=…`` with the metric of ``../shared/benchmarks/README.md``
as implemented in ``benchmarks/polnear.py``: recall over sourced attributions whose cue is a
reporting verb, 'according to' or a colon; precision over every extracted attribution, right when
it overlaps the content of a sourced attribution and names its source. Writes
``benchmarks/results/attribution_polnear.json``. Only the dev split is used (rules were never
tuned on anything else). Skips with one line when the data is absent.
"""

from __future__ import annotations

import argparse

import polnear
from _common import shared, skip_if_missing, write_results

from analysis import config
from analysis.attribution import DIRECT, extract_text
from analysis.codebook import load_codebook

REFERENCE_BASELINE_F1 = 0.53
TARGET_F1, TARGET_P = 0.80, 0.85


def predictor(codebook):
    def predict(text: str) -> list[polnear.Prediction]:
        out = []
        for a in extract_text(text, codebook):
            has_span = a.speaker.end > a.speaker.start
            out.append(
                polnear.Prediction(
                    speaker_start=a.speaker.start if has_span else None,
                    speaker_end=a.speaker.end if has_span else None,
                    speaker=a.speaker.name,
                    content_start=a.content[0],
                    content_end=a.content[1],
                    direct=a.kind == DIRECT,
                )
            )
        return out

    return predict


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses and N false positives")
    parser.add_argument("--codebook", default=str(config.DEFAULT_CODEBOOK))
    args = parser.parse_args()
    root = shared("polnear", "dev")
    skip_if_missing(root / "text", "the PolNeAR dev split")
    skip_if_missing(shared("verb_lists"), "the reporting-verb lists")
    documents = polnear.load_documents(root)
    codebook = load_codebook(args.codebook)
    scores = polnear.score(documents, predictor(codebook))
    print(
        f"source_f1={scores.source_f1:.3f} P={scores.precision:.3f} R={scores.recall:.3f} "
        f"direct_R={scores.direct_recall:.3f}"
    )
    print(
        f"documents={scores.n_documents} eligible={scores.n_eligible} "
        f"predictions={scores.n_predictions} right={scores.n_right} "
        f"(one-regex baseline {REFERENCE_BASELINE_F1}; target F1>={TARGET_F1}, P>={TARGET_P})"
    )
    if args.misses:
        shown = 0
        for doc_id, golds in sorted(scores.misses.items()):
            for g in golds:
                if shown >= args.misses:
                    break
                shown += 1
                src = g.source.text if g.source else ""
                cue = g.cue.text if g.cue else ""
                content = g.content.text[:90] if g.content else ""
                print(f"MISS {doc_id[:40]} | {src} | {cue} | {content}")
        shown = 0
        for doc_id, preds in sorted(scores.false_positives.items()):
            doc = next(d for d in documents if d.doc_id == doc_id)
            for p in preds:
                if shown >= args.misses:
                    break
                shown += 1
                content = doc.text[p.content_start : p.content_end][:90]
                print(f"FP   {doc_id[:40]} | {p.speaker} | {content!r}")
    write_results(
        "attribution_polnear",
        {
            "split": "dev",
            "documents": scores.n_documents,
            "eligible": scores.n_eligible,
            "predictions": scores.n_predictions,
            "source_f1": round(scores.source_f1, 4),
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "direct_recall": round(scores.direct_recall, 4),
            "reference_one_regex_baseline_f1": REFERENCE_BASELINE_F1,
            "target": {"source_f1": TARGET_F1, "precision": TARGET_P},
            "codebook": str(args.codebook).replace(str(config.PROJ_ROOT) + "/", ""),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
