"""The report's sections: the corpus, tone, voices, platforms, claims, labels and events.

Each function returns HTML: a figure whose title states what it shows, an escaped table, and the
sentences behind the counts in ``<details>`` blocks (keyed by article and offsets).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd

from .. import figures, html
from ..aggregate import tone_voices_of
from ..narration import VOICE_LABELS, VOICES
from ..sentiment import UNSCORED_NEWS_WORDS
from .context import ReportContext
from .sampling import Rows, extreme_rows, first_rows
from .tone_order import narration_extremes, narration_title

# Evidence sentences shown per group (outlet, platform, label, event) before "N more".
EVIDENCE_LIMIT = 40
# Joins a label and its side into one group key (a character no codebook entry contains).
LABEL_SIDE = "\x1f"
KIND_LABELS = {
    "direct": "direct quote",
    "indirect": "indirect (reported speech)",
    "mixed": "indirect with quoted fragments",
    "embedded_post": "embedded post",
}


def _outlet_cell(ctx: ReportContext, outlet: str) -> str:
    slug = ctx.profile_slugs.get(outlet)
    if slug:
        return f'<a href="outlets/{html.esc(slug)}.html">{html.esc(outlet)}</a>'
    return html.esc(outlet)


def _per_outlet_details(
    ctx: ReportContext,
    table: str,
    summary: str,
    label: str | None,
    limit: int = 40,
    where: Rows | None = None,
    describe: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> str:
    """Per outlet (folded), the first ``limit`` rows of ``table`` passing ``where`` as evidence,
    labelled by the column ``label`` that ``describe`` may add; the table is read in pieces."""
    groups = first_rows(ctx.derived.pieces(table), limit, key=ctx.folded_outlet, where=where)
    blocks = []
    for outlet in ctx.order:
        group = groups.get(outlet)
        if group is not None:
            rows = describe(group.rows) if describe else group.rows
            blocks.append(
                html.details(
                    f"{summary} — {outlet} ({group.count:,})",
                    ctx.evidence(rows, limit=limit, label=label, total=group.count),
                )
            )
    return "".join(blocks)


# --- title and corpus ------------------------------------------------------------------------


def title_html(ctx: ReportContext) -> str:
    """The report's title and standfirst, from the codebook and the corpus size."""
    book, a = ctx.codebook, ctx.derived.articles
    statements = int(ctx.derived.voices_kinds["n_attributions"].sum())
    period = f" ({book.period})" if book.period else ""
    question = f"<p>{html.esc(book.question)}</p>" if book.question else ""
    n = ctx.n_outlets
    return (
        f"<h1>{html.esc(book.title)}{html.esc(period)}: how {n} outlet{'s' if n != 1 else ''} told it</h1>"
        f"{question}"
        f'<p class="small">{len(a):,} article{"s" if len(a) != 1 else ""} from {n} outlet'
        f"{'s' if n != 1 else ''}, {int(a['n_words'].sum()):,} words of article text, "
        f"{statements:,} attributed statements. Every count below opens to the "
        "sentences behind it.</p>"
    )


CORPUS_ARTICLES_INLINE = 50
CORPUS_ARTICLES_LISTED = 200


def corpus_html(ctx: ReportContext) -> str:
    """Each article with its outlet, country, type, date, length and identification confidence;
    past ``CORPUS_ARTICLES_INLINE`` articles, a summary per outlet first (the largest outlets
    and the group of the others) and the first articles in a collapsed list."""
    a = ctx.derived.articles
    listing = _article_listing(ctx, a)
    if len(a) <= CORPUS_ARTICLES_INLINE:
        return listing
    shown = f"The first {CORPUS_ARTICLES_LISTED:,} of {len(a):,} articles"
    lead = f'<p class="small">{len(a):,} articles: summarised per outlet first.</p>'
    return (
        lead
        + _outlet_summary(ctx, a)
        + html.details(shown if len(a) > CORPUS_ARTICLES_LISTED else f"All {len(a):,} articles", listing)
    )


