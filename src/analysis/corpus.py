"""Load a corpus of articles from the forms researchers actually have.

Accepted inputs (see :func:`iter_corpus`):

* a folder of ``.txt`` files (searched recursively), with an optional ``manifest.csv`` joined on
  ``article_id`` = the file stem;
* a single ``.txt`` file;
* a ``.csv`` or ``.jsonl`` file with an ``id`` and a ``text`` column and optional ``outlet``,
  ``published``, ``title`` and ``url`` columns. Other column names are mapped with ``columns``,
  e.g. ``{"id": "doc_id", "text": "body"}``.

The raw text of an article is the file (or field) decoded as UTF-8 with a leading BOM removed and
line endings kept as they are; every offset in every derived table refers to that string.

Every problem raises :class:`~analysis.errors.InputError` naming the file (and the line or row
where there is one). Articles come out sorted by ``article_id`` for folders and in file order for
CSV and JSONL, in chunks so that a corpus larger than memory can be streamed.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import json
import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import InputError

STANDARD_FIELDS = ("id", "text", "outlet", "published", "title", "url")
MANIFEST_NAME = "manifest.csv"
UNKNOWN_OUTLET = "unknown outlet"
# Manifest columns that are renamed on the way in; everything else carries through as is.
MANIFEST_RENAMES = {"headline": "title"}
MANIFEST_DROPPED = {"file"}
# The longest CSV field read, in characters. Python's default (131,072) is shorter than a long
# article; a cap is still kept so that a runaway field (a quote left open in a large file) stops
# with an error instead of filling memory. 32 Mi characters is some 5 million words.
MAX_CSV_FIELD = 1 << 25


@dataclass(frozen=True)
class Article:
    """One article: its id, raw text and metadata (all metadata values are strings)."""

    article_id: str
    text: str
    source: str
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def outlet(self) -> str:
        return self.meta.get("outlet") or UNKNOWN_OUTLET


def _utf16_or_32(head: bytes) -> str | None:
    """The name of a UTF-16/32 encoding announced by a byte-order mark, else None."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if head.startswith(bom):
            return name
    return None


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode article bytes as UTF-8 (BOM tolerated), refusing empty, binary and other encodings."""
    if not data.strip():
        raise InputError(path, "file is empty")
    wide = _utf16_or_32(data)
    if wide:
        raise InputError(path, f"is not UTF-8 (it is {wide}); re-save it as UTF-8")
    if b"\x00" in data:
        raise InputError(path, "looks like a binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save it as UTF-8",
        ) from None
    if not text.strip():
        raise InputError(path, "file is empty")
    return text


def read_text_file(path: Path) -> str:
    """Read one article file; see :func:`decode_text` for what is refused."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    return decode_text(data, path)


def _clean_meta(raw: Mapping[str, object]) -> dict[str, str]:
    """Metadata values as stripped strings; missing values (None, NaN) become empty strings."""
    meta: dict[str, str] = {}
    for key, value in raw.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            meta[str(key)] = ""
        else:
            meta[str(key)] = str(value).strip()
    return meta


@dataclass(frozen=True)
class CsvRecord:
    """One non-blank CSV row and the lines it spans (``end > start`` when a quoted field holds
    line breaks, as article text in a CSV often does)."""

    start: int
    end: int
    row: list[str]

    def ragged(self, fields: int) -> str:
        """The problem of a row whose field count is not the header's ``fields``. A row that spans
        lines may have swallowed the rows after an unclosed quote; the message says so."""
        problem = f"line {self.start} has {len(self.row)} fields, the header has {fields}"
        if self.end > self.start:
            problem += (
                f" (the row runs on to line {self.end} inside a quoted field: "
                f"is a quote on line {self.start} unclosed?)"
            )
        return problem


