"""One function per figure. Each returns ``(figure, data)``; :func:`save` writes both.

Figures are matplotlib, with titles that state the finding (the caller writes them from the data),
labelled axes with units, one colour per side and per outlet (:mod:`analysis.colors`). Tables
passed in are already folded to the top outlets plus one group of the rest ("40 other outlets",
:mod:`analysis.outlets`), so a figure stays readable with 5 or 50 outlets. PNGs are byte-stable:
fixed size and dpi, no timestamp or software metadata; the data behind each figure is saved next
to it as CSV.
"""

from __future__ import annotations

import base64
import contextlib
import io
import textwrap
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from . import atomic
from .colors import GREY
from .html import esc

DPI = 110
WIDTH = 7.2
SEQUENTIAL = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
KIND_COLOURS = {
    "direct": "#0072B2",
    "mixed": "#56B4E9",
    "indirect": "#E69F00",
    "embedded_post": "#CC79A7",
}
PLATFORM_PALETTE = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#882255",
)
plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "svg.hashsalt": "framing-analysis",
        # Outlet, actor and side names are shown as written: a "$" in one is not TeX markup.
        "text.parse_math": False,
    }
)


@contextlib.contextmanager
def missing_glyphs_quiet() -> Iterator[None]:
    """Within the block, matplotlib's "Glyph N missing from font(s) DejaVu Sans" warnings are
    dropped. Names in scripts DejaVu Sans lacks (Chinese, Devanagari, Thai, emoji …) are drawn
    as empty boxes either way; the warning only reached the report as notebook stderr. Other
    warnings pass."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


def png_bytes(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes without metadata that would change between runs (drawing it warns
    of no missing glyph: :func:`missing_glyphs_quiet`)."""
    buffer = io.BytesIO()
    with missing_glyphs_quiet():
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def save(fig: plt.Figure, data: pd.DataFrame, name: str, figures_dir: Path, alt: str) -> str:
    """Write ``name.png`` and ``name.csv`` into ``figures_dir``; return an inline ``<figure>``.

    The HTML embeds the same PNG bytes as the file (base64), so the report needs no network and
    no side files; the caption names the CSV with the data behind the figure.
    """
    png = png_bytes(fig)
    plt.close(fig)
    figures_dir = Path(figures_dir)
    atomic.write_bytes(figures_dir / f"{name}.png", png)
    atomic.write_csv(figures_dir / f"{name}.csv", data)
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{encoded}" />'
        f'<figcaption class="small">Data: figures/{esc(name)}.csv</figcaption></figure>'
    )


# Tick labels are names as written (outlets, events, labels), so they can be any length. They are
# wrapped and, past a few lines, cut with "…": a long name must not overlap its neighbours or
# squeeze the plot away. Each figure's table and CSV give the names whole.
OUTLET_TICK = (28, 2)  # outlets on a bar chart's y axis: characters per line, lines
COLUMN_TICK = (14, 3)  # outlets under a matrix's columns
COLUMN_TICK_TURNED = (24, 1)  # the same, turned upright when the wrapped names would overlap
ROW_TICK = (45, 2)  # a matrix's rows (events, labels)
ROW_TICK_TIGHT = (45, 1)  # the same, on one line when two-line names would overlap


def tick_label(name: object, width: int, lines: int) -> str:
    """``name`` wrapped at ``width`` characters (words longer than that are broken), at most
    ``lines`` lines; a longer name keeps its first ``lines`` lines, the last cut to end in "…".

    The same name always gives the same label; a name that fits is only wrapped (runs of
    whitespace become one space). An empty name gives an empty label.
    """
    wrapped = textwrap.wrap(str(name), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def _tick_labels(names: Sequence[object], shape: tuple[int, int]) -> list[str]:
    return [tick_label(n, *shape) for n in names]


def _labels_overlap(fig: plt.Figure, labels: Sequence[matplotlib.text.Text]) -> bool:
    """Whether any two of ``labels`` overlap once ``fig`` is laid out (drawn on its canvas)."""
    with missing_glyphs_quiet():
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels if t.get_text()]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _title(ax: plt.Axes, title: str) -> None:
    """The finding as a figure-level title from the left edge (never clipped by long labels)."""
    ax.figure.suptitle("\n".join(textwrap.wrap(title, 80)), x=0.01, ha="left", fontsize=10, fontweight="bold")