def _outlet_summary(ctx: ReportContext, a: pd.DataFrame) -> str:
    table = a.assign(shown=ctx.folded_outlet(a))
    summary = (
        table.groupby("shown", sort=False)
        .agg(
            outlets=("outlet", "nunique"),
            articles=("article_id", "size"),
            words=("n_words", "sum"),
            first=("published", "min"),
            last=("published", "max"),
        )
        .reset_index()
        .rename(columns={"shown": "outlet"})
    )
    order = {outlet: i for i, outlet in enumerate(ctx.order)}
    summary = summary.sort_values("outlet", key=lambda col: col.map(order))
    note = (
        f'<p class="small">The {len(ctx.order) - 1} largest outlets, then the other {ctx.n_grouped:,} '
        f"together as “{html.esc(ctx.other)}”.</p>"
        if ctx.n_grouped
        else ""
    )
    return html.table(summary, float_format=",.0f") + note


def _article_listing(ctx: ReportContext, a: pd.DataFrame) -> str:
    a = a.sort_values(["outlet", "article_id"])
    head = ["article", "outlet", "country", "type", "date", "words", "outlet identification"]
    rows = []
    for r in a.itertuples(index=False):
        confidence = getattr(r, "outlet_confidence", "") or "not given"
        css = "confidence-confirmed" if str(confidence).startswith("confirmed") else "confidence-likely"
        rows.append(
            "<tr>" + f'<td>{html.esc(r.article_id)}<br><span class="small">{html.esc(r.title)}</span></td>'
            f"<td>{_outlet_cell(ctx, r.outlet)}</td><td>{html.esc(getattr(r, 'outlet_country', ''))}</td>"
            f"<td>{html.esc(getattr(r, 'outlet_type', ''))}</td><td>{html.esc(r.published)}</td>"
            f'<td class="num">{int(r.n_words):,}</td><td class="{css}">{html.esc(confidence)}</td></tr>'
        )
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{html.esc(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows[:CORPUS_ARTICLES_LISTED])
        + "</tbody></table>"
    )
    if len(rows) > CORPUS_ARTICLES_LISTED:
        more = len(rows) - CORPUS_ARTICLES_LISTED
        table += f'<p class="small">{more:,} more articles in derived/articles.csv.</p>'
    return table


def confidence_html(ctx: ReportContext) -> str:
    """The manifest's outlet-identification confidence with its evidence, least certain first."""
    a = ctx.derived.articles.copy()
    if "outlet_confidence" not in a or (a["outlet_confidence"] == "").all():
        return '<p class="small">The corpus gives no outlet-identification confidence.</p>'
    a["confirmed"] = a["outlet_confidence"].str.startswith("confirmed")
    a = a.sort_values(["confirmed", "article_id"])
    items = []
    for row in a.head(100).itertuples(index=False):
        css = "confidence-confirmed" if row.confirmed else "confidence-likely"
        items.append(
            f'<li class="{css}"><strong>{html.esc(row.outlet)}</strong> ({html.esc(row.article_id)}): '
            f"{html.esc(row.outlet_confidence)}"
            f'<span class="ref">{html.esc(getattr(row, "outlet_evidence", ""))}</span></li>'
        )
    unsure = int((~a["confirmed"]).sum())
    note = (
        (
            f"<p>{unsure} of {len(a)} articles have an outlet that is not confirmed; comparisons "
            "involving them rest on that identification.</p>"
        )
        if unsure
        else ""
    )
    return note + f'<ul class="evidence">{"".join(items)}</ul>'


WIRE_TOP_PAIRS = 15


def _copy_ref(ctx: ReportContext, copy: Any) -> str:
    """Where a copy sits; for a copy whose words differ from the first one, its similarity and
    its own words."""
    ref = f"{html.esc(copy.outlet)} · {html.esc(copy.article_id)} [{copy.start}:{copy.end}]"
    if copy.similarity >= 1:
        return ref
    sentence = ctx.sentence_at(copy.article_id, int(copy.start))
    words = f": “{html.excerpt(sentence['text'])}”" if sentence is not None else ""
    return f"{ref} (similarity {copy.similarity:.2f}){words}"


WIRE_TOP_CLUSTERS = 30
WIRE_MEMBERS_SHOWN = 8


