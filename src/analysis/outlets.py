"""Rank outlets and fold the long tail into ``other`` so a report stays readable at 50 outlets."""

from __future__ import annotations

import pandas as pd

from .colors import OTHER


def rank_outlets(articles: pd.DataFrame) -> list[str]:
    """Outlets by number of articles (most first), ties broken by name."""
    counts = articles.groupby("outlet").size().reset_index(name="n")
    counts = counts.sort_values(["n", "outlet"], ascending=[False, True])
    return counts["outlet"].tolist()


def top_outlets(articles: pd.DataFrame, n: int) -> dict[str, str]:
    """Map every outlet to itself if it is among the top ``n``, else to ``other``.

    With ``n`` at least the number of outlets nothing is folded. ``n < 1`` keeps one outlet.
    """
    ranked = rank_outlets(articles)
    keep = set(ranked[: max(1, n)])
    return {o: (o if o in keep else OTHER) for o in ranked}


def fold_outlets(frame: pd.DataFrame, mapping: dict[str, str], column: str = "outlet") -> pd.DataFrame:
    """A copy of ``frame`` with ``column`` mapped through ``mapping`` (unknown outlets -> other)."""
    out = frame.copy()
    out[column] = out[column].map(lambda o: mapping.get(o, OTHER))
    return out


def outlet_order(mapping: dict[str, str]) -> list[str]:
    """Display order: kept outlets in rank order, then ``other`` if anything was folded."""
    order = list(dict.fromkeys(v for v in mapping.values() if v != OTHER))
    if OTHER in mapping.values():
        order.append(OTHER)
    return order
