"""Corpus-level tables from per-chunk partial results, exact whatever the chunking.

A corpus is processed in chunks (possibly in parallel, possibly on a cluster); each chunk returns
small partial results. Everything here is designed so that merging partials gives *the same
bytes* whatever the chunk size or the number of workers:

* counts are integers;
* sums of scores are kept as integers in millionths (scores are rounded to 6 decimals anyway),
  so addition is exact and order-free;
* distributions (medians, percentiles, Spearman's rho) are computed from value counters,
  merged by addition and read in sorted order;
* "first evidence" of an event keeps the first chunk's row (chunks are merged in corpus order).

Memory is bounded by the number of distinct groups and distinct score values, not by the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from . import voices
from .codebook import Codebook
from .framing import hedging_rates
from .narration import NARRATION, QUOTED, REPORTED

MICRO = 1_000_000


def micro(value: float) -> int:
    """A score in integer millionths (exact sums whatever the order of addition)."""
    return round(float(value) * MICRO)


def micro_column(values: pd.Series) -> np.ndarray:
    """:func:`micro` of every value, as int64 (the same numbers: both round half to even)."""
    return np.rint(values.to_numpy(dtype=float) * MICRO).astype(np.int64)


# A (polarity, VADER) pair of scores in -1 … 1, in millionths, packed into one integer: counts of
# such integers cross between processes and merge several times faster than counts of tuples.
# Packed pairs sort as the pairs do.
_PAIR_SPAN = 2 * MICRO + 1


def pack_pairs(x: np.ndarray, y: np.ndarray) -> list[int]:
    """Each ``(x[i], y[i])`` (micro scores within ±MICRO) as one non-negative integer.

    Raises ValueError for a score outside ±MICRO, which could not be unpacked.
    """
    if len(x) and max(np.abs(x).max(), np.abs(y).max()) > MICRO:
        raise ValueError("a tone score outside -1 … 1 cannot be packed")
    return ((x + MICRO) * _PAIR_SPAN + (y + MICRO)).tolist()


def unpack_pair(key: int) -> tuple[int, int]:
    """The ``(x, y)`` that :func:`pack_pairs` packed into ``key``."""
    x, y = divmod(key, _PAIR_SPAN)
    return x - MICRO, y - MICRO


# --- partials of one chunk --------------------------------------------------------------------


@dataclass
class Partials:
    """What one chunk contributes to the corpus-level tables."""

    counts: dict[str, pd.DataFrame] = field(default_factory=dict)  # additive tables (see KEYS)
    # outlet -> every sentence's value, in micro-units (counted where they are merged: counting
    # a list is done in C, merging two Counters is a Python loop)
    polarity: dict[str, list[int]] = field(default_factory=dict)
    pairs: dict[str, list[int]] = field(default_factory=dict)  # packed (polarity, vader)
    subjectivity: dict[str, list[int]] = field(default_factory=dict)
    vader: dict[str, list[int]] = field(default_factory=dict)
    events: pd.DataFrame | None = None  # outlet, event_id, n_sentences, first evidence


# Additive tables: name -> group keys (every other column is an integer count or micro-sum).
KEYS: dict[str, list[str]] = {
    **{name: ["outlet", *keys] for name, (_, keys, _) in voices.AGGREGATES.items()},
    "labels_by_outlet": ["outlet", "side", "label", "voice"],
    "words_by_outlet": ["outlet"],
    "hedges_by_outlet": ["outlet"],
    "tone_voices": ["outlet", "voice"],
    "tone_sides": ["outlet", "side", "voice"],
    "tone_actors": ["outlet", "actor", "side"],
    "claims_by_outlet": ["outlet"],
}


def _count_by(table: pd.DataFrame, keys: list[str], name: str = "n") -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=[*keys, name])
    return table.groupby(keys, sort=True).size().reset_index(name=name)


def _target_counts(targets: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if targets.empty:
        return pd.DataFrame(
            columns=[*by, "n_mentions", "score_micro", "n_negative", "n_neutral", "n_positive"]
        )
    table = targets.assign(
        score_micro=targets["score"].map(micro),
        n_negative=(targets["label"] == "negative").astype(int),
        n_neutral=(targets["label"] == "neutral").astype(int),
        n_positive=(targets["label"] == "positive").astype(int),
    )
    return (
        table.groupby(by, sort=True)
        .agg(
            n_mentions=("score", "size"),
            score_micro=("score_micro", "sum"),
            n_negative=("n_negative", "sum"),
            n_neutral=("n_neutral", "sum"),
            n_positive=("n_positive", "sum"),
        )
        .reset_index()
    )


def voice_sums(segments: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and voice: segments, words, word-weighted scores in millionths (exact, so
    sums of any split of the segments agree) and segments scoring exactly 0."""
    keys = ["outlet", "voice"]
    if segments.empty:
        return pd.DataFrame(
            columns=[*keys, "n_segments", "n_words", "wp_micro", "ws_micro", "wv_micro", "n_zero"]
        )
    words = segments["n_words"].to_numpy(dtype=np.int64)
    table = segments.assign(
        wp_micro=micro_column(segments["polarity"]) * words,
        ws_micro=micro_column(segments["subjectivity"]) * words,
        wv_micro=micro_column(segments["vader_compound"]) * words,
        n_zero=(segments["polarity"] == 0).astype(int),
    )
    return (
        table.groupby(keys, sort=True)
        .agg(
            n_segments=("polarity", "size"),
            n_words=("n_words", "sum"),
            wp_micro=("wp_micro", "sum"),
            ws_micro=("ws_micro", "sum"),
            wv_micro=("wv_micro", "sum"),
            n_zero=("n_zero", "sum"),
        )
        .reset_index()
    )