def wire_copy_html(ctx: ReportContext) -> str:
    """Passages shared nearly word for word by two or more outlets: the outlet pairs sharing
    most, then the most widely shared passages with where each copy sits."""
    clusters = ctx.derived.wire_clusters
    if clusters.empty:
        return "<p>No sentence appears nearly word for word in two outlets.</p>"
    pairs = ctx.outlet_pairs_by_sharing
    shown_pairs = pairs.head(WIRE_TOP_PAIRS)
    pair_note = (
        f"<p>The {len(shown_pairs)} outlet pairs sharing most passages, of {len(pairs):,} pairs that "
        "share any (all in <code>wire_outlet_pairs.csv</code>).</p>"
        if len(pairs) > len(shown_pairs)
        else ""
    )
    widest = clusters.sort_values(["n_outlets", "n_sentences", "cluster_id"], ascending=[False, False, True])
    top = widest.head(WIRE_TOP_CLUSTERS)
    members = ctx.derived.rows_where("wire_copy", "cluster_id", set(top["cluster_id"]))
    by_cluster = {cid: group for cid, group in members.groupby("cluster_id", sort=False)}
    items = []
    for c in top.itertuples(index=False):
        group = by_cluster.get(c.cluster_id, members.iloc[0:0])
        refs = [_copy_ref(ctx, m) for m in group.head(WIRE_MEMBERS_SHOWN).itertuples(index=False)]
        more = len(group) - len(refs)
        refs_html = "; ".join(refs) + (f"; and {more:,} more" if more > 0 else "")
        items.append(
            f'<li>{html.excerpt(c.text)}<span class="ref">in {c.n_outlets} outlets, {c.n_articles} articles: '
            f"{refs_html}</span></li>"
        )
    listed = f"the {len(top)} most widely shared are listed" if len(top) < len(clusters) else "all are listed"
    count_note = (
        f"<p>{len(clusters):,} passages appear in two or more outlets; {listed} (every copy is in "
        "<code>wire_copy.csv</code>, each with its similarity to the first copy: the Jaccard overlap "
        "of their word 3-grams). A copy whose words differ is shown with its similarity and its own "
        "words.</p>"
    )
    names = {"outlet_a": "outlet", "outlet_b": "shares with", "shared_passages": "passages"}
    listing = f'<ul class="evidence">{"".join(items)}</ul>'
    return (
        html.table(shown_pairs.rename(columns=names))
        + pair_note
        + count_note
        + html.details(f"The {len(top)} most widely shared passages", listing)
    )


# --- tone ------------------------------------------------------------------------------------


def tone_voice_html(ctx: ReportContext) -> str:
    """Tone of each outlet's own narration against the reported speech and direct quotes it
    carries."""
    table = tone_voices_of(
        piece.assign(outlet=ctx.folded_outlet(piece)) for piece in ctx.derived.pieces("tone_segments")
    )
    if table.empty:
        return '<p class="small">No sentences to score.</p>'
    # Ranked over the outlets themselves (as the findings are), never over a group of outlets.
    voices = ctx.derived.tone_voices
    title = narration_title(narration_extremes(voices[voices["voice"] == "narration"]))
    fig, data = figures.tone_by_voice(table, ctx.order, ctx.outlet_colors, title)
    out = figures.save(fig, data, "tone_narration_vs_quotes", ctx.figures_dir, title)
    shown = table.assign(voice=table["voice"].map(VOICE_LABELS))[
        ["outlet", "voice", "n_segments", "n_words", "mean_polarity", "share_zero", "mean_vader"]
    ]
    out += html.table(shown, float_format=".2f")
    extremes = extreme_rows(
        ctx.derived.pieces("tone_segments"),
        ["polarity", "article_id", "start"],
        head=3,
        tail=3,
        key=ctx.folded_outlet,
        where=lambda t: t["voice"] == "narration",
    )
    examples = []
    for outlet in ctx.order:
        if outlet not in extremes:
            continue
        rows = extremes[outlet].rows
        negative, positive = rows[rows["polarity"] < 0].head(3), rows[rows["polarity"] > 0].tail(3)
        if negative.empty and positive.empty:
            continue  # every narration segment scores 0: nothing to show
        kinds = [k for k, part in (("negative", negative), ("positive", positive)) if len(part)]
        pick = pd.concat([negative, positive])
        pick = pick.assign(score=pick["polarity"].map(lambda v: f"{v:+.2f}"))
        examples.append(
            html.details(
                f"Most {' and most '.join(kinds)} narration — {outlet}",
                ctx.evidence(pick, label="score"),
            )
        )
    return out + "".join(examples)


