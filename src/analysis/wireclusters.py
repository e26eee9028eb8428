"""Shared wire copy, the corpus half: clusters of near-identical sentences across outlets.

The per-chunk fingerprints and sketches (:mod:`analysis.wirecopy`) are appended to a file as
chunks arrive (:class:`SketchStore`), so memory does not grow with the corpus. At the end
(:func:`write_wire_tables`):

1. sentences with the same fingerprint (the same shingles) become one *text*;
2. texts whose sketches share a hash become candidate pairs; a hash shared by more than
   ``MAX_POSTING`` distinct texts (a stock phrase) proposes nothing;
3. every candidate pair is scored exactly (Jaccard of the shingle sets, texts read again from
   ``sentences.csv``) and kept at ``THRESHOLD`` or above;
4. texts linked by kept pairs form a *cluster* (connected components, so a chain of close
   variants is one cluster); a cluster that spans two or more outlets is shared copy.

Two sentences with Jaccard >= 0.5 fail to share any of their 8 smallest hashes only with
probability below 1% (below 1e-5 at 0.8); no pair below the threshold is ever linked directly.
Each step works on at most ``rows_per_pass`` sentences at a time (partitioned by hash), texts
are read back ``texts_per_pass`` at a time, and ``wire_copy`` is formatted piece by piece (whole
chunks of ``sentences.csv``, read from where the run wrote them; in the run's worker processes
when it has them), so memory stays bounded on any corpus; the tables do not depend on the
partitioning, the chunking or the workers.

Three tables, all sorted: ``wire_copy`` (one row per sentence in a shared cluster, corpus order),
``wire_clusters`` (one row per cluster, with its first sentence as the example) and
``wire_outlet_pairs`` (how many clusters each pair of outlets shares).
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path

import numpy as np
import pandas as pd

from . import atomic, csvtext
from .wirecopy import RECORD, THRESHOLD, K, Sketches, jaccard, shingles

MAX_POSTING = 200
ROWS_PER_PASS = 4_000_000
TEXTS_PER_PASS = 100_000
BLOCK = 1_000_000
CSV_ROWS = 200_000
DENSE_CODES = 1 << 22  # outlet pairs counted in an array up to 2,048 outlets (32 MB)
MEMBER_COLUMNS = ("cluster_id", "outlet", "article_id", "sentence_id", "start", "end", "similarity")
CLUSTER_COLUMNS = (
    "cluster_id",
    "n_outlets",
    "n_articles",
    "n_sentences",
    "outlet",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "outlets",
    "text",
)
OUTLET_PAIR_COLUMNS = ("outlet_a", "outlet_b", "shared_passages")


class SketchStore:
    """Every chunk's sketches, appended to ``folder/sketches.bin`` in corpus order."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "sketches.bin"
        self._handle = self.path.open("wb")
        self.outlets: dict[str, int] = {}
        self.count = 0

    def add(self, sketches: Sketches, sentence_offset: int, article_offset: int) -> None:
        """Append one chunk's sketches; offsets are the rows written before this chunk."""
        if not len(sketches.records):
            return
        records = sketches.records.copy()
        records["row"] += sentence_offset
        records["article"] += article_offset
        codes = [self.outlets.setdefault(o, len(self.outlets)) for o in sketches.outlets]
        records["outlet"] = np.asarray(codes, dtype=np.int32)[records["outlet"]]
        records.tofile(self._handle)
        self.count += len(records)

    def records(self) -> np.ndarray:
        """All records (read-only, mapped from the file)."""
        self._handle.close()
        if not self.count:
            return np.zeros(0, dtype=RECORD)
        return np.memmap(self.path, dtype=RECORD, mode="r", shape=(self.count,))

    def outlet_names(self) -> list[str]:
        return sorted(self.outlets, key=self.outlets.__getitem__)


