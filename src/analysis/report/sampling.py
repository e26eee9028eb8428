"""Evidence picked from a table read in pieces: the first rows of each group, or its extremes.

The report shows a few dozen sentences per group (an outlet, a platform, an event) and the count
behind them. Loading a per-article table of an archive whole to pick them would make the
report's memory grow with the corpus, so these functions take the table as pieces in file order
(:meth:`analysis.derived.Derived.pieces`) and keep only rows that can still be shown. They give
what filtering, sorting and slicing the whole table would: rows keep their file order, and ties
in a sort are broken by it, as a stable sort of the whole table breaks them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

import pandas as pd

Rows = Callable[[pd.DataFrame], pd.Series]
_ORDER = "__file_order__"


@dataclass
class Group:
    """Rows of one group to show, how many rows the group has, and the outlets among them."""

    rows: pd.DataFrame
    count: int = 0
    outlets: set[str] = field(default_factory=set)


def _grouped(pieces: Iterable[pd.DataFrame], key: Rows | None, where: Rows | None):
    """(group, its rows in one piece) for every piece, in file order, each row numbered by its
    place in the table; ``key`` None puts every row in the group ``None``."""
    offset = 0
    for piece in pieces:
        size = len(piece)
        piece = piece.assign(**{_ORDER: range(offset, offset + size)})
        offset += size
        if where is not None and size:
            piece = piece[where(piece)]
        if not len(piece):
            continue
        if key is None:
            yield None, piece
        else:
            yield from piece.groupby(key(piece), sort=False)


def first_rows(
    pieces: Iterable[pd.DataFrame],
    limit: int,
    key: Rows | None = None,
    where: Rows | None = None,
) -> dict[Hashable, Group]:
    """Per value of ``key`` (one group when None): the first ``limit`` rows passing ``where``,
    in file order, and the group's row count and outlets. Groups with no rows are absent."""
    groups: dict[Hashable, Group] = {}
    for value, rows in _grouped(pieces, key, where):
        group = groups.setdefault(value, Group(rows=rows.iloc[0:0]))
        if len(group.rows) < limit:
            group.rows = pd.concat([group.rows, rows.head(limit - len(group.rows))], ignore_index=True)
        group.count += len(rows)
        group.outlets.update(rows["outlet"])
    for group in groups.values():
        group.rows = group.rows.drop(columns=[_ORDER])
    return groups


def extreme_rows(
    pieces: Iterable[pd.DataFrame],
    by: list[str],
    head: int,
    tail: int,
    key: Rows | None = None,
    where: Rows | None = None,
) -> dict[Hashable, Group]:
    """Per value of ``key`` (one group when None): the rows passing ``where`` that a stable
    ascending sort on ``by`` puts in the first ``head`` or the last ``tail`` places, in that
    sorted order (every row when the group has ``head + tail`` or fewer), with the group's row
    count and outlets."""
    groups: dict[Hashable, Group] = {}
    for value, rows in _grouped(pieces, key, where):
        group = groups.get(value)
        if group is None:
            group = groups[value] = Group(rows=rows.iloc[0:0])
        candidates = pd.concat([group.rows, rows], ignore_index=True).sort_values(
            [*by, _ORDER], kind="stable"
        )
        if len(candidates) > head + tail:
            candidates = pd.concat([candidates.head(head), candidates.tail(tail)])
        group.rows = candidates.reset_index(drop=True)
        group.count += len(rows)
        group.outlets.update(rows["outlet"])
    for group in groups.values():
        group.rows = group.rows.drop(columns=[_ORDER])
    return groups