def tone_sides_html(ctx: ReportContext) -> str:
    """Tone of the text around each side's actors, per outlet (report's target-tone method)."""
    sides = ctx.derived.tone_sides
    every = sides[sides["voice"] == "all"] if len(sides) else sides
    if every.empty:
        return '<p class="small">No codebook actor is mentioned.</p>'
    folded = ctx.fold(every, ["side"], ["n_mentions", "n_negative", "n_neutral", "n_positive"])
    score_sum = ctx.fold(every.assign(s=every["mean_score"] * every["n_mentions"]), ["side"], ["s"])
    folded = folded.merge(score_sum, on=["outlet", "side"])
    folded["mean_score"] = (folded["s"] / folded["n_mentions"]).round(3)
    order = [s for s in ctx.codebook.sides if s in set(folded["side"])]
    overall = folded.groupby("side").apply(
        lambda g: g["s"].sum() / g["n_mentions"].sum(), include_groups=False
    )
    worst = overall.idxmin()
    title = (
        f"Text around {ctx.side_label(worst)} actors reads most negative "
        f"(mean {overall[worst]:+.2f} across outlets)"
    )
    fig, data = figures.tone_towards_sides(
        folded, ctx.order, order, ctx.side_colors, {s: ctx.side_label(s) for s in order}, title
    )
    out = figures.save(fig, data, "tone_towards_sides", ctx.figures_dir, title)
    table = folded.assign(side=folded["side"].map(ctx.side_label))[
        ["outlet", "side", "n_mentions", "mean_score", "n_negative", "n_neutral", "n_positive"]
    ]
    out += html.table(table, float_format=".2f")
    extremes = extreme_rows(
        ctx.derived.pieces("target_tone"),
        ["score", "article_id", "start"],
        head=4,
        tail=4,
        key=lambda t: t["side"],
    )
    details = []
    for side in order:
        evidence = '<p class="small">No evidence.</p>'
        if side in extremes:
            rows = extremes[side].rows
            pick = pd.concat([rows.head(4), rows.tail(4)]).drop_duplicates()
            pick = pick.assign(who=pick["actor"] + " " + pick["score"].map(lambda v: f"({v:+.2f})"))
            evidence = ctx.evidence(pick, label="who")
        details.append(
            html.details(f"Most negative and most positive mentions — {ctx.side_label(side)}", evidence)
        )
    return out + "".join(details)


def tone_crosscheck_html(ctx: ReportContext) -> str:
    """TextBlob against VADER per sentence (Spearman), and the sentence-level distribution."""
    agreement = ctx.derived.tone_agreement
    outlets = ctx.derived.tone_outlets
    shown = outlets[
        [
            "outlet",
            "n_sentences",
            "mean_polarity",
            "median_polarity",
            "share_zero",
            "share_negative",
            "share_positive",
            "mean_vader",
        ]
    ]
    return html.table(
        agreement.rename(columns={"spearman_rho": "Spearman ρ (TextBlob vs VADER)"}),
        float_format=".2f",
        max_rows=ctx.top_n + 2,
    ) + html.details(
        "Sentence tone per outlet (TextBlob and VADER)",
        html.table(shown, float_format=".2f", max_rows=60),
    )


def tone_caveat_html(ctx: ReportContext) -> str:
    """The measured error of the tone methods, read from the benchmark results."""
    result = ctx.benchmark("newsmtsc")
    if result is None:
        return (
            '<div class="caveat">The tone method has not been measured on this machine '
            "(run <code>make benchmarks</code>); treat tone differences with caution.</div>"
        )
    splits = result.get("splits", {})
    parts = []
    for split, label in (("dev_rw", "real-world"), ("dev_mt", "multi-target")):
        scores = splits.get(split, {}).get("f1_macro", {})
        if scores:
            parts.append(
                f"{scores.get('report_method', float('nan')):.2f} on {label} sentences "
                f"(TextBlob on the sentence {scores.get('textblob_sentence', float('nan')):.2f}, "
                f"VADER ±60 characters {scores.get('vader_window60', float('nan')):.2f})"
            )
    method = result.get("report_method", "the report's method")
    unscored = ", ".join(f"“{w}”" for w in UNSCORED_NEWS_WORDS[:-1]) + f" or “{UNSCORED_NEWS_WORDS[-1]}”"
    return (
        '<div class="caveat"><strong>How far to trust the tone figures.</strong> Sentence tone is '
        f"TextBlob, a word list that is mostly adjectives: it has no entry for {unscored}, so many "
        "hard-news sentences score exactly 0, and VADER, a second word list, agrees with it only "
        "loosely. Tone towards each side uses a small model trained on the NewsMTSC news corpus "
        f"({html.esc(method)}). Measured on NewsMTSC's development sentences, its macro F1 (1 is "
        "perfect; guessing the commonest class scores about 0.25) is "
        f"{html.esc('; '.join(parts))}. NewsMTSC is US political news, not this story: how far these "
        "figures carry over to it is not measured. Read "
        "differences of a few hundredths as noise.</div>"
    )


