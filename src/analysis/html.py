"""Small HTML builders for the report. Every piece of text passes through :func:`esc`.

Article text is untrusted input: an article containing ``<script>`` must show as text. These
functions escape every value they are given; callers never concatenate raw text into HTML.
"""

from __future__ import annotations

import html as _html
import numbers
from collections.abc import Iterable, Sequence

import pandas as pd


def esc(value: object) -> str:
    """HTML-escape ``value`` (quotes included); None and NaN become an empty string."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _html.escape(str(value), quote=True)


def _cell(value: object, float_format: str) -> tuple[str, bool]:
    if isinstance(value, bool):
        return esc(value), False
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}", True
    if isinstance(value, numbers.Real):
        if value != value:
            return "–", True
        return esc(format(float(value), float_format)), True
    return esc(value), False


# Readable headers for the derived tables' column names; the name itself stays in each header's
# tooltip (``title``), so a reader can find the column in the CSV.
COLUMN_LABELS = {
    "n_segments": "segments",
    "n_words": "words",
    "n_sentences": "sentences",
    "n_mentions": "mentions",
    "n_attributions": "statements",
    "n_articles": "articles",
    "n_outlets": "outlets",
    "n_direct": "direct",
    "n_indirect": "indirect",
    "n_mixed": "mixed",
    "n_embedded_post": "embedded posts",
    "n_positive": "positive",
    "n_neutral": "neutral",
    "n_negative": "negative",
    "mean_polarity": "mean TextBlob polarity (−1…1)",
    "median_polarity": "median TextBlob polarity",
    "sd_polarity": "SD of polarity",
    "p10_polarity": "10th percentile",
    "p90_polarity": "90th percentile",
    "mean_subjectivity": "mean subjectivity (0…1)",
    "mean_vader": "mean VADER (−1…1)",
    "share_zero": "share scoring 0",
    "share_negative": "share negative",
    "share_neutral": "share neutral",
    "share_positive": "share positive",
    "mean_score": "mean tone score (−1…1)",
    "attributed_words": "attributed words (quoted or reported)",
    "attributed_words_share": "share of attributed words",
    "narration_words": "narration words",
    "reported_words": "reported-speech words",
    "quoted_words": "direct-quote words",
    "own_words": "own words (narration + reported)",
    "hedges_in_narration": "hedges in narration",
    "hedges_in_reported": "hedges in reported speech",
    "hedges_in_quotes": "hedges in direct quotes",
    "hedges_in_own_words": "hedges in own words",
    "hedges_per_1000_own_words": "hedges per 1,000 own words",
    "spearman_rho": "Spearman ρ",
    "shared_passages": "shared passages",
    "speaker_side": "side",
    "attributions_claiming_fall": "statements claiming",
    "attributions_denying_fall": "statements denying",
    "sentences_asserting_fall": "sentences asserting",
}


def table(
    frame: pd.DataFrame,
    float_format: str = ".2f",
    caption: str | None = None,
    max_rows: int | None = None,
) -> str:
    """An escaped HTML table of ``frame`` (index left out; numbers right-aligned). Known column
    names get a readable header (:data:`COLUMN_LABELS`), with the name as its tooltip.

    ``max_rows`` keeps the first rows and says how many were left out. An empty frame gives a
    short "no rows" note instead of an empty table.
    """
    if frame.empty:
        return '<p class="small">No rows.</p>'
    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(
        f'<th title="{esc(c)}">{esc(COLUMN_LABELS[c])}</th>' if c in COLUMN_LABELS else f"<th>{esc(c)}</th>"
        for c in shown.columns
    )
    body = []
    for row in shown.itertuples(index=False):
        cells = []
        for value in row:
            text, numeric = _cell(value, float_format)
            cells.append(f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    note = ""
    if max_rows is not None and len(frame) > max_rows:
        note = f'<p class="small">{len(frame) - max_rows:,} more rows in the CSV.</p>'
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{note}"


def details(summary: str, inner_html: str, open_: bool = False) -> str:
    """A collapsible block; ``summary`` is escaped, ``inner_html`` must already be HTML."""
    flag = " open" if open_ else ""
    return f"<details{flag}><summary>{esc(summary)}</summary><div>{inner_html}</div></details>"


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap each ``(start, end, css_class)`` span in ``<mark>``.

    Spans are offsets into ``text``; overlapping spans are clipped so the first one wins.
    """
    out = []
    cursor = 0
    for start, end, css in sorted(spans):
        start = max(start, cursor)
        end = min(end, len(text))
        if start >= end:
            continue
        out.append(esc(text[cursor:start]))
        out.append(f'<mark class="{esc(css)}">{esc(text[start:end])}</mark>')
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


