"""One outlet's profile: its voices, platforms, labels and tone, how it differs from the other
outlets, and the full text of its articles (the first ``PROFILE_ARTICLES_SHOWN`` by id) with
every attribution highlighted."""

from __future__ import annotations

import pandas as pd

from .. import html
from ..narration import VOICE_LABELS, VOICES
from .context import ReportContext


def _share(part: float, whole: float) -> float:
    return part / whole if whole else float("nan")


def title_html(ctx: ReportContext, outlet: str) -> str:
    """Heading of an outlet profile: name, articles, and how sure the identification is."""
    a = ctx.derived.articles[ctx.derived.articles["outlet"] == outlet]
    if a.empty:
        return f"<h1>{html.esc(outlet)}</h1><p>No article from this outlet in the corpus.</p>"
    first = a.iloc[0]
    confidence = first.get("outlet_confidence", "")
    conf = f" Outlet identification: {html.esc(confidence)}." if confidence else ""
    country = first.get("outlet_country", "")
    kind = first.get("outlet_type", "")
    where = f"{html.esc(kind)}{', ' if kind and country else ''}{html.esc(country)}"
    return (
        f"<h1>{html.esc(outlet)}</h1><p>{where}. {len(a)} article{'s' if len(a) != 1 else ''}, "
        f"{int(a['n_words'].sum()):,} words.{conf}</p>"
        '<p class="small"><a href="../'
        + html.esc(ctx.codebook.slug)
        + '_framing.html">Back to the report</a></p>'
    )


def _measures(ctx: ReportContext, outlets: set[str]) -> dict[str, float]:
    """The comparison measures of a set of outlets, from the corpus-level tables only (their
    size grows with outlets and speakers, not with articles). The self-published share is left
    out when the codebook marks no platform ``self_published``."""
    d = ctx.derived
    kinds = d.voices_kinds[d.voices_kinds["outlet"].isin(outlets)]
    n = kinds["n_attributions"].sum()
    platforms = d.voices_platforms[d.voices_platforms["outlet"].isin(outlets)]
    by_platform = platforms.groupby("platform")["n_attributions"].sum()
    voice_sides = d.voices_sides[d.voices_sides["outlet"].isin(outlets)]
    sides = voice_sides.groupby("speaker_side")["n_attributions"].sum()
    hedging = d.hedging[d.hedging["outlet"].isin(outlets)]
    voices = d.tone_voices[d.tone_voices["outlet"].isin(outlets)]
    narration = voices[voices["voice"] == "narration"]
    events = d.event_matrix[d.event_matrix["outlet"].isin(outlets)]
    self_published = ctx.codebook.self_published_platforms
    self_published_share = (
        {
            "share self-published (posts, recordings)": _share(
                by_platform[by_platform.index.isin(self_published)].sum(), n
            )
        }
        if self_published
        else {}
    )
    out = {
        "attributed statements per article": _share(n, d.articles["outlet"].isin(outlets).sum()),
        "share of statements that are direct quotes": _share(
            kinds.loc[kinds["kind"] == "direct", "n_attributions"].sum(), n
        ),
        **self_published_share,
        "share with no channel named": _share(by_platform.get("unspecified", 0), n),
        "hedges per 1,000 own words (narration + reported speech)": 1000
        * _share(hedging["hedges_in_own_words"].sum(), hedging["own_words"].sum()),
        "share of content words in direct quotes": _share(
            hedging["quoted_words"].sum(), (hedging["own_words"] + hedging["quoted_words"]).sum()
        ),
        "narration tone (TextBlob, word-weighted)": _share(
            (narration["mean_polarity"] * narration["n_words"]).sum(), narration["n_words"].sum()
        ),
        "events reported (of the codebook's)": events.groupby("event_id")["reported"].max().sum()
        if len(events)
        else 0,
    }
    for side in ctx.codebook.sides:
        out[f"share of statements from the {ctx.side_label(side)} side"] = _share(sides.get(side, 0), n)
    return out


def _format(measure: str, value: float) -> str:
    if value != value:  # NaN: nothing to compare
        return "–"
    if measure.startswith("share"):
        return f"{value:.0%}"
    if "tone" in measure:
        return f"{value:+.2f}"
    if measure.startswith("events"):
        return f"{value:.0f}"
    return f"{value:.1f}"


def differences_html(ctx: ReportContext, outlet: str) -> str:
    """This outlet against all the other outlets pooled, on the report's measures."""
    others = set(ctx.derived.outlets) - {outlet}
    mine = _measures(ctx, {outlet})
    if not others:
        rows = [(k, _format(k, v)) for k, v in mine.items()]
        return (
            "<p>This is the only outlet in the corpus; its measures are shown without comparison.</p>"
            + html.table(pd.DataFrame(rows, columns=["measure", outlet]))
        )
    theirs = _measures(ctx, others)
    rows = [(k, _format(k, mine[k]), _format(k, theirs[k])) for k in mine]
    table = pd.DataFrame(rows, columns=["measure", outlet, "the other outlets together"])
    return (
        '<p class="small">"The other outlets together" pools every other outlet\'s articles; for events it '
        "counts the events any of them reports.</p>" + html.table(table)
    )