# --- voices and platforms --------------------------------------------------------------------


def voices_html(ctx: ReportContext) -> str:
    """Who is quoted in each outlet, and the share of attributed words (quoted or reported) by side."""
    sides = ctx.derived.voices_sides
    if sides.empty:
        return "<p>No attributed statement was found.</p>"
    folded = ctx.fold(sides, ["speaker_side"], ["n_attributions", "attributed_words"])
    order = [*ctx.codebook.sides, "unknown"]
    words = folded.groupby("speaker_side")["attributed_words"].sum()
    top = words.idxmax()
    title = f"{ctx.side_label(top)} voices fill {words[top] / words.sum():.0%} of the attributed words"
    fig, data = figures.stacked_shares(
        folded,
        ctx.order,
        "speaker_side",
        "attributed_words",
        order,
        ctx.side_colors,
        {s: ctx.side_label(s) for s in order},
        "Share of attributed words (quoted or reported) by the speaker's side",
        title,
    )
    out = figures.save(fig, data, "voices_by_side", ctx.figures_dir, title)
    speakers = ctx.derived.voices_speakers
    rows = []
    for outlet in ctx.order:
        mine = speakers[ctx.folded_outlet(speakers) == outlet]
        mine = mine.groupby(["speaker", "speaker_side"], as_index=False)[
            ["n_attributions", "attributed_words"]
        ].sum()
        for r in (
            mine.sort_values(["n_attributions", "speaker"], ascending=[False, True]).head(6).itertuples()
        ):
            rows.append(
                (
                    outlet,
                    r.speaker,
                    ctx.side_label(r.speaker_side),
                    r.n_attributions,
                    r.attributed_words,
                )
            )
    out += "<h4>Who is quoted most in each outlet</h4>"
    out += html.table(
        pd.DataFrame(rows, columns=["outlet", "speaker", "side", "statements", "attributed words"])
    )
    return out + _per_outlet_details(
        ctx,
        "attributions",
        "Every attributed statement",
        "who",
        describe=lambda a: a.assign(who=a["speaker"] + " · " + a["kind"] + " · " + a["platform"]),
    )


def kinds_html(ctx: ReportContext) -> str:
    """Direct quotes against reported speech and embedded posts, per outlet."""
    kinds = ctx.derived.voices_kinds
    if kinds.empty:
        return ""
    folded = ctx.fold(kinds, ["kind"], ["n_attributions"])
    total = folded.groupby("kind")["n_attributions"].sum()
    n_direct, n_all = int(total.get("direct", 0)), int(total.sum())
    title = (
        f"{n_direct / n_all:.0%} ({n_direct} of {n_all}) of attributed statements are direct quotes; "
        "the rest is reported speech or embeds"
    )
    order = ["direct", "mixed", "indirect", "embedded_post"]
    fig, data = figures.stacked_shares(
        folded,
        ctx.order,
        "kind",
        "n_attributions",
        order,
        figures.KIND_COLOURS,
        KIND_LABELS,
        "Share of attributed statements",
        title,
    )
    counts = (
        folded.pivot_table(
            index="outlet", columns="kind", values="n_attributions", aggfunc="sum", fill_value=0
        )
        .reindex(index=[o for o in ctx.order if o in set(folded["outlet"])], columns=order, fill_value=0)
        .astype(int)
    )
    counts["all"] = counts.sum(axis=1)
    counts = counts.rename(columns=KIND_LABELS).reset_index()
    return figures.save(fig, data, "attribution_kinds", ctx.figures_dir, title) + html.table(
        counts, caption="Attributed statements of each kind (counts)"
    )


