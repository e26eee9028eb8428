"""Score the pipeline against the project's hand coding (``tests/fixtures/``).

Used by the test suite (which fails below the accuracy targets) and by the benchmark scripts
that record the figures the report shows. The hand-coded attribution fixture names each
attribution by a unique "anchor" phrase inside its content; a prediction matches a gold row of
the same article and speaker whose anchor its content overlaps (one to one).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from . import config

FIXTURES = config.PROJ_ROOT / "tests" / "fixtures"
GOLD = FIXTURES / "attributions_gold.csv"
FRAMING_GOLD = FIXTURES / "framing_gold.yaml"


@dataclass
class GoldRow:
    article: str
    speaker: str
    side: str
    kind: str
    platform: str
    via: str
    anchor: tuple[int, int]
    note: str


@dataclass
class Match:
    gold: list[GoldRow] = field(default_factory=list)
    pairs: list[tuple[GoldRow, dict]] = field(default_factory=list)
    missed: list[GoldRow] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = len(self.pairs) + len(self.spurious)
        return len(self.pairs) / n if n else 0.0

    @property
    def recall(self) -> float:
        return len(self.pairs) / len(self.gold) if self.gold else 0.0

    def accuracy(self, field_name: str) -> float:
        if not self.pairs:
            return 0.0
        key = {"side": "speaker_side"}.get(field_name, field_name)
        return sum(getattr(g, field_name) == p[key] for g, p in self.pairs) / len(self.pairs)

    def report(self) -> str:
        lines = [
            f"speaker P={self.precision:.3f} R={self.recall:.3f} "
            f"platform_acc={self.accuracy('platform'):.3f} kind_acc={self.accuracy('kind'):.3f} "
            f"side_acc={self.accuracy('side'):.3f}"
        ]
        for g in self.missed:
            lines.append(f"  MISSED {g.article} {g.speaker} ({g.kind}, {g.platform}): {g.note}")
        for p in self.spurious:
            lines.append(
                f"  SPURIOUS {p['article_id'][:3]} {p['speaker']} [{p['construction']}]: {p['quote'][:70]!r}"
            )
        for g, p in self.pairs:
            wrong = [
                f"{f}: gold {getattr(g, f)!r} got {p[{'side': 'speaker_side'}.get(f, f)]!r}"
                for f in ("platform", "kind", "side")
                if getattr(g, f) != p[{"side": "speaker_side"}.get(f, f)]
            ]
            if wrong:
                lines.append(f"  WRONG {g.article} {g.speaker}: {'; '.join(wrong)} — {g.note}")
        return "\n".join(lines)


def load_gold(texts: dict[str, str], path: Path = GOLD) -> list[GoldRow]:
    """Gold rows with the anchor located in the article text (each anchor is unique)."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = texts[row["article"]]
            position = text.index(row["content_anchor"])
            rows.append(
                GoldRow(
                    row["article"],
                    row["speaker"],
                    row["speaker_side"],
                    row["kind"],
                    row["platform"],
                    row["via"],
                    (position, position + len(row["content_anchor"])),
                    row["note"],
                )
            )
    return rows


def match(gold: list[GoldRow], predicted: list[dict]) -> Match:
    """One-to-one: a prediction matches a gold row of the same article and speaker whose anchor
    its content overlaps; the closest content start wins."""
    result = Match(gold=gold)
    used: set[int] = set()
    for g in gold:
        best = None
        for i, p in enumerate(predicted):
            if i in used or p["article_id"][:3] != g.article or p["speaker"] != g.speaker:
                continue
            if p["quote_start"] < g.anchor[1] and g.anchor[0] < p["quote_end"]:
                distance = abs(p["quote_start"] - g.anchor[0])
                if best is None or distance < best[0]:
                    best = (distance, i)
        if best is None:
            result.missed.append(g)
        else:
            used.add(best[1])
            result.pairs.append((g, predicted[best[1]]))
    result.spurious = [p for i, p in enumerate(predicted) if i not in used]
    return result
