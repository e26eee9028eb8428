"""Methods and reliability, limitations, and how to reproduce the report.

Every accuracy figure is read from ``benchmarks/results/*.json`` (written by the scripts in
``benchmarks/``); a figure that was never measured is said to be missing, not invented.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pandas as pd

from .. import config, html, provenance
from ..params import load_params, resolve
from .context import ReportContext


def _measured(result: dict | None) -> str:
    """When, at which commit and by which script a benchmark figure was measured."""
    if not result:
        return ""
    when = html.esc(result.get("measured_at", "?"))
    commit = html.esc(result.get("commit", "?"))
    script = html.esc(result.get("script", ""))
    return f' <span class="small">(measured {when}, commit {commit}, {script})</span>'


def _shown(value: object) -> str:
    """A parameter as a reader should see it: paths inside the project relative to its root."""
    text = str(value)
    path = Path(text)
    if path.is_absolute() and path.is_relative_to(config.PROJ_ROOT):
        return path.relative_to(config.PROJ_ROOT).as_posix()
    return text


def codebook_html(ctx: ReportContext) -> str:
    """What the codebook holds, with every actor and its names one click away."""
    book = ctx.codebook
    counts = pd.DataFrame(
        [
            ("actors", len(book.actors)),
            ("platforms", len(book.platforms)),
            ("reporting verbs (all forms)", len(book.verb_forms)),
            ("reporting phrases", len(book.phrases)),
            ("labels for the sides", len(book.labels)),
            ("hedges", len(book.hedges)),
            ("events", len(book.events)),
        ],
        columns=["codebook part", "entries"],
    )
    actors = pd.DataFrame(
        [(a.name, book.side_label(a.side), a.type, a.role, ", ".join(a.aliases)) for a in book.actors],
        columns=["actor", "side", "type", "role", "other names"],
    )
    shown = _shown(Path(book.path).resolve())
    return (
        f"<p>The codebook (<code>{html.esc(shown)}</code>) is the research instrument: it names who is who "
        "(actors, their sides and every spelling), the channels statements travel through, the words that "
        "mark reported speech, the labels and hedges to count, how the central claim is worded, and the "
        "story's events. Change it and rerun to study another story.</p>"
        + html.table(counts)
        + html.details("Every actor, side and name variant", html.table(actors))
    )


def reliability_html(ctx: ReportContext) -> str:
    """Attribution accuracy (hand-coded and PolNeAR), Krippendorff's alpha, and tone F1."""
    parts = ["<h3>Attribution: who is quoted</h3>"]
    hand = ctx.benchmark("attribution_handcoded")
    if hand:
        parts.append(
            f"<p>Against a hand coding of the {hand['gold_attributions']} attributions in the five Panjshir "
            f"articles: speaker precision {hand['speaker_precision']:.2f}, "
            f"recall {hand['speaker_recall']:.2f}; "
            f"platform accuracy {hand['platform_accuracy']:.2f}, kind accuracy {hand['kind_accuracy']:.2f}."
            f"{_measured(hand)} These are <strong>in-sample</strong>: the rules were written while reading "
            "these articles, so they say the rules do what was intended, not how well they generalise.</p>"
        )
    polnear = ctx.benchmark("attribution_polnear")
    if polnear:
        parts.append(
            f"<p>On text nobody on the project wrote — the PolNeAR corpus of 2016 US political news "
            f"({polnear['documents']} development articles, {polnear['eligible']} attributions with a "
            f"reporting verb) — source F1 is <strong>{polnear['source_f1']:.2f}</strong> (precision "
            f"{polnear['precision']:.2f}, recall {polnear['recall']:.2f}; direct quotes found: "
            f"{polnear['direct_recall']:.2f}). A one-regex-per-sentence baseline scores "
            f"{polnear['reference_one_regex_baseline_f1']:.2f}.{_measured(polnear)} Read: "
            f"{1 - polnear['recall']:.0%} of attributed statements are missed, and "
            f"{1 - polnear['precision']:.0%} "
            "of those the extractor reports are wrong (no such statement, or another speaker).</p>"
        )
    if not hand and not polnear:
        parts.append(
            '<p class="small">Attribution accuracy has not been measured '
            "(run <code>make benchmarks</code>).</p>"
        )
    parts.append("<h3>Framing variables: agreement with a hand coding</h3>")
    framing = ctx.benchmark("framing_reliability")
    if framing:
        rows = []
        for variable, v in framing["variables"].items():
            alpha = "undefined (no variation)" if v["alpha"] is None else f"{v['alpha']:.2f}"
            rows.append(
                (
                    variable.replace("_", " "),
                    v["units"],
                    alpha,
                    f"{v['percent_agreement']:.0%}",
                    "; ".join(v["disagreements"]) or "none",
                )
            )
        parts.append(
            "<p>Krippendorff's α (nominal) between the automatic coding and a hand coding of the five "
            "Panjshir articles (units: article × label, × hedge, × event; article for the assertion). α ≥ "
            "0.8 is the usual bar for drawing conclusions. In-sample again: the Panjshir codebook's terms "
            f"were chosen while reading these articles.{_measured(framing)}{_other_codebook(ctx)}</p>"
            + html.table(pd.DataFrame(rows, columns=["variable", "units", "α", "agreement", "disagreements"]))
        )
    else:
        parts.append('<p class="small">Not measured (run <code>make benchmarks</code>).</p>')
    parts.append("<h3>Tone</h3>")
    tone = ctx.benchmark("newsmtsc")
    if tone:
        rows = []
        for split, scores in sorted(tone.get("splits", {}).items()):
            f1 = scores.get("f1_macro", {})
            rows.append(
                (
                    split,
                    scores.get("n"),
                    f1.get("report_method"),
                    f1.get("vader_window60"),
                    f1.get("vader_sentence"),
                    f1.get("textblob_sentence"),
                )
            )
        parts.append(
            f"<p>Macro F1 of tone towards a named target on NewsMTSC development sentences; the report's "
            f"method is {html.esc(tone.get('report_method', ''))}.{_measured(tone)}</p>"
            + html.table(
                pd.DataFrame(
                    rows,
                    columns=[
                        "split",
                        "targets",
                        "report method",
                        "VADER ±60 chars",
                        "VADER sentence",
                        "TextBlob sentence",
                    ],
                )
            )
        )
    else:
        parts.append('<p class="small">Not measured (run <code>make benchmarks</code>).</p>')
    return "".join(parts)