def _by_voice(table: pd.DataFrame, values: str | None, columns: dict[str, str]) -> pd.DataFrame:
    """Per outlet, one column per voice (``columns``: voice -> column name): the sum of
    ``values``, or the number of rows when ``values`` is None; voices that do not occur are 0."""
    if table.empty:
        return pd.DataFrame(columns=["outlet", *columns.values()])
    pivot = table.pivot_table(
        index="outlet", columns="voice", values=values, aggfunc="sum" if values else "size", fill_value=0
    )
    out = pivot.reindex(columns=list(columns), fill_value=0).rename(columns=columns)
    return out.rename_axis(columns=None).reset_index()


WORD_COLUMNS = {NARRATION: "narration_words", REPORTED: "reported_words", QUOTED: "quoted_words"}
HEDGE_COLUMNS = {NARRATION: "hedges_in_narration", REPORTED: "hedges_in_reported", QUOTED: "hedges_in_quotes"}


def _words_by_outlet(segments: pd.DataFrame) -> pd.DataFrame:
    return _by_voice(segments, "n_words", WORD_COLUMNS)


def _hedges_by_outlet(hedges: pd.DataFrame) -> pd.DataFrame:
    return _by_voice(hedges, None, HEDGE_COLUMNS)


def _claims_by_outlet(claims: pd.DataFrame, assertions: pd.DataFrame) -> pd.DataFrame:
    columns = [
        "outlet",
        "attributions_claiming_fall",
        "attributions_denying_fall",
        "sentences_asserting_fall",
    ]
    parts = []
    if len(claims):
        parts.append(
            claims.assign(
                attributions_claiming_fall=(claims["stance"] == "claims_fall").astype(int),
                attributions_denying_fall=(claims["stance"] == "denies_fall").astype(int),
                sentences_asserting_fall=0,
            )[columns]
        )
    if len(assertions):
        parts.append(
            assertions.assign(
                attributions_claiming_fall=0, attributions_denying_fall=0, sentences_asserting_fall=1
            )[columns]
        )
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts).groupby("outlet", sort=True)[columns[1:]].sum().reset_index()


