"""Where each article's rows lie in a derived CSV, so one article can be read without the rest.

The report shows evidence sentences from ``sentences.csv`` and text from ``blocks.csv``; for an
archive these tables hold millions of rows and gigabytes of text, yet a report shows a few
hundred sentences. :func:`article_ranges` scans a table once, byte by byte, and records the byte
ranges of every article's records; :func:`read_ranges` then reads just those bytes.

Records are found as pandas writes them (RFC 4180): a record ends at a newline outside quotes,
and a quote inside a field is doubled, so a newline ends a record exactly when the quote marks
seen since the record began are even in number. The article id is the first field. An
article's rows need not be contiguous: each run of them is one range, in file order.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .corpus import csv_field_limit
from .errors import InputError

ArticleRanges = dict[str, list[tuple[int, int]]]


def _first_field(record: bytes, path: Path, offset: int) -> str:
    """The first field of the CSV record at byte ``offset`` (the article id), unquoted."""
    if not record.startswith(b'"'):
        return record.split(b",", 1)[0].rstrip(b"\r\n").decode("utf-8")
    try:
        with csv_field_limit():  # the record holds the whole row: a sentence or block can be long
            return next(csv.reader(io.StringIO(record.decode("utf-8"))))[0]
    except (StopIteration, UnicodeDecodeError, csv.Error) as error:
        raise InputError(path, f"unreadable record at byte {offset}: {error}") from None


def article_ranges(path: Path, id_column: str = "article_id") -> tuple[bytes, ArticleRanges]:
    """The header line of ``path`` and, per article id, the byte ranges ``(start, end)`` of
    its records in file order (adjacent records of one article form one range).

    Raises :class:`~analysis.errors.InputError` when the file is empty or its first column is
    not ``id_column``. A file with a header only gives no ranges.
    """
    path = Path(path)
    ranges: ArticleRanges = {}
    with path.open("rb") as handle:
        header = handle.readline()
        if not header.strip():
            raise InputError(path, "is empty (no header line)")
        first = header.split(b",", 1)[0].strip().strip(b'"').decode("utf-8", "replace")
        if first != id_column:
            raise InputError(path, f"first column is {first!r}, expected {id_column!r}")
        offset = record_start = len(header)
        quotes = 0
        pieces: list[bytes] = []
        last_id = None
        for line in handle:
            offset += len(line)
            quotes += line.count(b'"')
            pieces.append(line)
            if quotes % 2:
                continue  # a newline inside a quoted field: the record goes on
            record = pieces[0] if len(pieces) == 1 else b"".join(pieces)
            article_id = _first_field(record, path, record_start)
            spans = ranges.setdefault(article_id, [])
            if article_id == last_id and spans and spans[-1][1] == record_start:
                spans[-1] = (spans[-1][0], offset)
            else:
                spans.append((record_start, offset))
            last_id, record_start, quotes, pieces = article_id, offset, 0, []
    return header, ranges


def read_ranges(path: Path, header: bytes, spans: list[tuple[int, int]]) -> bytes:
    """The header followed by the bytes of ``spans`` of ``path``: a CSV of just those rows."""
    out = [header]
    with Path(path).open("rb") as handle:
        for start, end in spans:
            handle.seek(start)
            out.append(handle.read(end - start))
    return b"".join(out)