@dataclass(frozen=True)
class _Clusters:
    """Per record, its cluster's first record; the shared clusters' first records (sorted) and
    sizes; each shared cluster's outlets (CSR); outlet-pair counts."""

    cluster_of: np.ndarray
    reps: np.ndarray
    n_outlets: np.ndarray
    n_articles: np.ndarray
    n_sentences: np.ndarray
    outlet_offsets: np.ndarray
    outlet_ids: np.ndarray
    pair_codes: np.ndarray
    pair_counts: np.ndarray


def _blocks(n: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, BLOCK):
        yield start, min(n, start + BLOCK)


def _partition(keys: np.ndarray, parts: int, part: int) -> np.ndarray:
    """Indices (ascending) of the ``keys`` with ``key % parts == part``."""
    if parts == 1:
        return np.arange(len(keys), dtype=np.int64)
    found = [np.flatnonzero(keys[s:e] % parts == part) + s for s, e in _blocks(len(keys))]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _group_starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Boolean mask: True where a run of equal keys begins."""
    starts = np.ones(len(sorted_keys), dtype=bool)
    if len(sorted_keys) > 1:
        starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return starts


def _text_reps(records: np.ndarray, parts: int, work: Path) -> np.ndarray:
    """Per record, the first record with the same fingerprint (its *text*)."""
    rep = np.lib.format.open_memmap(work / "text_rep.npy", mode="w+", dtype=np.int64, shape=(len(records),))
    fps = records["fp"]
    for part in range(parts):
        chosen = _partition(fps, parts, part)
        keys = fps[chosen]
        order = np.argsort(keys, kind="stable")
        chosen, keys = chosen[order], keys[order]
        starts = _group_starts(keys)
        first = chosen[starts]
        rep[chosen] = first[np.cumsum(starts) - 1]
    return rep


def _candidate_pairs(records: np.ndarray, text_rep: np.ndarray, parts: int) -> np.ndarray:
    """Pairs of distinct texts (first records, a < b) whose sketches share a hash, sorted."""
    found: list[np.ndarray] = []
    for part in range(parts):
        hashes, owners = [], []
        for s, e in _blocks(len(records)):
            index = np.arange(s, e, dtype=np.int64)
            reps = index[text_rep[s:e] == index]
            if not len(reps):
                continue
            h = records["h"][reps].astype(np.int64)
            valid = np.arange(K)[None, :] < records["n"][reps][:, None]
            if parts > 1:
                valid &= h % parts == part
            hashes.append(h[valid])
            owners.append(np.broadcast_to(reps[:, None], h.shape)[valid])
        if not hashes:
            continue
        flat, owner = np.concatenate(hashes), np.concatenate(owners)
        order = np.lexsort((owner, flat))
        flat, owner = flat[order], owner[order]
        bounds = [*np.flatnonzero(_group_starts(flat)).tolist(), len(flat)]
        pairs = []
        for s, e in pairwise(bounds):
            if 2 <= e - s <= MAX_POSTING:
                pairs.extend(combinations(owner[s:e].tolist(), 2))
        if pairs:
            found.append(np.asarray(pairs, dtype=np.int64))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _read_texts(sentences_csv: Path, rows: np.ndarray) -> dict[int, str]:
    """The ``text`` of the given rows (ascending) of ``sentences.csv``, in one streaming pass."""
    out: dict[int, str] = {}
    offset = 0
    reader = pd.read_csv(
        sentences_csv, usecols=["text"], dtype=str, keep_default_na=False, chunksize=CSV_ROWS
    )
    for part in reader:
        texts = part["text"].tolist()
        lo, hi = np.searchsorted(rows, [offset, offset + len(texts)])
        for row in rows[lo:hi].tolist():
            out[row] = texts[row - offset]
        offset += len(texts)
        if hi == len(rows):
            break
    return out


def _similarities(
    records: np.ndarray, pairs: np.ndarray, sentences_csv: Path, texts_per_pass: int
) -> np.ndarray:
    """Jaccard similarity of the shingle sets of each pair of texts (records), texts read back
    from ``sentences.csv`` at most ``texts_per_pass`` at a time."""
    out = np.zeros(len(pairs), dtype=np.float64)
    start = 0
    while start < len(pairs):
        needed: set[int] = set()
        end = start
        while end < len(pairs) and (len(needed) < texts_per_pass or end == start):
            needed.update(pairs[end].tolist())
            end += 1
        ids = np.asarray(sorted(needed), dtype=np.int64)
        rows = records["row"][ids]
        texts = _read_texts(sentences_csv, rows)
        shingle_sets = {i: shingles(texts[r]) for i, r in zip(ids.tolist(), rows.tolist(), strict=True)}
        for k, (a, b) in enumerate(pairs[start:end].tolist(), start=start):
            out[k] = jaccard(shingle_sets[a], shingle_sets[b])
        start = end
    return out


def _components(edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Texts in ``edges`` (sorted) and, for each, the smallest text of its component."""
    nodes = np.unique(edges)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in np.searchsorted(nodes, edges).tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return nodes, nodes[[find(i) for i in range(len(nodes))]]