def _other_codebook(ctx: ReportContext) -> str:
    """A warning when the report's codebook is not the Panjshir codebook the framing figures
    were measured with; empty when it is."""
    if Path(ctx.codebook.path).resolve() == config.DEFAULT_CODEBOOK.resolve():
        return ""
    return (
        f" This report's codebook (<code>{html.esc(_shown(Path(ctx.codebook.path).resolve()))}</code>) is "
        "not the one measured: its labels, hedges, claims and events have no reliability figure."
    )


PUBLICATION_DAYS_LISTED = 10


def publication_days_item(articles: pd.DataFrame) -> str | None:
    """A limitation when the articles were published on different days: an outlet that
    published before an event could not report it. None when every article has the same date
    (or none has one). Outlets are listed per day up to ``PUBLICATION_DAYS_LISTED`` outlets."""
    if "published" not in articles:
        return None
    dated = articles[articles["published"].fillna("") != ""]
    days = sorted(set(dated["published"]))
    if len(days) < 2:
        return None
    text = (
        f"<li><strong>Timing.</strong> The articles were published on {len(days)} different days "
        f"({html.esc(days[0])} to {html.esc(days[-1])})"
    )
    if dated["outlet"].nunique() <= PUBLICATION_DAYS_LISTED:
        per_day = dated.groupby("published")["outlet"].agg(lambda o: ", ".join(sorted(set(o))))
        text += ": " + "; ".join(f"{html.esc(d)}: {html.esc(o)}" for d, o in per_day.items())
    return (
        text + ". An article written before an event could not report it, so differences in "
        "claims and events partly reflect when each outlet published, not only how it framed "
        "the story.</li>"
    )


def _size_item(ctx: ReportContext) -> str:
    """How much the corpus can carry: with one article per outlet, every comparison is between
    single articles; otherwise the range of articles per outlet."""
    a = ctx.derived.articles
    n, k = len(a), ctx.n_outlets
    size = f"{n:,} article{'s' if n != 1 else ''} from {k:,} outlet{'s' if k != 1 else ''}"
    if ctx.one_article_per_outlet or not n:
        return (
            f"<li><strong>Size.</strong> {size}: every comparison is between single articles, not "
            "outlets' coverage as a whole, and no difference here is statistically tested.</li>"
        )
    per = a.groupby("outlet").size()
    spread = f"{per.min():,} each" if per.min() == per.max() else f"{per.min():,} to {per.max():,} per outlet"
    return (
        f"<li><strong>Size.</strong> {size} ({spread}): an outlet with few articles is compared on "
        "few sentences, and no difference here is statistically tested.</li>"
    )


