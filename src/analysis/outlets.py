"""Rank outlets and fold the long tail into one group so a report stays readable at 50 outlets.

The group is named after what it holds ("40 other outlets"), never like a real outlet: a corpus
may well have an outlet called "other", and it must not be summed into the group.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd


def rank_outlets(articles: pd.DataFrame) -> list[str]:
    """Outlets by number of articles (most first), ties broken by name."""
    counts = articles.groupby("outlet").size().reset_index(name="n")
    counts = counts.sort_values(["n", "outlet"], ascending=[False, True])
    return counts["outlet"].tolist()


def group_label(outlets: Collection[str], n_grouped: int) -> str:
    """The name of the group of ``n_grouped`` outlets left out of the top N: "40 other outlets"
    ("1 other outlet"). When a real outlet in ``outlets`` has that name, " (grouped)" is added
    until the name is no outlet's, so the group and the outlet stay apart."""
    label = f"{n_grouped:,} other outlet{'s' if n_grouped != 1 else ''}"
    while label in outlets:
        label += " (grouped)"
    return label


def top_outlets(articles: pd.DataFrame, n: int) -> dict[str, str]:
    """Map every outlet to itself if it is among the top ``n``, else to the group
    (:func:`group_label`; every folded outlet maps to the same name).

    With ``n`` at least the number of outlets nothing is folded. ``n < 1`` keeps one outlet.
    """
    ranked = rank_outlets(articles)
    keep = max(1, n)
    group = group_label(set(ranked), max(0, len(ranked) - keep))
    return {o: (o if i < keep else group) for i, o in enumerate(ranked)}


def grouped(mapping: dict[str, str]) -> str | None:
    """The group's name in ``mapping`` (from :func:`top_outlets`), or None when nothing is folded."""
    return next((shown for outlet, shown in mapping.items() if shown != outlet), None)


def outlet_order(mapping: dict[str, str]) -> list[str]:
    """Display order: kept outlets in rank order, then the group if anything was folded."""
    group = grouped(mapping)
    kept = [outlet for outlet, shown in mapping.items() if shown == outlet]
    return kept if group is None else [*kept, group]