def _cluster_of(text_rep: np.ndarray, nodes: np.ndarray, roots: np.ndarray, work: Path) -> np.ndarray:
    cluster = np.lib.format.open_memmap(
        work / "cluster.npy", mode="w+", dtype=np.int64, shape=(len(text_rep),)
    )
    for s, e in _blocks(len(text_rep)):
        reps = np.asarray(text_rep[s:e])
        out = reps.copy()
        if len(nodes):
            position = np.minimum(np.searchsorted(nodes, reps), len(nodes) - 1)
            hit = nodes[position] == reps
            out[hit] = roots[position[hit]]
        cluster[s:e] = out
    return cluster


def _count_codes(codes: list[np.ndarray], n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct codes (each below ``n_codes``) and how often each occurs.

    Counted in an array of ``n_codes`` counters when that is at most :data:`DENSE_CODES` (no sort:
    outlet pairs of a few hundred outlets), by sorting otherwise; the result is the same.
    """
    if not codes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flat = np.concatenate(codes)
    if n_codes <= DENSE_CODES:
        counts = np.bincount(flat, minlength=n_codes)
        unique = np.flatnonzero(counts)
        return unique.astype(np.int64), counts[unique].astype(np.int64)
    unique, counts = np.unique(flat, return_counts=True)
    return unique, counts.astype(np.int64)


def _merge_counts(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Sum the counts of equal codes across ``(codes, counts)`` parts."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = np.concatenate([c for c, _ in parts])
    counts = np.concatenate([n for _, n in parts])
    unique, inverse = np.unique(codes, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)


def _shared_clusters(records: np.ndarray, cluster: np.ndarray, parts: int, n_outlets: int) -> _Clusters:
    """Sizes and outlets of every cluster spanning two or more outlets, and outlet-pair counts."""
    reps, sizes, lengths, outlet_lists = [], [], [], []
    n_pairs = n_outlets * n_outlets  # pair codes are a * n_outlets + b
    pair_totals: list[tuple[np.ndarray, np.ndarray]] = []
    for part in range(parts):
        chosen = _partition(cluster, parts, part)
        keys = np.asarray(cluster[chosen])
        outlet = records["outlet"][chosen].astype(np.int64)
        article = np.asarray(records["article"][chosen])
        order = np.lexsort((article, outlet, keys))
        keys, outlet, article = keys[order], outlet[order], article[order]
        cluster_starts = _group_starts(keys)
        outlet_starts = cluster_starts | _group_starts(outlet)
        article_starts = outlet_starts | _group_starts(article)  # an article has one outlet
        index = np.cumsum(cluster_starts) - 1
        n_out = np.bincount(index, weights=outlet_starts).astype(np.int64)
        n_art = np.bincount(index, weights=article_starts).astype(np.int64)
        n_sent = np.bincount(index).astype(np.int64)
        shared = n_out >= 2
        if not shared.any():
            continue
        reps.append(keys[cluster_starts][shared])
        sizes.append(np.stack([n_out[shared], n_art[shared], n_sent[shared]], axis=1))
        rows = np.flatnonzero(outlet_starts)
        rows = rows[shared[index[rows]]]
        bounds = [*np.flatnonzero(_group_starts(index[rows])).tolist(), len(rows)]
        codes: list[np.ndarray] = []
        pending = 0
        for s, e in pairwise(bounds):
            members = outlet[rows[s:e]]
            outlet_lists.append(members)
            lengths.append(len(members))
            i, j = np.triu_indices(len(members), 1)
            codes.append(members[i] * n_outlets + members[j])
            pending += len(i)
            if pending > BLOCK:
                pair_totals = [_merge_counts([*pair_totals, _count_codes(codes, n_pairs)])]
                codes, pending = [], 0
        pair_totals = [_merge_counts([*pair_totals, _count_codes(codes, n_pairs)])]
    empty = np.zeros(0, dtype=np.int64)
    if not reps:
        return _Clusters(
            cluster, empty, empty, empty, empty, np.zeros(1, dtype=np.int64), empty, empty, empty
        )
    all_reps, all_sizes = np.concatenate(reps), np.concatenate(sizes)
    order = np.argsort(all_reps, kind="stable")
    ordered_lists = [outlet_lists[i] for i in order.tolist()]
    codes_out, counts_out = _merge_counts(pair_totals)
    return _Clusters(
        cluster_of=cluster,
        reps=all_reps[order],
        n_outlets=all_sizes[order, 0],
        n_articles=all_sizes[order, 1],
        n_sentences=all_sizes[order, 2],
        outlet_offsets=np.concatenate(([0], np.cumsum(np.asarray(lengths, dtype=np.int64)[order]))),
        outlet_ids=np.concatenate(ordered_lists),
        pair_codes=codes_out,
        pair_counts=counts_out,
    )


def _write_outlet_pairs(clusters: _Clusters, names: list[str], path: Path) -> int:
    rows = []
    for code, count in zip(clusters.pair_codes.tolist(), clusters.pair_counts.tolist(), strict=True):
        a, b = sorted((names[code // len(names)], names[code % len(names)]))
        rows.append((a, b, count))
    rows.sort()
    atomic.write_csv(path, pd.DataFrame(rows, columns=list(OUTLET_PAIR_COLUMNS)))
    return len(rows)


@dataclass(frozen=True)
class _MemberPiece:
    """One piece of ``sentences.csv`` (whole chunks' rows) and what it contributes to the wire
    tables: ``local`` rows of the piece in a shared cluster, their cluster ids and similarity;
    for the rows that are their cluster's first copy (``first``), that cluster's fields."""

    path: Path
    header: bytes
    byte_start: int
    byte_end: int
    local: np.ndarray
    cluster_id: np.ndarray
    similarity: np.ndarray
    first: np.ndarray
    first_fields: dict[str, np.ndarray | list[str]]


def _pieces(starts: list[tuple[int, int]], rows_per_piece: int) -> list[tuple[int, int, int, int]]:
    """Consecutive chunks of ``sentences.csv`` grouped into pieces of at least ``rows_per_piece``
    rows (the last may be shorter): ``(first row, end row, first byte, end byte)``. ``starts``
    holds ``(row, byte)`` where each chunk's rows begin, then where the last one ends."""
    pieces = []
    first = starts[0]
    for i, point in enumerate(starts[1:], start=1):
        if point[0] - first[0] >= rows_per_piece or i == len(starts) - 1:
            if point[0] > first[0]:
                pieces.append((first[0], point[0], first[1], point[1]))
            first = point
    return pieces


def _member_pieces(
    records: np.ndarray,
    text_rep: np.ndarray,
    clusters: _Clusters,
    similarity: dict[int, float],
    names: list[str],
    sentences_csv: Path,
    starts: list[tuple[int, int]],
) -> Iterator[_MemberPiece]:
    """What each piece of ``sentences.csv`` with rows in a shared cluster contributes. A copy's
    ``similarity`` is the Jaccard similarity of its text to the cluster's first copy (1 for the
    same words)."""
    if not len(clusters.reps):
        return
    with Path(sentences_csv).open("rb") as handle:
        header = handle.read(starts[0][1])
    rows_of = records["row"]
    for row_start, row_end, byte_start, byte_end in _pieces(starts, CSV_ROWS):
        lo, hi = np.searchsorted(rows_of, [row_start, row_end])
        index = np.arange(lo, hi, dtype=np.int64)
        cluster = np.asarray(clusters.cluster_of[lo:hi])
        position = np.minimum(np.searchsorted(clusters.reps, cluster), len(clusters.reps) - 1)
        shared = clusters.reps[position] == cluster
        index, cluster, position = index[shared], cluster[shared], position[shared]
        if not len(index):
            continue
        text = np.asarray(text_rep[index])
        variant = text != cluster
        score = np.ones(len(index), dtype=np.float64)
        score[variant] = [round(similarity[t], 6) for t in text[variant].tolist()]
        first = index == cluster
        at = position[first]
        outlets = [
            "; ".join(
                sorted(
                    names[o]
                    for o in clusters.outlet_ids[
                        clusters.outlet_offsets[p] : clusters.outlet_offsets[p + 1]
                    ].tolist()
                )
            )
            for p in at.tolist()
        ]
        yield _MemberPiece(
            path=Path(sentences_csv),
            header=header,
            byte_start=byte_start,
            byte_end=byte_end,
            local=np.asarray(rows_of[index]) - row_start,
            cluster_id=position + 1,
            similarity=score,
            first=first,
            first_fields={
                "cluster_id": at + 1,
                "n_outlets": clusters.n_outlets[at],
                "n_articles": clusters.n_articles[at],
                "n_sentences": clusters.n_sentences[at],
                "outlets": outlets,
            },
        )


def _member_csv(piece: _MemberPiece) -> tuple[bytes, int, bytes, int]:
    """A piece's rows of ``wire_copy`` and ``wire_clusters`` as CSV bytes without header, and
    how many of each. Reads only the piece's bytes of ``sentences.csv`` (and its text column
    only when the piece holds a cluster's first copy)."""
    with piece.path.open("rb") as handle:
        handle.seek(piece.byte_start)
        data = handle.read(piece.byte_end - piece.byte_start)
    columns = ["article_id", "outlet", "sentence_id", "start", "end"]
    if piece.first.any():
        columns.append("text")
    part = pd.read_csv(
        io.BytesIO(piece.header + data),
        usecols=columns,
        dtype={"article_id": str, "outlet": str, "text": str},
        keep_default_na=False,
    )
    picked = part.iloc[piece.local]
    members = pd.DataFrame(
        {
            "cluster_id": piece.cluster_id,
            "outlet": picked["outlet"].to_numpy(),
            "article_id": picked["article_id"].to_numpy(),
            "sentence_id": picked["sentence_id"].to_numpy(),
            "start": picked["start"].to_numpy(),
            "end": picked["end"].to_numpy(),
            "similarity": piece.similarity,
        }
    )
    member_rows = csvtext.rows_without_header(csvtext.table_to_csv_bytes(members)).tobytes()
    firsts = picked[piece.first]
    fields = piece.first_fields
    cluster_rows = pd.DataFrame(
        {
            "cluster_id": fields["cluster_id"],
            "n_outlets": fields["n_outlets"],
            "n_articles": fields["n_articles"],
            "n_sentences": fields["n_sentences"],
            "outlet": firsts["outlet"].to_numpy(),
            "article_id": firsts["article_id"].to_numpy(),
            "sentence_id": firsts["sentence_id"].to_numpy(),
            "start": firsts["start"].to_numpy(),
            "end": firsts["end"].to_numpy(),
            "outlets": fields["outlets"],
            "text": firsts["text"].to_numpy() if len(firsts) else [],
        },
        columns=list(CLUSTER_COLUMNS),
    )
    first_rows = csvtext.rows_without_header(csvtext.table_to_csv_bytes(cluster_rows)).tobytes()
    return member_rows, len(members), first_rows, len(cluster_rows)


def _write_members(
    pieces: Iterable[_MemberPiece], out_dir: Path, map_jobs: Callable[..., Iterator] = map
) -> tuple[int, int]:
    """Write ``wire_copy`` and ``wire_clusters`` from the pieces of ``sentences.csv``, each
    piece formatted by ``map_jobs`` (in worker processes, or here by default), in order."""
    paths = {"members": out_dir / "wire_copy.csv", "clusters": out_dir / "wire_clusters.csv"}
    columns = {"members": MEMBER_COLUMNS, "clusters": CLUSTER_COLUMNS}
    counts = {"members": 0, "clusters": 0}
    handles = {}
    with contextlib.ExitStack() as stack:
        for key, path in paths.items():
            handles[key] = stack.enter_context(path.open("wb"))
            handles[key].write(csvtext.table_to_csv_bytes(pd.DataFrame(columns=list(columns[key]))))
        for member_rows, n_members, cluster_rows, n_clusters in map_jobs(_member_csv, pieces):
            handles["members"].write(member_rows)
            handles["clusters"].write(cluster_rows)
            counts["members"] += n_members
            counts["clusters"] += n_clusters
    return counts["members"], counts["clusters"]


def write_wire_tables(
    store: SketchStore,
    sentences_csv: Path,
    out_dir: Path,
    starts: list[tuple[int, int]],
    rows_per_pass: int | None = None,
    texts_per_pass: int | None = None,
    map_jobs: Callable[..., Iterator] = map,
) -> dict[str, int]:
    """Cluster the corpus's shared copy and write the three wire tables into ``out_dir``.

    ``sentences_csv`` is the run's complete sentence table (the store's rows point into it);
    ``starts`` holds ``(row, byte)`` where each chunk's rows begin in it, then where the last
    chunk's end. ``map_jobs`` runs the formatting of ``wire_copy`` piece by piece, like
    :func:`map` (the default, in this process) or :meth:`analysis.engines.LocalPool.map`.
    Returns the number of rows of each table. Working files stay in the store's folder.
    ``rows_per_pass`` and ``texts_per_pass`` default to the module's ``ROWS_PER_PASS`` and
    ``TEXTS_PER_PASS``; any value gives the same tables.
    """
    rows_per_pass = rows_per_pass or ROWS_PER_PASS
    texts_per_pass = texts_per_pass or TEXTS_PER_PASS
    records = store.records()
    names = store.outlet_names()
    parts = max(1, math.ceil(len(records) / rows_per_pass))
    text_rep = _text_reps(records, parts, store.folder)
    pairs = _candidate_pairs(records, text_rep, parts)
    edges = pairs[_similarities(records, pairs, sentences_csv, texts_per_pass) >= THRESHOLD]
    nodes, roots = _components(edges)
    cluster = _cluster_of(text_rep, nodes, roots, store.folder)
    clusters = _shared_clusters(records, cluster, parts, max(1, len(names)))
    variants = nodes != roots  # texts joined to a cluster whose first copy reads differently
    to_first = np.stack([nodes[variants], roots[variants]], axis=1)
    similarity = dict(
        zip(
            nodes[variants].tolist(),
            _similarities(records, to_first, sentences_csv, texts_per_pass).tolist(),
            strict=True,
        )
    )
    pair_rows = _write_outlet_pairs(clusters, names, out_dir / "wire_outlet_pairs.csv")
    pieces = _member_pieces(records, text_rep, clusters, similarity, names, sentences_csv, starts)
    member_rows, cluster_rows = _write_members(pieces, out_dir, map_jobs)
    return {"wire_copy": member_rows, "wire_clusters": cluster_rows, "wire_outlet_pairs": pair_rows}
