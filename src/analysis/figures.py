"""One function per figure. Each returns ``(figure, data)``; :func:`save` writes both.

Figures are matplotlib, with titles that state the finding, labelled axes with units, one colour
per side and per outlet (see :mod:`analysis.colors`). PNGs are byte-stable: fixed size and dpi,
no timestamp or software metadata, and the data behind each figure is saved next to it as CSV.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from . import atomic
from .html import esc

DPI = 110
WIDTH = 7.0
plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "framing-analysis",
    }
)


def png_bytes(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes without metadata that would change between runs."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches=None)
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


def _height(n_rows: int) -> float:
    return max(2.2, min(0.38 * n_rows + 1.3, 14.0))


def tone_by_outlet(
    summary: pd.DataFrame, colors: dict[str, str], title: str
) -> tuple[plt.Figure, pd.DataFrame]:
    """Horizontal bars of mean TextBlob polarity per outlet (sentence-level, content only).

    ``summary`` needs ``outlet``, ``mean_polarity`` and ``n_sentences``; rows are drawn in the
    given order, top to bottom.
    """
    data = summary[["outlet", "n_sentences", "mean_polarity"]].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, _height(len(data))))
    y = range(len(data))[::-1]
    ax.barh(
        list(y), data["mean_polarity"], color=[colors.get(o, "#999999") for o in data["outlet"]]
    )
    ax.set_yticks(list(y), data["outlet"])
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("Mean TextBlob polarity per sentence (-1 negative … +1 positive)")
    ax.set_title(title, loc="left", wrap=True)
    fig.tight_layout()
    return fig, data