@contextlib.contextmanager
def csv_field_limit(limit: int | None = None) -> Iterator[None]:
    """Let ``csv`` readers accept fields of up to ``limit`` characters (default
    :data:`MAX_CSV_FIELD`) inside the block.

    ``csv.field_size_limit`` is global to the process, so it is raised only around the reads
    that need it and restored afterwards, never lowered (a caller may have raised it further),
    and never changed at import time. Readers that yield between rows (:func:`_csv_records`)
    enter the block once per row, so nothing else runs while the limit is raised.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(MAX_CSV_FIELD if limit is None else limit, previous))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_problem(error: csv.Error, start: int, end: int) -> str:
    """A one-line description of a strict CSV reader's ``error`` in the row starting on line
    ``start``; the reader had read up to line ``end`` when it gave up."""
    message = str(error)
    if message == "unexpected end of data":
        return (
            f"line {start}: a quote opened in this row is never closed "
            f"(the rest of the file, to line {end}, would be one field)"
        )
    if "expected after" in message:
        if end > start:
            return (
                f"line {start}: a quoted field that opens in this row closes on line {end} and is "
                f"followed by more text; is a quote on line {start} unclosed?"
            )
        return (
            f"line {start}: text follows the closing quote of a field ({message}): a quote in this "
            f'row is unclosed or not doubled (a field with quotes is written "a ""b"" c")'
        )
    if message.startswith("field larger than field limit"):
        limit = message.rpartition("(")[2].rstrip(")")
        limit = f"{int(limit):,}" if limit.isdigit() else limit
        return (
            f"line {start}: a field runs past {limit} characters (to line {end}); "
            f"is a quote on line {start} unclosed?"
        )
    return f"is not valid CSV at line {start} ({message})"


class _CsvReader(Protocol):
    """What :func:`_csv_records` needs of a ``csv.reader``."""

    line_num: int

    def __next__(self) -> list[str]: ...


def _csv_records(reader: _CsvReader, path: Path) -> Iterator[CsvRecord]:
    """The non-blank rows of a strict ``csv.reader`` with the lines each spans.

    A quote that is never closed makes the strict reader run to the end of the file (or past
    :data:`MAX_CSV_FIELD` characters) and fail there; that, and every other CSV error, raises
    :class:`InputError` naming the line the row starts on, which is where the bad quote is.
    """
    while True:
        start = reader.line_num + 1
        try:
            with csv_field_limit():
                row = next(reader, None)
        except csv.Error as exc:
            raise InputError(path, _csv_problem(exc, start, reader.line_num)) from None
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield CsvRecord(start, reader.line_num, row)


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """Read ``manifest.csv`` into ``{article_id: metadata}``.

    The manifest needs an ``article_id`` column; ``headline`` is renamed ``title`` and ``file`` is
    dropped (files are matched on their stem). A missing column, a ragged row, a duplicated or
    empty id, an unclosed quote and a non-UTF-8 file each raise :class:`InputError` naming the
    manifest and the line (for a row, the line it starts on; quoted fields may span lines).
    """
    text = read_text_file(path)
    records = _csv_records(csv.reader(io.StringIO(text, newline=""), strict=True), path)
    first = next(records, None)
    if first is None:
        raise InputError(path, "manifest is empty")
    header = [name.strip() for name in first.row]
    if "article_id" not in header:
        raise InputError(path, f"manifest has no 'article_id' column (columns: {', '.join(header)})")
    manifest: dict[str, dict[str, str]] = {}
    for entry in records:
        line_no, row = entry.start, entry.row
        if len(row) != len(header):
            raise InputError(path, entry.ragged(len(header)))
        record = dict(zip(header, row, strict=True))
        article_id = record["article_id"].strip()
        if not article_id:
            raise InputError(path, f"line {line_no} has an empty article_id")
        if article_id in manifest:
            raise InputError(path, f"article_id {article_id!r} appears twice (line {line_no})")
        meta = {
            MANIFEST_RENAMES.get(key, key): value
            for key, value in record.items()
            if key not in MANIFEST_DROPPED and key != "article_id"
        }
        manifest[article_id] = _clean_meta(meta)
    return manifest


def _folder_articles(folder: Path) -> Iterator[Article]:
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    if not files:
        raise InputError(folder, "folder holds no .txt articles")
    by_id: dict[str, Path] = {}
    for file in files:
        if file.stem in by_id:
            raise InputError(file, f"article_id {file.stem!r} is also used by {by_id[file.stem]}")
        by_id[file.stem] = file
    manifest_path = folder / MANIFEST_NAME
    manifest = read_manifest(manifest_path) if manifest_path.exists() else None
    if manifest is not None:
        missing_files = sorted(set(manifest) - set(by_id))
        if missing_files:
            raise InputError(
                manifest_path,
                f"lists article_id {missing_files[0]!r} but no {missing_files[0]}.txt exists "
                f"under {folder}" + (f" ({len(missing_files)} such rows)" if len(missing_files) > 1 else ""),
            )
        unlisted = sorted(set(by_id) - set(manifest))
        if unlisted:
            raise InputError(
                by_id[unlisted[0]],
                f"has no row in {manifest_path}"
                + (f" ({len(unlisted)} such files)" if len(unlisted) > 1 else ""),
            )
    for article_id in sorted(by_id):
        path = by_id[article_id]
        meta = dict(manifest[article_id]) if manifest is not None else {}
        yield Article(article_id, read_text_file(path), str(path), meta)


def _resolve_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    resolved = {name: name for name in STANDARD_FIELDS}
    for key, value in (columns or {}).items():
        if key not in STANDARD_FIELDS:
            raise InputError(
                None, f"unknown column mapping {key!r}; map one of: {', '.join(STANDARD_FIELDS)}"
            )
        resolved[key] = value
    return resolved


def _record_to_article(
    record: Mapping[str, object], columns: Mapping[str, str], path: Path, where: str
) -> Article:
    id_col, text_col = columns["id"], columns["text"]
    if id_col not in record:
        raise InputError(path, f"{where} has no {id_col!r} field")
    if text_col not in record:
        raise InputError(path, f"{where} has no {text_col!r} field")
    article_id = "" if record[id_col] is None else str(record[id_col]).strip()
    if not article_id:
        raise InputError(path, f"{where} has an empty {id_col!r}")
    text = record[text_col]
    if not isinstance(text, str):
        raise InputError(path, f"{where}: {text_col!r} is not a string")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(path, f"{where}: article {article_id!r} has an empty {text_col!r}")
    if "\x00" in text:
        raise InputError(path, f"{where}: article {article_id!r} contains NUL bytes")
    if not (text.isascii() and article_id.isascii()) and not _encodable(text + article_id):
        raise InputError(
            path, f"{where}: article {article_id!r} contains an unpaired surrogate (\\ud800-\\udfff)"
        )
    for target, source in columns.items():
        if source != target and source not in record:
            raise InputError(path, f"{where} has no {source!r} field (mapped by --columns {target}={source})")
    reverse = {source: target for target, source in columns.items()}
    meta = _clean_meta(
        {reverse.get(key, key): value for key, value in record.items() if key not in (id_col, text_col)}
    )
    return Article(article_id, text, f"{path}#{article_id}", meta)


def _encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON's "\\ud800" escapes decode to lone
    surrogates, which cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _open_utf8(path: Path) -> io.TextIOWrapper:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    head = handle.read(4096)
    handle.seek(0)
    if not head.strip():
        handle.close()
        raise InputError(path, "file is empty")
    wide = _utf16_or_32(head)
    if wide:
        handle.close()
        raise InputError(path, f"is not UTF-8 (it is {wide}); re-save it as UTF-8")
    if b"\x00" in head:
        handle.close()
        raise InputError(path, "looks like a binary file (contains NUL bytes), expected UTF-8 text")
    return io.TextIOWrapper(handle, encoding="utf-8-sig", errors="strict", newline="")


def _not_utf8(path: Path) -> InputError:
    """The error for a file a text reader failed to decode: the first byte that is not UTF-8, its
    line and its offset in the file.

    The reader's own error cannot say: it decodes ahead of the lines it has handed out, in
    buffers of thousands of bytes. The file is read again as bytes, line by line, which is exact
    because no UTF-8 sequence contains a newline byte. Lines are counted by ``\\n``.
    """
    offset = 0
    with path.open("rb") as handle:
        for line_no, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return InputError(
                    path,
                    f"is not UTF-8 (byte 0x{line[exc.start]:02x} on line {line_no}, at offset "
                    f"{offset + exc.start}); re-save it as UTF-8",
                )
            offset += len(line)
    return InputError(path, "is not UTF-8; re-save it as UTF-8")


def _jsonl_articles(path: Path, columns: Mapping[str, str]) -> Iterator[Article]:
    with _open_utf8(path) as handle:
        try:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(path, f"line {line_no} is not valid JSON ({exc.msg})") from None
                if not isinstance(record, dict):
                    raise InputError(path, f"line {line_no} is not a JSON object")
                yield _record_to_article(record, columns, path, f"line {line_no}")
        except UnicodeDecodeError:
            raise _not_utf8(path) from None


def _csv_articles(path: Path, columns: Mapping[str, str]) -> Iterator[Article]:
    with _open_utf8(path) as handle:
        reader = csv.reader(handle, strict=True)
        records = _csv_records(reader, path)
        try:
            first = next(records, None)
            if first is None:
                raise InputError(path, "file is empty")
            header = [name.strip() for name in first.row]
            mapped = [target for target, source in columns.items() if source != target]
            for needed in ("id", "text", *mapped):
                if columns[needed] not in header:
                    raise InputError(
                        path,
                        f"has no {columns[needed]!r} column (columns: {', '.join(header)}); "
                        f"map yours with --columns {needed}=NAME",
                    )
            for record in records:
                if len(record.row) != len(header):
                    raise InputError(path, record.ragged(len(header)))
                fields = dict(zip(header, record.row, strict=True))
                yield _record_to_article(fields, columns, path, f"line {record.start}")
        except UnicodeDecodeError:
            raise _not_utf8(path) from None


def iter_articles(path: str | Path, columns: Mapping[str, str] | None = None) -> Iterator[Article]:
    """Yield the articles of the corpus at ``path`` one by one, validating as it goes.

    Duplicate ids raise :class:`InputError` naming the file. A folder is fully checked against its
    manifest before the first article is yielded; a CSV or JSONL file is checked row by row.
    """
    path = Path(path)
    resolved = _resolve_columns(columns)
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_dir():
        source: Iterator[Article] = _folder_articles(path)
    else:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            source = iter([Article(path.stem, read_text_file(path), str(path), {})])
        elif suffix == ".jsonl":
            source = _jsonl_articles(path, resolved)
        elif suffix == ".csv":
            source = _csv_articles(path, resolved)
        else:
            raise InputError(path, "unsupported corpus file; give a folder, a .txt, a .csv or a .jsonl file")
    seen: set[str] = set()
    count = 0
    for article in source:
        if article.article_id in seen:
            raise InputError(path, f"article_id {article.article_id!r} appears twice")
        seen.add(article.article_id)
        count += 1
        yield article
    if count == 0:
        raise InputError(path, "holds no articles")


def closest_outlet(name: str, known: Collection[str]) -> str | None:
    """The known outlet most like ``name`` ignoring case, or None when none is close (difflib's
    ratio below 0.6). One that differs only in case is always the closest."""
    by_folded = {k.casefold(): k for k in sorted(known)}
    match = difflib.get_close_matches(name.casefold(), list(by_folded), n=1)
    return by_folded[match[0]] if match else None


def with_closest(names: Sequence[str], known: Collection[str]) -> str:
    """``names`` quoted for a one-line error, each followed by the closest of the ``known``
    outlets when one is close: "'jagran josh' (closest: 'Jagran Josh'), 'RTT'"."""
    parts = []
    for name in names:
        close = closest_outlet(name, known)
        parts.append(f"{name!r} (closest: {close!r})" if close else repr(name))
    return ", ".join(parts)


def unmatched_outlets(names: Sequence[str], known: Collection[str]) -> str:
    """``names`` (outlets that matched nothing) for a one-line error, each with the closest known
    outlet (:func:`with_closest`), then the known outlets themselves when there are at most 10,
    else their number."""
    if len(known) <= 10:
        listed = ", ".join(repr(k) for k in sorted(known))
        return f"{with_closest(names, known)}; the corpus's outlets are {listed}"
    return f"{with_closest(names, known)}; the corpus has {len(known)} outlets"


def outlet_names(value: str | Iterable[object]) -> list[str]:
    """Outlet names given as one comma-separated string or as a list (a parameter file may hold
    either), each stripped; blank names are dropped."""
    items = value.split(",") if isinstance(value, str) else value
    return [str(item).strip() for item in items if str(item).strip()]


def iter_corpus(
    path: str | Path,
    chunk_size: int = 500,
    columns: Mapping[str, str] | None = None,
    outlets: Sequence[str] | None = None,
) -> Iterator[list[Article]]:
    """Yield the corpus in lists of at most ``chunk_size`` articles.

    ``outlets`` keeps only articles whose outlet is in the list (case-insensitive). A name in the
    list that no article has raises :class:`InputError` naming it and the closest outlet; as the
    outlets are known only once the whole corpus is read, that happens before the last chunk is
    yielded (a pipeline that writes only when every chunk succeeded writes nothing).
    """
    if chunk_size < 1:
        raise InputError(None, f"chunk size must be at least 1, got {chunk_size}")
    wanted = None if not outlets else {o.casefold() for o in outlets}
    seen: set[str] = set()
    chunk: list[Article] = []
    for article in iter_articles(path, columns):
        if wanted is not None:
            seen.add(article.outlet)
            if article.outlet.casefold() not in wanted:
                continue
        chunk.append(article)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if outlets:
        _check_outlet_filter(path, outlets, seen)
    if chunk:
        yield chunk


def _check_outlet_filter(path: str | Path, outlets: Sequence[str], seen: set[str]) -> None:
    """Raise :class:`InputError` if a name in the outlet filter matches none of the ``seen``
    outlets (case-insensitive)."""
    folded = {o.casefold() for o in seen}
    unmatched = [o for o in outlets if o.casefold() not in folded]
    if not unmatched:
        return
    names = unmatched_outlets(unmatched, seen)
    if len(unmatched) == len(outlets):
        raise InputError(path, f"no article matches the outlet filter {sorted(outlets)}: {names}")
    raise InputError(path, f"outlet filter: no article has the outlet {names}")


def load_corpus(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    outlets: Sequence[str] | None = None,
) -> list[Article]:
    """Load the whole corpus into memory (fine for thousands of articles; stream beyond that)."""
    return [a for chunk in iter_corpus(path, 10_000, columns, outlets) for a in chunk]


def count_articles(path: str | Path) -> int | None:
    """A quick count of the corpus's articles for a progress bar (None if it cannot tell).

    Files in a folder, non-blank lines of a JSONL file, rows of a CSV file (one pass), 1 for a
    text file. No validation: :func:`iter_articles` does that.
    """
    path = Path(path)
    try:
        if path.is_dir():
            return sum(1 for p in path.rglob("*.txt") if p.is_file())
        suffix = path.suffix.lower()
        if suffix == ".txt":
            return 1
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle, csv_field_limit():
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, csv.Error):
        return None
    return None