def _height(n_rows: int, base: float = 1.6, per_row: float = 0.42) -> float:
    return max(2.4, min(base + per_row * n_rows, 16.0))


def _empty(title: str, message: str) -> tuple[plt.Figure, pd.DataFrame]:
    fig, ax = plt.subplots(figsize=(WIDTH, 2.0), layout="constrained")
    ax.axis("off")
    ax.text(0.0, 0.5, message, fontsize=10, color="#555555")
    _title(ax, title)
    return fig, pd.DataFrame({"note": [message]})


# How each voice's bar is drawn in :func:`tone_by_voice`: (voice, legend text, hatch).
VOICE_BARS = (
    ("narration", "outlet's narration (solid)", None),
    ("reported", "reported speech (dotted)", "...."),
    ("quoted", "direct quotes and posts (hatched)", "///"),
)


def _hatch_ink(color: str) -> str:
    """A hatch colour that shows on ``color``: near-black on light fills, white on dark ones."""
    r, g, b = matplotlib.colors.to_rgb(color)
    return "#222222" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def tone_by_voice(
    table: pd.DataFrame, outlets: Sequence[str], colors: Mapping[str, str], title: str
) -> tuple[plt.Figure, pd.DataFrame]:
    """Word-weighted mean polarity of each outlet's narration (solid), reported speech (dotted)
    and direct quotes (hatched). ``table``: outlet, voice, mean_polarity, n_words. A voice an
    outlet does not use has no bar (not a bar at 0)."""
    if table.empty:
        return _empty(title, "No scored sentences.")
    data = table[table["outlet"].isin(outlets)][["outlet", "voice", "n_words", "mean_polarity"]]
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(outlets), per_row=0.75)), layout="constrained")
    y = np.arange(len(outlets))[::-1]
    height = 0.27
    for k, (voice, _, hatch) in enumerate(VOICE_BARS):
        rows = data[data["voice"] == voice].set_index("outlet")["mean_polarity"]
        present = [i for i, o in enumerate(outlets) if o in rows.index]
        ax.barh(
            y[present] + (1 - k) * height,
            [rows[outlets[i]] for i in present],
            height=height * 0.95,
            color=[colors.get(outlets[i], GREY) for i in present],
            hatch=hatch,
            edgecolor=[
                "white" if hatch is None else _hatch_ink(colors.get(outlets[i], GREY)) for i in present
            ],
            linewidth=0.4,
        )
    ax.set_yticks(y, _tick_labels(outlets, OUTLET_TICK))
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("Mean TextBlob polarity, weighted by words (−1 negative … +1 positive)")
    # Neutral swatches: the legend keys the fill pattern, not an outlet (colours are outlets).
    swatches = [
        Patch(facecolor=GREY, edgecolor="white" if hatch is None else "#333333", hatch=hatch, label=label)
        for _, label, hatch in VOICE_BARS
    ]
    fig.legend(handles=swatches, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    _title(ax, title)
    return fig, data.reset_index(drop=True)


def tone_towards_sides(
    table: pd.DataFrame,
    outlets: Sequence[str],
    sides: Sequence[str],
    side_colors: Mapping[str, str],
    side_labels: Mapping[str, str],
    title: str,
) -> tuple[plt.Figure, pd.DataFrame]:
    """Mean target-tone score towards each side, per outlet (dots on a shared axis).
    ``table``: outlet, side, mean_score, n_mentions (all voices)."""
    data = table[table["outlet"].isin(outlets) & table["side"].isin(sides)][
        ["outlet", "side", "n_mentions", "mean_score"]
    ]
    if data.empty:
        return _empty(title, "No mention of any codebook actor.")
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(outlets), per_row=0.5)), layout="constrained")
    y = {o: i for i, o in enumerate(reversed(list(outlets)))}
    ax.axvline(0, color="#444444", linewidth=0.8)
    for k, side in enumerate(sides):
        rows = data[data["side"] == side]
        offsets = (k - (len(sides) - 1) / 2) * 0.14
        ax.scatter(
            rows["mean_score"],
            [y[o] + offsets for o in rows["outlet"]],
            s=[18 + 6 * min(n, 30) for n in rows["n_mentions"]],
            color=side_colors.get(side, GREY),
            label=side_labels.get(side, side),
            edgecolor="white",
            linewidth=0.5,
            zorder=3,
        )
    ax.set_yticks(list(y.values()), _tick_labels(list(y.keys()), OUTLET_TICK))
    ax.set_xlim(-1, 1)
    ax.set_xlabel("Mean tone towards the side's actors (−1 negative … +1 positive); dot size: mentions")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    _title(ax, title)
    return fig, data.reset_index(drop=True)


