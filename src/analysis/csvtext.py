"""Tables as CSV bytes, the same every time: no index, ``\\n`` line endings, ``%.6g`` floats.

The bytes are exactly those of pandas' ``to_csv(index=False, lineterminator="\\n",
float_format="%.6g")``. Tables whose columns all hold numbers, booleans or text (missing values
included) are written column by column here, which is faster: pandas formats each cell through
several Python calls and then hands every row to :mod:`csv`. Anything else (dates, categories,
mixed objects, a table of one column, whose empty field :mod:`csv` quotes) is written by pandas
itself. The tests compare both paths on awkward tables.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

FLOAT_FORMAT = "%.6g"


def table_to_csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as CSV bytes (see the module doc). A table without rows gives its header line."""
    columns = _column_fields(table)
    if columns is None:
        return _pandas_csv_bytes(table)
    lines = [",".join(quote_fields(list(table.columns)))]
    # One %-format per row is much faster than joining fields; "%s" writes each field as str().
    lines.extend(map(",".join(["%s"] * len(columns)).__mod__, zip(*columns, strict=True)))
    lines.append("")
    return "\n".join(lines).encode("utf-8")


def rows_without_header(data: bytes) -> memoryview:
    """The rows of CSV bytes, their header line left out (without copying the rows)."""
    return memoryview(data)[data.index(b"\n") + 1 :]


def float_column_text(values: list[float]) -> list[str]:
    """Each float as ``%.6g`` text ("0.25", "1e-07", "-0", "inf"); NaN as an empty field."""
    return [FLOAT_FORMAT % v if v == v else "" for v in values]


def quote_fields(values: list[str]) -> list[str]:
    """Each field as :mod:`csv` writes it with minimal quoting: in double quotes, its own double
    quotes doubled, when it holds a comma, a double quote or a line break; as it is otherwise. A
    lone carriage return is left to :mod:`csv` itself, whose rule for it differs between Python
    versions."""
    out = list(values)
    together = "".join(out)  # one scan tells whether any field needs quotes
    if "," not in together and '"' not in together and "\n" not in together and "\r" not in together:
        return out
    for i, value in enumerate(out):
        if "," in value or '"' in value or "\n" in value or "\r" in value:
            out[i] = _csv_field(value) if "\r" in value else '"' + value.replace('"', '""') + '"'
    return out


def _csv_field(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value, ""])
    return buffer.getvalue()[: -len(",\n")]


def _column_fields(table: pd.DataFrame) -> list[list] | None:
    """Every column's fields, as text or as values whose ``str`` is their text (integers,
    booleans); None when some column (or the table's shape) is left to pandas."""
    if table.shape[1] < 2 or not all(isinstance(label, str) for label in table.columns):
        return None
    columns = []
    for i, dtype in enumerate(table.dtypes):
        column = table.iloc[:, i]
        if pd.api.types.is_float_dtype(dtype):
            text = _float_text(column)
        elif isinstance(dtype, np.dtype) and dtype.kind in "iub":
            text = column.tolist()  # Python ints or bools: nothing can be missing
        elif pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            text = _number_text(column.tolist())
        elif dtype == np.dtype(object) or isinstance(dtype, pd.StringDtype):
            text = _string_text(column.tolist())
        else:
            return None
        if text is None:
            return None
        columns.append(text)
    return columns


def _number_text(values: list) -> list | None:
    """Integers and booleans as they are (written as ``str`` writes them: "3", "True"); a
    missing value as ""."""
    if all(type(v) is int or type(v) is bool for v in values):
        return values
    if not all(type(v) is int or type(v) is bool or v is pd.NA for v in values):
        return None
    return ["" if v is pd.NA else str(v) for v in values]


def _string_text(values: list) -> list[str] | None:
    """Text fields quoted where needed; a missing value (None, NaN, ``pd.NA``) as "". None when
    the column holds anything else (numbers in an object column are left to pandas)."""
    if not all(type(v) is str for v in values):
        if not all(type(v) is str or _is_missing(v) for v in values):
            return None
        values = [v if type(v) is str else "" for v in values]
    return quote_fields(values)


def _float_text(column: pd.Series) -> list[str]:
    """A float column (nullable ``Float64`` and ``float32`` too) as :func:`float_column_text`."""
    return float_column_text(column.to_numpy(dtype=np.float64, na_value=np.nan).tolist())


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (type(value) is float and value != value)


def _pandas_csv_bytes(table: pd.DataFrame) -> bytes:
    """pandas' own writer, with float columns formatted first (:func:`float_column_text`)."""
    floats = [i for i, dtype in enumerate(table.dtypes) if pd.api.types.is_float_dtype(dtype)]
    if floats:
        table = table.copy(deep=False)
        for i in floats:
            table.isetitem(i, _float_text(table.iloc[:, i]))
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
