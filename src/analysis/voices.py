"""Who each outlet quotes, how, and via which platform: aggregates of the attributions table.

Each function takes the attributions table (or its chunks) and returns counts per outlet; the
counts are additive, so a corpus processed in chunks gives the same table as one pass
(:func:`combine` re-sums chunk results and recomputes shares). Shares are of the outlet's
attributions (or attributed words: their content, quoted or reported); an outlet without
attributions has no rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .parse import count_words


def _counts(attributions: pd.DataFrame, keys: list[str], extra: dict | None = None) -> pd.DataFrame:
    if attributions.empty:
        return pd.DataFrame(columns=["outlet", *keys, "n_attributions"])
    grouped = attributions.groupby(["outlet", *keys], sort=True, dropna=False)
    out = grouped.size().reset_index(name="n_attributions")
    if extra:
        for name, column in extra.items():
            out[name] = grouped[column].sum().to_numpy()
    return out


def with_attributed_words(attributions: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with ``attributed_words``: words in each attribution's content
    (counted unless the table has them already)."""
    out = attributions.copy()
    if "attributed_words" not in out.columns:
        out["attributed_words"] = [count_words(q) for q in out["quote"]] if len(out) else []
    return out


def speakers_by_outlet(attributions: pd.DataFrame) -> pd.DataFrame:
    """Attributions and attributed words (content, quoted or reported) per outlet and speaker,
    with the speaker's side."""
    table = with_attributed_words(attributions)
    counts = _counts(table, ["speaker", "speaker_side"], {"attributed_words": "attributed_words"})
    for kind in ("direct", "indirect", "mixed", "embedded_post"):
        flag = (table["kind"] == kind).astype(int) if len(table) else []
        table[f"n_{kind}"] = flag
    if len(table):
        grouped = table.groupby(["outlet", "speaker", "speaker_side"], sort=True, dropna=False)
        for kind in ("direct", "indirect", "mixed", "embedded_post"):
            counts[f"n_{kind}"] = grouped[f"n_{kind}"].sum().to_numpy()
    return counts


def sides_by_outlet(attributions: pd.DataFrame) -> pd.DataFrame:
    """Attributions and attributed words (content, quoted or reported) per outlet and speaker side."""
    table = with_attributed_words(attributions)
    return _counts(table, ["speaker_side"], {"attributed_words": "attributed_words"})


def platforms_by_outlet(attributions: pd.DataFrame) -> pd.DataFrame:
    """Attributions per outlet and platform."""
    return _counts(attributions, ["platform"])


def kinds_by_outlet(attributions: pd.DataFrame) -> pd.DataFrame:
    """Attributions per outlet and kind (direct, indirect, mixed, embedded_post)."""
    return _counts(attributions, ["kind"])


def add_shares(counts: pd.DataFrame, of: str = "n_attributions", name: str = "share") -> pd.DataFrame:
    """``name`` = ``of`` / the outlet's total ``of`` (0 when the outlet's total is 0)."""
    out = counts.copy()
    totals = out.groupby("outlet")[of].transform("sum")
    out[name] = (out[of] / totals.where(totals != 0)).fillna(0.0).round(6)
    return out


def combine(parts: Sequence[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Re-sum chunk results on ``outlet`` + ``keys`` (counts are additive), sorted."""
    frames = [p for p in parts if len(p)]
    if not frames:
        return parts[0] if parts else pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    numeric = [c for c in table.columns if c not in ("outlet", *keys)]
    out = table.groupby(["outlet", *keys], sort=True, dropna=False)[numeric].sum().reset_index()
    return out


AGGREGATES = {
    # name: (function, group keys, share columns)
    "voices_speakers": (
        speakers_by_outlet,
        ["speaker", "speaker_side"],
        [("n_attributions", "share"), ("attributed_words", "attributed_words_share")],
    ),
    "voices_sides": (
        sides_by_outlet,
        ["speaker_side"],
        [("n_attributions", "share"), ("attributed_words", "attributed_words_share")],
    ),
    "voices_platforms": (platforms_by_outlet, ["platform"], [("n_attributions", "share")]),
    "voices_kinds": (kinds_by_outlet, ["kind"], [("n_attributions", "share")]),
}


def finish(name: str, parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """The aggregate ``name`` from its chunk parts, with shares added."""
    _, keys, shares = AGGREGATES[name]
    table = combine(parts, keys)
    for of, share in shares:
        if of in table.columns and len(table):
            table = add_shares(table, of, share)
    return table
