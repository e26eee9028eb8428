"""What every report section needs: the tables, the codebook, colours, outlet folding, evidence."""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from .. import html
from ..codebook import Codebook, load_codebook
from ..colors import MAX_OUTLET_COLOURS, outlet_colors, side_colors
from ..derived import Derived
from ..outlets import group_label, grouped, outlet_order, rank_outlets, top_outlets
from ..params import resolve


@dataclass
class ReportContext:
    """Tables and settings of one report run (see :func:`open_report`)."""

    derived: Derived
    codebook: Codebook
    figures_dir: Path
    benchmark_dir: Path
    top_n: int = 10
    profile_slugs: dict[str, str] = field(default_factory=dict)
    _sentences_by_article: dict[str, tuple[list[int], pd.DataFrame]] = field(default_factory=dict, repr=False)

    # --- outlets ---------------------------------------------------------------------------

    @cached_property
    def ranked(self) -> list[str]:
        """Outlets by number of articles, most first."""
        return rank_outlets(self.derived.articles)

    @cached_property
    def mapping(self) -> dict[str, str]:
        """Outlet -> itself when among the top ``top_n``, else :attr:`other`."""
        return top_outlets(self.derived.articles, self.top_n)

    @cached_property
    def other(self) -> str:
        """The name of the group of outlets outside the top N ("40 other outlets"), never a real
        outlet's name; an outlet missing from ``articles.csv`` is counted in it too."""
        return grouped(self.mapping) or group_label(set(self.ranked), 0)

    @cached_property
    def n_grouped(self) -> int:
        """How many outlets are folded into :attr:`other` (0 when every outlet is shown)."""
        return sum(1 for outlet, shown in self.mapping.items() if shown != outlet)

    @cached_property
    def order(self) -> list[str]:
        """Display order of the (folded) outlets."""
        return outlet_order(self.mapping)

    @cached_property
    def outlet_colors(self) -> dict[str, str]:
        return outlet_colors([o for o in self.order if o != self.other])

    @cached_property
    def side_colors(self) -> dict[str, str]:
        return side_colors(list(self.codebook.sides))

    @property
    def n_outlets(self) -> int:
        return len(self.ranked)

    @property
    def one_article_per_outlet(self) -> bool:
        """Whether every outlet has exactly one article, so that comparing outlets compares
        single articles (False for an empty corpus)."""
        return self.n_outlets > 0 and len(self.derived.articles) == self.n_outlets

    @property
    def folded(self) -> bool:
        return self.other in self.order

    def folded_outlet(self, table: pd.DataFrame) -> pd.Series:
        """The outlet of each row of ``table``, or :attr:`other` when outside the top N."""
        return table["outlet"].map(lambda o: self.mapping.get(o, self.other))

    def fold(self, table: pd.DataFrame, keys: list[str], counts: list[str]) -> pd.DataFrame:
        """``table`` with outlets outside the top N summed into :attr:`other` over ``keys``."""
        if table.empty:
            return table
        out = table.assign(outlet=self.folded_outlet(table))
        return out.groupby(["outlet", *keys], sort=False, dropna=False)[counts].sum().reset_index()

    def side_label(self, side: str) -> str:
        return self.codebook.side_label(side)

    @cached_property
    def outlet_pairs_by_sharing(self) -> pd.DataFrame:
        """``wire_outlet_pairs``, the pairs sharing most passages first (ties by name)."""
        return self.derived.wire_outlet_pairs.sort_values(
            ["shared_passages", "outlet_a", "outlet_b"], ascending=[False, True, True]
        )

    # --- benchmark results -----------------------------------------------------------------

    def benchmark(self, name: str) -> dict[str, Any] | None:
        """``benchmarks/results/<name>.json``, or None when it was never measured."""
        path = self.benchmark_dir / f"{name}.json"
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    # --- evidence --------------------------------------------------------------------------

    def _article_sentences(self, article_id: str) -> tuple[list[int], pd.DataFrame]:
        """One article's sentences by start offset (read on demand, the last 512 kept)."""
        cached = self._sentences_by_article.get(article_id)
        if cached is None:
            group = self.derived.article_rows("sentences", article_id).sort_values("start", kind="stable")
            group = group.reset_index(drop=True)
            cached = (group["start"].tolist(), group)
            if len(self._sentences_by_article) >= 512:
                self._sentences_by_article.pop(next(iter(self._sentences_by_article)))
            self._sentences_by_article[article_id] = cached
        return cached

    def sentence_at(self, article_id: str, position: int) -> pd.Series | None:
        """The sentence of ``article_id`` containing character ``position``.

        Only that article's rows of ``sentences.csv`` are read, so evidence from an archive of
        millions of sentences costs what the shown sentences cost.
        """
        starts, group = self._article_sentences(article_id)
        i = bisect.bisect_right(starts, position) - 1
        if i < 0:
            return None
        row = group.iloc[i]
        return row if row["start"] <= position < row["end"] else None

    def evidence(
        self, rows: pd.DataFrame, limit: int = 40, label: str | None = None, total: int | None = None
    ) -> str:
        """A list of evidence sentences with the matched span marked.

        ``rows`` needs ``article_id``, ``outlet``, ``start`` and ``end`` (the evidence span);
        ``label`` names a column whose value prefixes each item (a speaker, a label …).
        ``total`` is how many rows there are when ``rows`` holds only the first of them (see
        :mod:`analysis.report.sampling`); the rows past ``limit`` are counted, not shown. A
        sentence or label longer than :data:`analysis.html.EXCERPT_CHARS` is cut around the
        span, saying so (:func:`analysis.html.excerpt`).
        """
        if rows.empty:
            return '<p class="small">No evidence.</p>'
        items = []
        for row in rows.head(limit).itertuples(index=False):
            start, end = int(row.start), int(row.end)
            sentence = self.sentence_at(row.article_id, start)
            if sentence is None:
                body = html.excerpt(self._article_text_slice(row.article_id, start, end))
            else:
                s0 = int(sentence["start"])
                body = html.excerpt(sentence["text"], [(start - s0, end - s0, "attr")])
                if end > int(sentence["end"]):
                    body += " …"
            prefix = f"<strong>{html.excerpt(getattr(row, label))}</strong>: " if label else ""
            ref = f"{row.outlet} · {row.article_id} [{start}:{end}]"
            items.append(f'<li>{prefix}{body}<span class="ref">{html.esc(ref)}</span></li>')
        more = ""
        total = len(rows) if total is None else total
        if total > limit:
            more = f'<p class="small">{total - limit:,} more in the table.</p>'
        return f'<ul class="evidence">{"".join(items)}</ul>{more}'

    def _article_text_slice(self, article_id: str, start: int, end: int) -> str:
        blocks = self.derived.article_rows("blocks", article_id)
        rows = blocks[(blocks["start"] <= start) & (blocks["end"] >= start)]
        if rows.empty:
            return ""
        block = rows.iloc[0]
        return block["text"][start - int(block["start"]) : end - int(block["start"])]


def open_report(
    derived_dir: str | Path,
    codebook: str | Path,
    figures_dir: str | Path,
    benchmark_results: str | Path,
    top_n_outlets: int = 10,
    profiles: Any = "auto",
) -> ReportContext:
    """The context a report notebook works with; relative paths are taken from the project root.

    ``top_n_outlets`` is capped at the number of distinct outlet colours (10); the other outlets
    are grouped as "N other outlets" in figures and tables. ``profiles`` is the run's profile setting
    ("auto", "all", "none" or a list of outlets): the report links the profiles it implies.
    """
    from ..render import profile_outlets
    from ..slugs import unique_slugs

    derived = resolve(derived_dir)
    return ReportContext(
        derived=Derived(derived),
        codebook=load_codebook(resolve(codebook)),
        figures_dir=resolve(figures_dir),
        benchmark_dir=resolve(benchmark_results),
        top_n=max(1, min(int(top_n_outlets), MAX_OUTLET_COLOURS)),
        profile_slugs=unique_slugs(profile_outlets(derived, profiles)),
    )