def platforms_html(ctx: ReportContext) -> str:
    """Through which channel statements reached each outlet, and what that means for checking."""
    platforms = ctx.derived.voices_platforms
    if platforms.empty:
        return "<p>No attributed statement was found.</p>"
    folded = ctx.fold(platforms, ["platform"], ["n_attributions"])
    ids = [p.id for p in ctx.codebook.platforms] + ["unspecified"]
    palette = {pid: figures.PLATFORM_PALETTE[i % len(figures.PLATFORM_PALETTE)] for i, pid in enumerate(ids)}
    palette["unspecified"] = "#dddddd"
    labels = {pid: ctx.codebook.platform_label(pid) for pid in ids}
    labels["unspecified"] = "no channel named"
    total = folded.groupby("platform")["n_attributions"].sum()
    self_published = list(ctx.codebook.self_published_platforms)
    seen = [p for p in self_published if p in total.index]
    share = total[seen].sum() / total.sum() if seen else 0.0
    title = (
        f"{share:.0%} of statements came from the speakers' own posts and recordings"
        if seen
        else "Channels through which statements reached the outlets"
    )
    fig, data = figures.stacked_shares(
        folded,
        ctx.order,
        "platform",
        "n_attributions",
        ids,
        palette,
        labels,
        "Share of attributed statements by channel",
        title,
    )
    out = figures.save(fig, data, "platforms", ctx.figures_dir, title)
    out += _platforms_listed(ctx)
    if self_published:
        out += _self_published_html(ctx, folded, self_published)
    by_platform = first_rows(ctx.derived.pieces("attributions"), EVIDENCE_LIMIT, key=lambda a: a["platform"])
    details = []
    for pid in ids:
        if pid in by_platform:
            group = by_platform[pid]
            rows = group.rows.assign(
                who=group.rows["outlet"]
                + " · "
                + group.rows["speaker"]
                + (" via " + group.rows["via"]).where(group.rows["via"] != "", "")
            )
            evidence = ctx.evidence(rows, label="who", total=group.count)
            details.append(html.details(f"{labels[pid]} ({group.count:,})", evidence))
    return out + "".join(details)


def _self_published_html(ctx: ReportContext, folded: pd.DataFrame, self_published: list[str]) -> str:
    """Per outlet, how many statements came on the codebook's ``self_published`` platforms."""
    per = folded.assign(own=folded["platform"].isin(self_published) * folded["n_attributions"])
    per = per.groupby("outlet", sort=False)[["n_attributions", "own"]].sum().reset_index()
    per["share self-published"] = (per["own"] / per["n_attributions"]).round(3)
    labels = ", ".join(ctx.codebook.platform_label(p) for p in self_published)
    return (
        "<p>A statement that reaches a newsroom as a post or a recording the speaker published "
        "was not made to a reporter, who may have no way to check it with the speaker. The more of "
        "an outlet's account rests on such statements, the more it depends on what the parties "
        f"chose to publish. Counted as self-published (the codebook says which): {html.esc(labels)}.</p>"
        + html.table(
            per.rename(columns={"n_attributions": "statements", "own": "self-published"}),
            float_format=".0%",
        )
    )


def _platforms_listed(ctx: ReportContext) -> str:
    """The codebook's channels, which the platform counts are made of."""
    names = [p.label for p in ctx.codebook.platforms]
    if not names:
        return '<p class="small">The codebook names no channel; every statement counts as naming none.</p>'
    return f'<p class="small">Channels in the codebook: {html.esc(", ".join(names))}.</p>'


# --- claims, labels, events ------------------------------------------------------------------