# The most characters of one sentence, quote or evidence string the report shows. A corpus can
# hold a "sentence" of hundreds of thousands of characters (a page with no full stop); shown whole
# in every list that cites it, it would make the report megabytes long.
EXCERPT_CHARS = 600


def _window(length: int, focus: int, limit: int) -> tuple[int, int]:
    """The ``[start, end)`` of ``limit`` characters out of ``length`` that holds ``focus``, with
    up to a quarter of ``limit`` before it; pushed back from the end so it stays ``limit`` long."""
    end = min(length, max(0, focus - limit // 4) + limit)
    return max(0, end - limit), end


def excerpt(text: object, spans: Sequence[tuple[int, int, str]] = (), limit: int = EXCERPT_CHARS) -> str:
    """``text`` as escaped HTML with ``spans`` marked (as :func:`highlight`), at most ``limit``
    characters of it.

    A longer text is cut to a window of ``limit`` characters around the first span (from the
    start when there is none), "…" stands where text was left out, and a note says the text was
    shortened and how long it is (the full text is in the CSV). A span running past the window is
    marked up to its edge. The text is cut before it is escaped, so no entity is split. None and
    NaN give an empty string.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    if len(text) <= limit:
        return highlight(text, spans)
    focus = min((start for start, _, _ in spans), default=0)
    start, end = _window(len(text), max(0, focus), limit)
    marked = highlight(text[start:end], [(s - start, e - start, css) for s, e, css in spans])
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) else ""
    note = f"shortened: {limit:,} of {len(text):,} characters shown; the full text is in the CSV"
    return f'{before}{marked}{after} <span class="small truncated" title="{esc(note)}">[{esc(note)}]</span>'


def evidence_list(rows: pd.DataFrame, limit: int = 50) -> str:
    """A list of evidence sentences: text (cut to :data:`EXCERPT_CHARS`, see :func:`excerpt`) plus
    ``outlet · article_id [start:end]`` reference.

    ``rows`` needs ``text``, ``outlet``, ``article_id``, ``start`` and ``end`` columns; only the
    first ``limit`` rows are shown, with a note saying how many were left out.
    """
    if rows.empty:
        return '<p class="small">No evidence sentences.</p>'
    items = []
    for row in rows.head(limit).itertuples(index=False):
        ref = f"{row.outlet} · {row.article_id} [{int(row.start)}:{int(row.end)}]"
        items.append(f'<li>{excerpt(row.text)}<span class="ref">{esc(ref)}</span></li>')
    more = ""
    if len(rows) > limit:
        more = f'<p class="small">{len(rows) - limit:,} more in the table.</p>'
    return f'<ul class="evidence">{"".join(items)}</ul>{more}'


def paragraphs(texts: Iterable[str]) -> str:
    """Escaped ``<p>`` elements, one per text."""
    return "".join(f"<p>{esc(t)}</p>" for t in texts)


def show(fragment: str) -> None:
    """Display an HTML fragment in a notebook (the report's cells are one call each)."""
    from IPython.display import HTML, display

    display(HTML(fragment))