def _event_partial(events: pd.DataFrame) -> pd.DataFrame:
    columns = ["outlet", "event_id", "n_sentences", "first_article_id", "first_start", "first_end"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    first = events.groupby(["outlet", "event_id"], sort=True).head(1).set_index(["outlet", "event_id"])
    counts = events.groupby(["outlet", "event_id"], sort=True).size()
    out = pd.DataFrame(
        {
            "n_sentences": counts,
            "first_article_id": first["article_id"],
            "first_start": first["start"],
            "first_end": first["end"],
        }
    ).reset_index()
    return out[columns]


def chunk_partials(tables: Mapping[str, pd.DataFrame]) -> Partials:
    """The partial results of one chunk's per-article tables."""
    attributions = voices.with_attributed_words(tables["attributions"])  # counted once for all
    counts = {name: function(attributions) for name, (function, _, _) in voices.AGGREGATES.items()}
    counts["labels_by_outlet"] = _count_by(tables["labels"], KEYS["labels_by_outlet"])
    counts["words_by_outlet"] = _words_by_outlet(tables["tone_segments"])
    counts["hedges_by_outlet"] = _hedges_by_outlet(tables["hedges"])
    counts["tone_voices"] = voice_sums(tables["tone_segments"])
    counts["tone_sides"] = _target_counts(tables["target_tone"], KEYS["tone_sides"])
    counts["tone_actors"] = _target_counts(tables["target_tone"], KEYS["tone_actors"])
    counts["claims_by_outlet"] = _claims_by_outlet(tables["claims"], tables["assertions"])
    partials = Partials(counts=counts, events=_event_partial(tables["events"]))
    tone = tables["sentence_tone"]
    for outlet, group in tone.groupby("outlet", sort=True):
        p, v = micro_column(group["polarity"]), micro_column(group["vader_compound"])
        partials.polarity[outlet] = p.tolist()
        partials.vader[outlet] = v.tolist()
        partials.subjectivity[outlet] = micro_column(group["subjectivity"]).tolist()
        partials.pairs[outlet] = pack_pairs(p, v)
    return partials


# --- merging -----------------------------------------------------------------------------------


# Chunks whose additive tables an Accumulator holds before summing them (a few MB at most).
SUM_EVERY = 32


class _Batched:
    """Frames merged :data:`SUM_EVERY` at a time by ``merge``, a function (picklable: the
    running totals may cross to a worker process) of a list of frames in corpus order, the
    running total first. Merging many frames at once costs about what merging two does."""

    def __init__(self, merge: Callable[[list[pd.DataFrame]], pd.DataFrame]) -> None:
        self.merge = merge
        self._total: pd.DataFrame | None = None
        self._held: list[pd.DataFrame] = []

    def add(self, frame: pd.DataFrame) -> None:
        self._held.append(frame)
        if len(self._held) >= SUM_EVERY:
            self.total()

    def total(self) -> pd.DataFrame | None:
        """Every frame added so far, merged into one (None before the first)."""
        if self._held:
            earlier = [] if self._total is None else [self._total]
            self._total = self.merge([*earlier, *self._held])
            self._held = []
        return self._total


class Accumulator:
    """Merge partials chunk by chunk (in corpus order), keeping only small running totals.

    The additive tables and the events of up to :data:`SUM_EVERY` chunks are held and merged at
    once (:class:`_Batched`): the additive tables are summed, and since the sums are of integers
    any batching gives the same totals; events are merged in corpus order, so the first evidence
    stays the first. :attr:`counts` and :attr:`events` merge what is held before returning the
    totals.
    """

    def __init__(self) -> None:
        self._counts: dict[str, _Batched] = {}
        self.polarity: dict[str, Counter] = {}
        self.pairs: dict[str, Counter] = {}
        self.subjectivity: dict[str, Counter] = {}
        self.vader: dict[str, Counter] = {}
        self._events = _Batched(_merge_events)

    @property
    def counts(self) -> dict[str, pd.DataFrame]:
        """Additive tables summed over every chunk added so far."""
        return {name: batched.total() for name, batched in self._counts.items()}

    @property
    def events(self) -> pd.DataFrame | None:
        """Per outlet and event: sentences and the first evidence, over every chunk added so
        far (None before any chunk with an event)."""
        return self._events.total()

    def add(self, partials: Partials) -> None:
        for name, table in partials.counts.items():
            if name not in self._counts:
                self._counts[name] = _Batched(partial(_sum_tables, keys=KEYS[name]))
            self._counts[name].add(table)
        for store, new in (
            (self.polarity, partials.polarity),
            (self.pairs, partials.pairs),
            (self.subjectivity, partials.subjectivity),
            (self.vader, partials.vader),
        ):
            for outlet, values in new.items():
                store.setdefault(outlet, Counter()).update(values)
        if partials.events is not None and len(partials.events):
            self._events.add(partials.events)


def _sum_tables(tables: Iterable[pd.DataFrame | None], keys: list[str]) -> pd.DataFrame:
    frames = [t for t in tables if t is not None and len(t)]
    if not frames:
        return next((t for t in tables if t is not None), pd.DataFrame(columns=keys))
    table = pd.concat(frames, ignore_index=True)
    numeric = [c for c in table.columns if c not in keys]
    out = table.groupby(keys, sort=True, dropna=False)[numeric].sum().reset_index()
    for column in numeric:
        out[column] = out[column].astype("int64")
    return out


def _merge_events(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Event partials of several chunks, in corpus order, as one: sentences summed per outlet
    and event, the first chunk's evidence kept."""
    both = pd.concat(frames, ignore_index=True)  # earlier chunks first
    first = both.groupby(["outlet", "event_id"], sort=True).head(1).set_index(["outlet", "event_id"])
    totals = both.groupby(["outlet", "event_id"], sort=True)["n_sentences"].sum()
    out = first.drop(columns=["n_sentences"]).join(totals).reset_index()
    return out[["outlet", "event_id", "n_sentences", "first_article_id", "first_start", "first_end"]]


# --- finished tables -----------------------------------------------------------------------------


def _quantile(values: Counter, q: float) -> float:
    """Linear-interpolation quantile (as pandas/numpy) of a multiset given as value counts."""
    n = sum(values.values())
    if n == 0:
        return float("nan")
    position = (n - 1) * q
    low, high = math.floor(position), math.ceil(position)
    seen = 0
    low_value = high_value = None
    for value in sorted(values):
        seen += values[value]
        if low_value is None and seen > low:
            low_value = value
        if seen > high:
            high_value = value
            break
    return (low_value + (high_value - low_value) * (position - low)) / MICRO


def _mean(values: Counter) -> float:
    n = sum(values.values())
    return sum(v * c for v, c in sorted(values.items())) / n / MICRO if n else float("nan")


def _sd(values: Counter) -> float:
    n = sum(values.values())
    if n < 2:
        return float("nan")
    total = sum(v * c for v, c in values.items())
    squares = sum(v * v * c for v, c in values.items())
    variance = (squares - total * total / n) / (n - 1)
    return math.sqrt(max(variance, 0.0)) / MICRO


def _average_ranks(counts: Counter) -> dict[int, float]:
    ranks, position = {}, 0
    for value in sorted(counts):
        c = counts[value]
        ranks[value] = position + (c + 1) / 2
        position += c
    return ranks


def spearman(packed: Counter) -> float:
    """Spearman's rho (average ranks for ties) from counts of (x, y) pairs packed by
    :func:`pack_pairs`; NaN when either side is constant or there are fewer than three pairs."""
    n = sum(packed.values())
    pairs = [(unpack_pair(key), packed[key]) for key in sorted(packed)]  # in (x, y) order
    xs, ys = Counter(), Counter()
    for (x, y), c in pairs:
        xs[x] += c
        ys[y] += c
    if n < 3 or len(xs) < 2 or len(ys) < 2:
        return float("nan")
    rx, ry = _average_ranks(xs), _average_ranks(ys)
    mx = my = (n + 1) / 2
    sxy = sxx = syy = 0.0
    for (x, y), c in pairs:
        dx, dy = rx[x] - mx, ry[y] - my
        sxy += c * dx * dy
    for x, c in sorted(xs.items()):
        sxx += c * (rx[x] - mx) ** 2
    for y, c in sorted(ys.items()):
        syy += c * (ry[y] - my) ** 2
    return sxy / math.sqrt(sxx * syy)


def tone_outlets(acc: Accumulator) -> pd.DataFrame:
    """Per outlet: sentence count, mean/median/p10/p90/sd of TextBlob polarity, shares of
    negative, zero and positive sentences, mean subjectivity and VADER."""
    rows = []
    for outlet in sorted(acc.polarity):
        values = acc.polarity[outlet]
        n = sum(values.values())
        rows.append(
            (
                outlet,
                n,
                _mean(values),
                _quantile(values, 0.5),
                _quantile(values, 0.1),
                _quantile(values, 0.9),
                _sd(values),
                sum(c for v, c in values.items() if v < 0) / n,
                values.get(0, 0) / n,
                sum(c for v, c in values.items() if v > 0) / n,
                _mean(acc.subjectivity[outlet]),
                _mean(acc.vader[outlet]),
            )
        )
    columns = [
        "outlet",
        "n_sentences",
        "mean_polarity",
        "median_polarity",
        "p10_polarity",
        "p90_polarity",
        "sd_polarity",
        "share_negative",
        "share_zero",
        "share_positive",
        "mean_subjectivity",
        "mean_vader",
    ]
    return pd.DataFrame(rows, columns=columns).round(6)


def tone_agreement(acc: Accumulator) -> pd.DataFrame:
    """Per outlet and for all outlets, Spearman's rho between TextBlob and VADER per sentence."""
    rows, everything = [], Counter()
    for outlet in sorted(acc.pairs):
        pairs = acc.pairs[outlet]
        everything.update(pairs)
        rows.append((outlet, sum(pairs.values()), spearman(pairs)))
    rows.append(("all outlets", sum(everything.values()), spearman(everything)))
    return pd.DataFrame(rows, columns=["outlet", "n_sentences", "spearman_rho"]).round(6)


def tone_voices(acc: Accumulator) -> pd.DataFrame:
    """Word-weighted mean tone of narration and quoted material per outlet."""
    table = acc.counts.get("tone_voices", pd.DataFrame())
    if table.empty:
        return pd.DataFrame(
            columns=[
                "outlet",
                "voice",
                "n_segments",
                "n_words",
                "mean_polarity",
                "share_zero",
                "mean_subjectivity",
                "mean_vader",
            ]
        )
    words = table["n_words"].where(table["n_words"] > 0)
    out = table[["outlet", "voice", "n_segments", "n_words"]].copy()
    out["mean_polarity"] = (table["wp_micro"] / words / MICRO).round(6)
    out["share_zero"] = (table["n_zero"] / table["n_segments"]).round(6)
    out["mean_subjectivity"] = (table["ws_micro"] / words / MICRO).round(6)
    out["mean_vader"] = (table["wv_micro"] / words / MICRO).round(6)
    return out


def tone_voices_of(segment_pieces: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """:func:`tone_voices` of tone segments given in pieces (a table read piece by piece, or
    with outlets regrouped): the exact sums make it equal to one pass over all the segments."""
    acc = Accumulator()
    for piece in segment_pieces:
        acc.add(Partials(counts={"tone_voices": voice_sums(piece)}))
    return tone_voices(acc)


def target_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean target-tone score and label shares from counts."""
    if table.empty:
        return table
    out = table.drop(columns=["score_micro"]).copy()
    n = table["n_mentions"]
    out["mean_score"] = (table["score_micro"] / n / MICRO).round(6)
    for label in ("negative", "neutral", "positive"):
        out[f"share_{label}"] = (table[f"n_{label}"] / n).round(6)
    return out


def tone_sides(acc: Accumulator) -> pd.DataFrame:
    """Tone towards each side per outlet and voice, plus every voice together ("all")."""
    table = acc.counts.get("tone_sides", pd.DataFrame())
    if table.empty:
        return target_summary(table)
    every = _sum_tables([table.assign(voice="all")], ["outlet", "side", "voice"])
    both = pd.concat([table, every], ignore_index=True).sort_values(
        ["outlet", "side", "voice"], kind="stable"
    )
    return target_summary(both.reset_index(drop=True))


def event_matrix(acc: Accumulator, codebook: Codebook, outlets: Sequence[str]) -> pd.DataFrame:
    """Outlet x event: whether it is reported, in how many sentences, and the first sentence."""
    found = acc.events.set_index(["outlet", "event_id"]) if acc.events is not None else None
    rows = []
    for outlet in sorted(set(outlets)):
        for event in codebook.events:
            key = (outlet, event.id)
            if found is not None and key in found.index:
                r = found.loc[key]
                rows.append(
                    (
                        outlet,
                        event.id,
                        event.label,
                        1,
                        int(r["n_sentences"]),
                        r["first_article_id"],
                        int(r["first_start"]),
                        int(r["first_end"]),
                    )
                )
            else:
                rows.append((outlet, event.id, event.label, 0, 0, "", None, None))
    table = pd.DataFrame(
        rows,
        columns=[
            "outlet",
            "event_id",
            "event",
            "reported",
            "n_sentences",
            "first_article_id",
            "first_start",
            "first_end",
        ],
    )
    for column in ("first_start", "first_end"):
        table[column] = table[column].astype("Int64")
    return table


def claims_by_outlet(acc: Accumulator, outlets: Sequence[str]) -> pd.DataFrame:
    table = acc.counts.get("claims_by_outlet", pd.DataFrame(columns=KEYS["claims_by_outlet"]))
    columns = ["attributions_claiming_fall", "attributions_denying_fall", "sentences_asserting_fall"]
    index = pd.Index(sorted(set(outlets)), name="outlet")
    out = (
        table.set_index("outlet").reindex(index).fillna(0)
        if len(table)
        else pd.DataFrame(0, index=index, columns=columns)
    )
    return out[columns].astype(int).reset_index()


def hedging(acc: Accumulator, outlets: Sequence[str]) -> pd.DataFrame:
    """Words and hedges per outlet and voice, and hedges per 1,000 of the outlet's own words
    (:func:`analysis.framing.hedging_rates`); an outlet with neither has zeros."""
    columns = [*WORD_COLUMNS.values(), *HEDGE_COLUMNS.values()]
    words = acc.counts.get("words_by_outlet", pd.DataFrame(columns=["outlet", *WORD_COLUMNS.values()]))
    hedges = acc.counts.get("hedges_by_outlet", pd.DataFrame(columns=["outlet", *HEDGE_COLUMNS.values()]))
    index = pd.Index(sorted(set(outlets)), name="outlet")
    table = pd.DataFrame(index=index)
    table = table.join(words.set_index("outlet") if len(words) else pd.DataFrame(index=index))
    table = table.join(hedges.set_index("outlet") if len(hedges) else pd.DataFrame(index=index))
    table = table.reindex(columns=columns, fill_value=0).fillna(0).astype(int)
    return hedging_rates(table.reset_index())


def finished_tables(acc: Accumulator, codebook: Codebook, outlets: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Every corpus-level table except shared wire copy (see :mod:`analysis.wirecopy`)."""
    out = {name: voices.finish(name, [acc.counts.get(name, pd.DataFrame())]) for name in voices.AGGREGATES}
    out["labels_by_outlet"] = acc.counts.get(
        "labels_by_outlet", pd.DataFrame(columns=[*KEYS["labels_by_outlet"], "n"])
    )
    out["hedging"] = hedging(acc, outlets)
    out["tone_sides"] = tone_sides(acc)
    out["tone_actors"] = target_summary(acc.counts.get("tone_actors", pd.DataFrame()))
    out["tone_outlets"] = tone_outlets(acc)
    out["tone_agreement"] = tone_agreement(acc)
    out["tone_voices"] = tone_voices(acc)
    out["claims_by_outlet"] = claims_by_outlet(acc, outlets)
    out["event_matrix"] = event_matrix(acc, codebook, outlets)
    return out