def claims_html(ctx: ReportContext) -> str:
    """How each outlet presents the central claim: claims, denials, hedges, its own assertion."""
    claims = ctx.derived.claims_by_outlet
    hedging = ctx.derived.hedging
    name = ctx.codebook.claim_name
    if claims.empty:
        return ""
    table = claims.merge(
        hedging[["outlet", "own_words", "hedges_in_own_words"]],
        on="outlet",
        how="left",
    )
    folded = ctx.fold(
        table,
        [],
        [
            "attributions_claiming_fall",
            "attributions_denying_fall",
            "sentences_asserting_fall",
            "own_words",
            "hedges_in_own_words",
        ],
    )
    folded["hedges per 1,000 own words"] = (
        1000 * folded["hedges_in_own_words"] / folded["own_words"].where(folded["own_words"] > 0)
    ).round(1)
    sides = list(ctx.codebook.sides)
    claim_side = _dominant_side(ctx, "claims_fall") or (sides[0] if sides else "")
    deny_side = _dominant_side(ctx, "denies_fall") or (sides[1] if len(sides) > 1 else claim_side)
    # Outlets, not the figure's rows: one row may group many outlets.
    asserting = claims.loc[claims["sentences_asserting_fall"] > 0, "outlet"].tolist()
    title = f"Claims and denials of {name}; " + (
        f"only {asserting[0]} asserts it in its own voice"
        if len(asserting) == 1
        else f"{len(asserting)} outlets assert it in their own voice"
    )
    fig, data = figures.claims_and_denials(folded, ctx.order, ctx.side_colors, claim_side, deny_side, title)
    out = figures.save(fig, data, "claims_and_denials", ctx.figures_dir, title)
    out += html.table(
        folded.rename(
            columns={
                "attributions_claiming_fall": "statements claiming it",
                "attributions_denying_fall": "statements denying it",
                "sentences_asserting_fall": "sentences asserting it (outlet's voice)",
                "own_words": "own words (narration + reported speech)",
                "hedges_in_own_words": "hedges in own words",
            }
        ),
        float_format=".1f",
    )
    claims = first_rows(ctx.derived.pieces("claims"), 80).get(None)
    if claims is None:
        details = html.details(f"Statements claiming or denying {name} (0)", ctx.evidence(pd.DataFrame()))
    else:
        c = claims.rows
        claims_rows = c.assign(
            who=c["speaker"] + " (" + c["stance"].str.replace("_", " ") + ": “" + c["evidence"] + "”)"
        )
        details = html.details(
            f"Statements claiming or denying {name} ({claims.count:,})",
            ctx.evidence(claims_rows, label="who", limit=80, total=claims.count),
        )
    assertions = first_rows(ctx.derived.pieces("assertions"), EVIDENCE_LIMIT).get(None)
    if assertions is not None:
        details += html.details(
            f"The outlet's own assertion of {name} ({assertions.count:,})",
            ctx.evidence(assertions.rows, label="outlet", total=assertions.count),
        )
    details += _per_outlet_details(
        ctx,
        "hedges",
        "Hedges in the outlet's own words (narration and reported speech)",
        "hedge",
        where=lambda h: h["voice"] != "quoted",
    )
    return out + _hedges_counted(ctx) + details


HEDGES_LISTED = 12


def _hedges_counted(ctx: ReportContext) -> str:
    """The codebook's hedges, the words the hedge counts are made of (the first
    ``HEDGES_LISTED``, then how many more)."""
    names = [f"“{h.name}”" for h in ctx.codebook.hedges]
    if not names:
        return '<p class="small">The codebook lists no hedges, so none are counted.</p>'
    more = f" and {len(names) - HEDGES_LISTED} more" if len(names) > HEDGES_LISTED else ""
    listed = ", ".join(names[:HEDGES_LISTED]) + more
    return f'<p class="small">Hedges counted (the codebook\'s): {html.esc(listed)}.</p>'


def _dominant_side(ctx: ReportContext, stance: str) -> str | None:
    """The side most statements with ``stance`` come from (the first seen on a tie)."""
    sides: Counter[str] = Counter()
    for piece in ctx.derived.pieces("claims"):
        sides.update(piece.loc[piece["stance"] == stance, "speaker_side"])
    return sides.most_common(1)[0][0] if sides else None


def labels_html(ctx: ReportContext) -> str:
    """The words each outlet uses for each side: in its narration (the figure), and in each
    voice (the table)."""
    labels = ctx.derived.labels_by_outlet
    if labels.empty:
        return "<p>No codebook label appears in the corpus.</p>"
    folded = ctx.fold(labels, ["side", "label", "voice"], ["n"])
    narration = folded[folded["voice"] == "narration"]
    keys = [f"{t.name} ({ctx.side_label(t.side)})" for t in ctx.codebook.labels]
    keyed = narration.assign(key=narration["label"] + " (" + narration["side"].map(ctx.side_label) + ")")
    keyed = keyed.groupby(["key", "outlet"], as_index=False)["n"].sum()
    rows = [k for k in dict.fromkeys(keys) if k in set(keyed["key"])]
    top = keyed.groupby("key")["n"].sum().sort_values(ascending=False)
    title = f"In their own narration, outlets most often call the sides “{top.index[0].split(' (')[0]}”" + (
        f" and “{top.index[1].split(' (')[0]}”" if len(top) > 1 else ""
    )
    fig, data = figures.presence_matrix(
        keyed,
        rows,
        ctx.order,
        "key",
        "outlet",
        "n",
        None,
        "Outlet (occurrences in the outlet's own narration)",
        title,
    )
    out = figures.save(fig, data, "labels", ctx.figures_dir, title)
    pivot = (
        folded.pivot_table(
            index=["outlet", "side", "label"], columns="voice", values="n", aggfunc="sum", fill_value=0
        )
        .reindex(columns=list(VOICES), fill_value=0)
        .reset_index()
    )
    pivot["side"] = pivot["side"].map(ctx.side_label)
    out += html.details(
        "Every label per outlet, in narration, reported speech and direct quotes",
        html.table(pivot[["outlet", "side", "label", *VOICES]].rename(columns=VOICE_LABELS), max_rows=300),
    )
    occurrences = first_rows(
        ctx.derived.pieces("labels"), EVIDENCE_LIMIT, key=lambda t: t["label"] + LABEL_SIDE + t["side"]
    )
    details = []
    for t in ctx.codebook.labels:
        group = occurrences.get(t.name + LABEL_SIDE + t.side)
        if group is not None:
            rows_ = group.rows.assign(
                who=group.rows["outlet"] + " · " + group.rows["voice"].map(VOICE_LABELS).fillna("")
            )
            details.append(
                html.details(
                    f"“{t.name}” for the {ctx.side_label(t.side)} side ({group.count:,})",
                    ctx.evidence(rows_, label="who", total=group.count),
                )
            )
    return out + "".join(details)