def stacked_shares(
    table: pd.DataFrame,
    outlets: Sequence[str],
    category: str,
    value: str,
    order: Sequence[str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    xlabel: str,
    title: str,
) -> tuple[plt.Figure, pd.DataFrame]:
    """Horizontal 100% bars: the share of ``value`` in each ``category`` per outlet."""
    data = table[table["outlet"].isin(outlets)][["outlet", category, value]].copy()
    if data.empty or data[value].sum() == 0:
        return _empty(title, "Nothing to show.")
    totals = data.groupby("outlet")[value].transform("sum")
    data["share"] = (data[value] / totals.where(totals != 0)).fillna(0).round(6)
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(outlets))), layout="constrained")
    y = np.arange(len(outlets))[::-1]
    left = np.zeros(len(outlets))
    for item in order:
        shares = np.array(
            [data.loc[(data["outlet"] == o) & (data[category] == item), "share"].sum() for o in outlets]
        )
        if shares.sum() == 0:
            continue
        ax.barh(
            y,
            shares,
            left=left,
            color=colors.get(item, GREY),
            label=labels.get(item, item),
            edgecolor="white",
            linewidth=0.5,
        )
        left += shares
    ax.set_yticks(y, _tick_labels(outlets, OUTLET_TICK))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    _title(ax, title)
    return fig, data.reset_index(drop=True)


def bars_by_outlet(
    table: pd.DataFrame,
    outlets: Sequence[str],
    value: str,
    colors: Mapping[str, str],
    xlabel: str,
    title: str,
) -> tuple[plt.Figure, pd.DataFrame]:
    """One horizontal bar per outlet (outlet colours)."""
    data = table[table["outlet"].isin(outlets)][["outlet", value]].reset_index(drop=True)
    if data.empty:
        return _empty(title, "Nothing to show.")
    values = [data.loc[data["outlet"] == o, value].sum() for o in outlets]
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(outlets))), layout="constrained")
    y = np.arange(len(outlets))[::-1]
    ax.barh(y, values, color=[colors.get(o, GREY) for o in outlets])
    ax.set_yticks(y, _tick_labels(outlets, OUTLET_TICK))
    ax.set_xlabel(xlabel)
    _title(ax, title)
    return fig, data


