"""Report building blocks: each function turns derived tables into a small HTML fragment.

Notebooks call these one at a time under a markdown question, so a notebook reads like the
report and holds no logic of its own. Every fragment escapes the text it shows.
"""

from __future__ import annotations

import pandas as pd

from . import html
from .derived import Derived

CONFIDENCE_NOTE = {
    "confirmed": "confirmed from an archived copy",
    "likely": "inferred, not confirmed",
}


def corpus_table(derived: Derived) -> pd.DataFrame:
    """One row per article: outlet, country, type, date, length and how sure the outlet is."""
    a = derived.articles
    columns = {
        "article_id": "article",
        "outlet": "outlet",
        "outlet_country": "country",
        "outlet_type": "type",
        "published": "date",
        "n_words": "words",
        "outlet_confidence": "outlet identification",
    }
    return a[list(columns)].rename(columns=columns).sort_values(["outlet", "article"])


def confidence_html(derived: Derived) -> str:
    """The manifest's outlet-identification confidence with its evidence, one line per article.

    Articles whose outlet is not confirmed are listed first and marked, so a reader sees which
    comparisons rest on an inference.
    """
    a = derived.articles.copy()
    if "outlet_confidence" not in a or (a["outlet_confidence"] == "").all():
        return '<p class="small">The corpus gives no outlet-identification confidence.</p>'
    a["confirmed"] = a["outlet_confidence"].str.startswith("confirmed")
    a = a.sort_values(["confirmed", "article_id"])
    items = []
    for row in a.itertuples(index=False):
        css = "confidence-confirmed" if row.confirmed else "confidence-likely"
        evidence = getattr(row, "outlet_evidence", "")
        items.append(
            f'<li class="{css}"><strong>{html.esc(row.outlet)}</strong> '
            f"({html.esc(row.article_id)}): {html.esc(row.outlet_confidence)}"
            f'<span class="ref">{html.esc(evidence)}</span></li>'
        )
    return f'<ul class="evidence">{"".join(items)}</ul>'


def blocks_by_kind(derived: Derived) -> pd.DataFrame:
    """How many blocks of each kind the parser found in each article."""
    counts = derived.blocks.groupby(["article_id", "kind"]).size().unstack(fill_value=0)
    return counts.reset_index()


def title_html(book, derived: Derived) -> str:
    """The report's title and standfirst, from the codebook and the corpus size."""
    a = derived.articles
    n_outlets = a["outlet"].nunique()
    period = f" ({book.period})" if book.period else ""
    question = f"<p>{html.esc(book.question)}</p>" if book.question else ""
    return (
        f"<h1>{html.esc(book.title)}{html.esc(period)}: how {n_outlets} "
        f"outlet{'s' if n_outlets != 1 else ''} told it</h1>{question}"
        f'<p class="small">{len(a):,} article{"s" if len(a) != 1 else ""}, '
        f"{int(a['n_words'].sum()):,} words of article text, "
        f"{len(derived.sentence_tone):,} sentences scored.</p>"
    )


def tone_figure(derived: Derived, figures_dir, top_n: int) -> str:
    """Mean sentence polarity per outlet (top ``top_n`` outlets plus other), saved and inlined."""
    from . import colors, figures, outlets, sentiment

    mapping = outlets.top_outlets(derived.articles, top_n)
    tone = outlets.fold_outlets(derived.sentence_tone, mapping)
    summary = sentiment.tone_summary(tone, "outlet")
    order = outlets.outlet_order(mapping)
    summary = summary.set_index("outlet").loc[[o for o in order if o in set(summary["outlet"])]]
    summary = summary.reset_index()
    if summary.empty:
        return '<p class="small">No sentences to score.</p>'
    lowest = summary.loc[summary["mean_polarity"].idxmin()]
    share_zero = (derived.sentence_tone["polarity"] == 0).mean()
    title = (
        f"{lowest['outlet']} has the lowest mean tone ({lowest['mean_polarity']:+.2f}); "
        f"{share_zero:.0%} of all sentences score exactly 0"
    )
    fig, data = figures.tone_by_outlet(summary, colors.outlet_colors(order), title)
    return figures.save(fig, data, "tone_by_outlet", figures_dir, alt=title)


def reproduce_html(corpus, derived: Derived, parameters: dict) -> str:
    """Commit, parameters, package versions and input checksums, as escaped tables."""
    from . import provenance

    params_table = pd.DataFrame(sorted(parameters.items()), columns=["parameter", "value"])
    return (
        f"<p>Built from commit <code>{html.esc(provenance.git_commit())}</code>.</p>"
        "<h3>Parameters</h3>"
        + html.table(params_table)
        + "<h3>Package versions</h3>"
        + html.table(provenance.package_versions())
        + "<h3>Checksums of the raw inputs (SHA-256)</h3>"
        + html.table(provenance.input_checksums(corpus, derived.articles))
    )


def profile_title_html(derived: Derived, outlet: str) -> str:
    """Heading of an outlet profile: name, articles, and how sure the identification is."""
    a = derived.articles[derived.articles["outlet"] == outlet]
    if a.empty:
        return f"<h1>{html.esc(outlet)}</h1><p>No article from this outlet in the corpus.</p>"
    first = a.iloc[0]
    confidence = first.get("outlet_confidence", "")
    conf = f" Outlet identification: {html.esc(confidence)}." if confidence else ""
    return (
        f"<h1>{html.esc(outlet)}</h1>"
        f"<p>{len(a)} article{'s' if len(a) != 1 else ''}, {int(a['n_words'].sum()):,} words."
        f"{conf}</p>"
    )


def outlet_text_html(derived: Derived, outlet: str) -> str:
    """Each article of ``outlet`` as its blocks, escaped, with the block kind shown."""
    blocks = derived.blocks[derived.blocks["outlet"] == outlet]
    parts = []
    for article_id, group in blocks.groupby("article_id", sort=True):
        rows = []
        for b in group.sort_values("block_id").itertuples(index=False):
            rows.append(
                f'<p class="article-text"><span class="small">[{html.esc(b.kind)}]</span> '
                f"{html.esc(b.text)}</p>"
            )
        parts.append(f"<h3>{html.esc(article_id)}</h3>{''.join(rows)}")
    return "".join(parts) or '<p class="small">No text.</p>'