def limitations_html(ctx: ReportContext) -> str:
    """What the corpus, the methods and the outlet identification cannot support."""
    a = ctx.derived.articles
    k = ctx.n_outlets
    items = [_size_item(ctx)]
    if "outlet_country" in a and (a["outlet_country"] != "").any():
        per_outlet = a.drop_duplicates("outlet")["outlet_country"].replace("", "unknown").value_counts()
        country, count = per_outlet.index[0], int(per_outlet.iloc[0])
        if count > 1 and count >= k / 2:
            items.append(
                f"<li><strong>Sample.</strong> {count} of the {k} outlets are from {html.esc(country)}; "
                "the corpus says more about that country's press than about coverage at large.</li>"
            )
    timing = publication_days_item(a)
    if timing:
        items.append(timing)
    zero = ctx.derived.tone_outlets
    share_zero = (zero["share_zero"] * zero["n_sentences"]).sum() / max(zero["n_sentences"].sum(), 1)
    items.append(
        f"<li><strong>Tone is a word count.</strong> TextBlob scores {share_zero:.0%} of sentences "
        "exactly 0; it reads adjectives, not events, irony or who did what to whom.</li>"
    )
    items.append(
        "<li><strong>Shared copy is found, not proven.</strong> Two sentences count as the same passage "
        "when their word 3-grams overlap at Jaccard ≥ 0.5; candidates are found through 8-hash sketches, "
        "so a pair right at 0.5 is missed with probability below 1%, reworded copy is not found at all, "
        "and a chain of close variants is joined into one passage. Sharing text says two outlets used a "
        "common source or each other, not which way it went.</li>"
    )
    if "outlet_confidence" in a:
        unsure = a[~a["outlet_confidence"].str.startswith("confirmed") & (a["outlet_confidence"] != "")]
        for row in unsure.itertuples(index=False):
            items.append(
                f"<li><strong>Outlet identification.</strong> {html.esc(row.article_id)} is attributed to "
                f"{html.esc(row.outlet)} with confidence “{html.esc(row.outlet_confidence)}”: "
                f"{html.esc(getattr(row, 'outlet_evidence', ''))}</li>"
            )
    items.append(
        "<li><strong>Rules, not understanding.</strong> Attribution, labels, hedges, claims and events "
        "are found by the codebook's words and the extractor's rules; they miss paraphrase and can "
        "misread unusual sentences. The hand-coded reliability figures above were measured on the "
        "Panjshir articles the rules were written on (in sample); only speaker extraction is also "
        "measured out of sample (PolNeAR, US political news). Kind, platform, labels, hedges, "
        "claims and events have no out-of-sample measure.</li>"
    )
    items.append(
        "<li><strong>Three voices, found by form.</strong> A sentence's words are the outlet's "
        "narration, reported speech (the content of an attribution the extractor found, in the "
        "outlet's words) or direct quotes (words in quotation marks inside that content, and "
        "embedded posts). Speech reported without a reporting word the extractor knows stays "
        "narration, a missed attribution leaves its quote in narration, and quotation marks around "
        "a single word (a scare quote) make that word a quote.</li>"
    )
    items.append(
        "<li><strong>Statements are counted where they appear.</strong> A statement an article "
        "repeats (in its headline, a subhead, an embedded post and the body) counts each time, "
        "and a statement inside an embedded post counts beside the post itself; the counts measure "
        "how much room an outlet gives a voice, not how many different things the voice said.</li>"
    )
    return f"<ul>{''.join(items)}</ul>"


def is_default_run(parameters: dict) -> bool:
    """Whether ``parameters`` (the report's corpus, codebook, top outlets …) are those of
    ``params/default.yaml``, i.e. what ``make report`` builds. Paths are compared resolved."""
    defaults = load_params(config.DEFAULT_PARAMS)
    for key, value in parameters.items():
        if key in ("corpus", "codebook"):
            if resolve(value).resolve() != resolve(defaults[key]).resolve():
                return False
        elif key in defaults and value != defaults[key]:
            return False
    return True


def _rebuild_commands(parameters: dict) -> str:
    """The commands that rebuild this report in a fresh clone: ``make report`` for the default
    run, otherwise ``analysis run`` on the report's corpus and codebook, with ``--outlets`` when
    the run kept only some outlets (names holding a comma cannot be given there: they stay in the
    parameters table, for a ``--params`` file)."""
    if is_default_run(parameters):
        return (
            "<p>Everything in this report is rebuilt from the raw articles by two commands in a fresh "
            "clone:</p>"
            "<pre>make report   # creates .venv from requirements.lock, runs the notebooks, writes reports/\n"
            "make test     # the same setup, then the test suite</pre>"
        )
    command = ["analysis", "run"]
    for key in ("corpus", "codebook"):
        if key in parameters:
            command += [f"--{key}", _shown(parameters[key])]
    outlets = parameters.get("outlets") or []
    if outlets and not any("," in outlet for outlet in outlets):
        command += ["--outlets", ",".join(outlets)]
    return (
        "<p>Everything in this report is rebuilt from the raw articles, in a clone with the "
        "environment of <code>make setup</code>, by one command (other parameters below go in a "
        "<code>--params</code> file):</p>"
        f"<pre>{html.esc(shlex.join(command))}</pre>"
    )


def reproduce_html(ctx: ReportContext, corpus: str | Path, parameters: dict) -> str:
    """How to rebuild the report (:func:`_rebuild_commands`), then commit, parameters, package
    versions and input checksums, as escaped tables."""
    params_table = pd.DataFrame(
        sorted((k, _shown(v)) for k, v in parameters.items()), columns=["parameter", "value"]
    )
    return (
        _rebuild_commands(parameters)
        + f"<p>Built from commit <code>{html.esc(provenance.git_commit())}</code>.</p>"
        "<h3>Parameters</h3>"
        + html.table(params_table)
        + "<h3>Package versions</h3>"
        + html.table(provenance.package_versions())
        + "<h3>Checksums of the raw inputs (SHA-256)</h3>"
        + html.table(provenance.input_checksums(resolve(corpus), ctx.derived.articles))
    )