def events_html(ctx: ReportContext) -> str:
    """Which of the story's events each outlet reports, with the sentence that shows it."""
    matrix = ctx.derived.event_matrix
    if matrix.empty:
        return "<p>The codebook lists no events.</p>"
    folded = matrix.assign(outlet=ctx.folded_outlet(matrix))
    folded = folded.groupby(["outlet", "event_id", "event"], as_index=False)["reported"].max()
    events = [e.label for e in ctx.codebook.events]
    title = _events_title(matrix, len(events), ctx.n_outlets)
    xlabel = "Outlet (✓ = reports the event)"
    if ctx.n_grouped:
        xlabel = (
            f"Outlet: the {len(ctx.order) - 1} largest, then the other {ctx.n_grouped:,} together "
            "(✓ = at least one reports the event)"
        )
    fig, data = figures.presence_matrix(
        folded, events, ctx.order, "event", "outlet", "reported", None, xlabel, title, binary=True
    )
    out = figures.save(fig, data, "events", ctx.figures_dir, title)
    pivot = folded.pivot_table(
        index="event", columns="outlet", values="reported", aggfunc="max", fill_value=0
    )
    pivot = pivot.reindex(
        index=[e for e in events if e in pivot.index],
        columns=[o for o in ctx.order if o in pivot.columns],
    )
    shown = pivot.map(lambda v: "✓" if v else "").reset_index()
    out += html.table(shown)
    evidence = first_rows(ctx.derived.pieces("events"), EVIDENCE_LIMIT, key=lambda t: t["event_id"])
    details = []
    for e in ctx.codebook.events:
        group = evidence.get(e.id)
        if group is not None:
            n, s = len(group.outlets), group.count
            details.append(
                html.details(
                    f"{e.label} ({n} outlet{'s' if n != 1 else ''}, {s} sentence{'s' if s != 1 else ''})",
                    ctx.evidence(group.rows, label="outlet", total=s),
                )
            )
    return out + "".join(details)


def _events_title(matrix: pd.DataFrame, n_events: int, n_outlets: int) -> str:
    """The events figure's title from ``event_matrix`` (one row per real outlet and event), so
    "every outlet" and "only one" count outlets, never a column that groups several."""
    outlets_per_event = matrix[matrix["reported"] > 0].groupby("event_id")["outlet"].nunique()
    if n_outlets == 1:
        return f"{len(outlets_per_event)} of the {n_events} events appear in the corpus"
    everywhere = int((outlets_per_event == n_outlets).sum())
    once = int((outlets_per_event == 1).sum())
    if everywhere == 0:
        return f"No event appears in every outlet; {once} of {n_events} appear in only one"
    return f"{everywhere} of {n_events} events appear in every outlet; {once} in only one"


def profiles_html(ctx: ReportContext) -> str:
    """Links to every outlet profile rendered with this report."""
    if not ctx.profile_slugs:
        return (
            '<p class="small">No outlet profiles were rendered with this report (a corpus with many '
            "outlets gets them only on request: <code>analysis run --profiles all</code>).</p>"
        )
    links = "".join(
        f'<li><a href="outlets/{html.esc(slug)}.html">{html.esc(outlet)}</a></li>'
        for outlet, slug in sorted(ctx.profile_slugs.items())
    )
    return f"<ul>{links}</ul>"