def voices_html(ctx: ReportContext, outlet: str) -> str:
    speakers = ctx.derived.voices_speakers
    mine = speakers[speakers["outlet"] == outlet].sort_values(
        ["n_attributions", "speaker"], ascending=[False, True]
    )
    if mine.empty:
        return "<p>No attributed statement found.</p>"
    table = mine.assign(side=mine["speaker_side"].map(ctx.side_label))[
        [
            "speaker",
            "side",
            "n_attributions",
            "attributed_words",
            "n_direct",
            "n_indirect",
            "n_mixed",
            "n_embedded_post",
        ]
    ]
    return html.table(table.rename(columns={"n_attributions": "statements", "n_embedded_post": "n_embedded"}))


def platforms_html(ctx: ReportContext, outlet: str) -> str:
    p = ctx.derived.voices_platforms
    if p.empty or not (p["outlet"] == outlet).any():
        return "<p>No attributed statement.</p>"
    mine = p[p["outlet"] == outlet].assign(
        channel=lambda t: t["platform"].map(
            lambda x: "no channel named" if x == "unspecified" else ctx.codebook.platform_label(x)
        )
    )
    return html.table(
        mine[["channel", "n_attributions", "share"]].rename(columns={"n_attributions": "statements"}),
        float_format=".2f",
    )


def labels_html(ctx: ReportContext, outlet: str) -> str:
    labels = ctx.derived.labels_by_outlet
    mine = labels[labels["outlet"] == outlet]
    if mine.empty:
        return "<p>No codebook label used.</p>"
    pivot = (
        mine.pivot_table(index=["side", "label"], columns="voice", values="n", aggfunc="sum", fill_value=0)
        .reindex(columns=list(VOICES), fill_value=0)
        .reset_index()
    )
    pivot["side"] = pivot["side"].map(ctx.side_label)
    return html.table(pivot[["side", "label", *VOICES]].rename(columns=VOICE_LABELS))


def tone_html(ctx: ReportContext, outlet: str) -> str:
    voices = ctx.derived.tone_voices
    sides = ctx.derived.tone_sides
    mine = voices[voices["outlet"] == outlet][
        ["voice", "n_segments", "n_words", "mean_polarity", "share_zero", "mean_vader"]
    ]
    towards = sides[(sides["outlet"] == outlet) & (sides["voice"] == "all")]
    towards = towards.assign(side=towards["side"].map(ctx.side_label))[
        ["side", "n_mentions", "mean_score", "share_negative", "share_neutral", "share_positive"]
    ]
    return (
        "<h4>Narration, reported speech and direct quotes (TextBlob)</h4>"
        + html.table(mine.assign(voice=mine["voice"].map(VOICE_LABELS)), float_format=".2f")
        + "<h4>Tone towards each side (target-tone model)</h4>"
        + html.table(towards, float_format=".2f")
    )


# Articles whose full text an outlet profile shows; the rest are counted and left to the tables.
PROFILE_ARTICLES_SHOWN = 25


def text_html(ctx: ReportContext, outlet: str) -> str:
    """The outlet's articles (the first ``PROFILE_ARTICLES_SHOWN`` by id), block by block, with
    attributed material and speakers marked in the colour of the speaker's side. Only those
    articles' rows of ``blocks.csv`` and ``attributions.csv`` are read."""
    ids = sorted(ctx.derived.articles.loc[ctx.derived.articles["outlet"] == outlet, "article_id"])
    legend = "".join(
        f'<span><mark class="attr" style="background:{ctx.side_colors[s]}33">'
        f"{html.esc(ctx.side_label(s))}</mark></span>"
        for s in ctx.codebook.sides
    )
    parts = [
        f'<p class="legend">Attributed material by the speaker\'s side: {legend}'
        '<span><mark class="speaker">speaker</mark></span></p>'
    ]
    if len(ids) > PROFILE_ARTICLES_SHOWN:
        parts.append(
            f'<p class="small">The first {PROFILE_ARTICLES_SHOWN} of its {len(ids):,} articles, by id; '
            "every article's blocks and attributions are in <code>blocks.csv</code> and "
            "<code>attributions.csv</code>.</p>"
        )
    for article_id in ids[:PROFILE_ARTICLES_SHOWN]:
        group = ctx.derived.article_rows("blocks", article_id)
        if group.empty:
            continue
        mine = ctx.derived.article_rows("attributions", article_id)
        parts.append(f"<h3>{html.esc(article_id)}</h3>")
        for b in group.sort_values("block_id").itertuples(index=False):
            spans = []
            for a in mine.itertuples(index=False):
                colour = ctx.side_colors.get(a.speaker_side, "#999999")
                if pd.notna(a.speaker_start) and b.start <= a.speaker_start < b.end:
                    spans.append((int(a.speaker_start) - b.start, int(a.speaker_end) - b.start, "speaker"))
                if b.start <= a.quote_start < b.end:
                    spans.append(
                        (
                            a.quote_start - b.start,
                            min(a.quote_end, b.end) - b.start,
                            f"attr side-{a.speaker_side}",
                        )
                    )
            marked = html.highlight(b.text, spans)
            for side, colour in ctx.side_colors.items():
                marked = marked.replace(
                    f'class="attr side-{html.esc(side)}"',
                    f'class="attr" style="background:{colour}33"',
                )
            parts.append(
                f'<p class="article-text"><span class="small">[{html.esc(b.kind)} · '
                f"{int(b.start)}:{int(b.end)}]</span> {marked}</p>"
            )
        if len(mine):
            table = mine[["speaker", "kind", "platform", "via", "cue", "start", "end"]]
            parts.append(html.details(f"The {len(mine)} attributions in {article_id}", html.table(table)))
    return "".join(parts)