def claims_and_denials(
    table: pd.DataFrame,
    outlets: Sequence[str],
    side_colors: Mapping[str, str],
    claim_side: str,
    deny_side: str,
    title: str,
) -> tuple[plt.Figure, pd.DataFrame]:
    """Attributions claiming the central claim (left) and denying it (right), per outlet; the
    caller's title names the claim."""
    data = table[table["outlet"].isin(outlets)][
        [
            "outlet",
            "attributions_claiming_fall",
            "attributions_denying_fall",
            "sentences_asserting_fall",
        ]
    ].reset_index(drop=True)
    if data.empty:
        return _empty(title, "No claim or denial found.")
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(outlets))), layout="constrained")
    y = np.arange(len(outlets))[::-1]
    claims = [int(data.loc[data["outlet"] == o, "attributions_claiming_fall"].sum()) for o in outlets]
    denials = [int(data.loc[data["outlet"] == o, "attributions_denying_fall"].sum()) for o in outlets]
    ax.barh(y, [-c for c in claims], color=side_colors.get(claim_side, GREY), label="claims it")
    ax.barh(y, denials, color=side_colors.get(deny_side, GREY), label="denies it")
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(y, _tick_labels(outlets, OUTLET_TICK))
    limit = max([*claims, *denials, 1]) + 1
    ax.set_xlim(-limit, limit)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(int(v))}"))
    ax.set_xlabel("Attributions (count): claiming it ← | → denying it")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    _title(ax, title)
    return fig, data


def presence_matrix(
    table: pd.DataFrame,
    rows: Sequence[str],
    columns: Sequence[str],
    row_key: str,
    column_key: str,
    value: str,
    row_labels: Mapping[str, str] | None,
    xlabel: str,
    title: str,
    binary: bool = False,
) -> tuple[plt.Figure, pd.DataFrame]:
    """A matrix (heat map) of ``value`` for ``rows`` x ``columns`` with the value in each cell.

    Column names are wrapped under their column and row names beside their row, shortened as
    :func:`tick_label` says; when wrapped column names would overlap (many or long names), they
    are turned upright on one line, and overlapping row names go on one line."""
    if not len(rows) or not len(columns):
        return _empty(title, "Nothing to show.")
    grid = np.zeros((len(rows), len(columns)))
    lookup = {(r, c): v for r, c, v in zip(table[row_key], table[column_key], table[value], strict=True)}
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            grid[i, j] = lookup.get((r, c), 0)
    height = max(2.6, min(1.4 + 0.34 * len(rows), 16))
    width = max(WIDTH, min(2.6 + 0.55 * len(columns), 14))
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    cmap = matplotlib.colors.ListedColormap(["#f2f2f2", "#0072B2"]) if binary else "Blues"
    ax.imshow(grid, aspect="auto", cmap=cmap, vmin=0, vmax=1 if binary else max(1, grid.max()))
    for i in range(len(rows)):
        for j in range(len(columns)):
            if grid[i, j]:
                text = "✓" if binary else f"{int(grid[i, j])}"
                strong = binary or grid[i, j] > grid.max() / 2
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if strong else "#222222",
                )
    row_names = [row_labels.get(r, r) if row_labels else r for r in rows]
    ax.set_xticks(range(len(columns)), _tick_labels(columns, COLUMN_TICK), rotation=0, fontsize=7.5)
    ax.set_yticks(range(len(rows)), _tick_labels(row_names, ROW_TICK), fontsize=8)
    ax.set_xlabel(xlabel)
    ax.spines[:].set_visible(False)
    _title(ax, title)
    _fit_matrix_ticks(fig, ax, columns, row_names)
    data = pd.DataFrame(
        [(r, c, lookup.get((r, c), 0)) for r in rows for c in columns],
        columns=[row_key, column_key, value],
    )
    return fig, data


def _fit_matrix_ticks(fig: plt.Figure, ax: plt.Axes, columns: Sequence[str], rows: Sequence[str]) -> None:
    """Shorter tick labels for a matrix whose wrapped labels overlap once laid out: columns
    turned upright on one line (:data:`COLUMN_TICK_TURNED`), rows on one line."""
    if _labels_overlap(fig, ax.get_xticklabels()):
        turned = _tick_labels(columns, COLUMN_TICK_TURNED)
        ax.set_xticks(range(len(columns)), turned, rotation=90, fontsize=7.5)
    if _labels_overlap(fig, ax.get_yticklabels()):
        ax.set_yticks(range(len(rows)), _tick_labels(rows, ROW_TICK_TIGHT), fontsize=8)
