"""Declared field types → pandas dtypes, so a DataFrame has the same types from Parquet and from JSON.

| declared type | pandas dtype                                   | null      |
|---------------|------------------------------------------------|-----------|
| string        | ``string``                                     | ``<NA>``  |
| boolean       | ``boolean``                                    | ``<NA>``  |
| int           | ``Int32``                                      | ``<NA>``  |
| bigint        | ``Int64``                                      | ``<NA>``  |
| float         | ``Float32``                                    | ``<NA>``  |
| double        | ``Float64``                                    | ``<NA>``  |
| decimal(p,s)  | ``decimal128(p, s)[pyarrow]`` (exact; see ``decimals=``) | ``<NA>``  |
| date          | ``datetime64[s]`` (midnight, no zone)          | ``NaT``   |
| timestamp     | ``datetime64[us, UTC]``                        | ``NaT``   |

``decimals="float"`` gives ``Float64`` instead (inexact beyond 15 digits), ``decimals="object"``
Python :class:`decimal.Decimal` objects (exact, slow).
"""

from __future__ import annotations

import decimal
import re
from typing import Any, Iterable, Literal, Mapping, Sequence

import pandas as pd
import pyarrow as pa

Decimals = Literal["arrow", "float", "object"]

_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")


def arrow_type(declared: str) -> pa.DataType:
    """The Arrow type of a declared type name (``bigint``, ``decimal(12,2)``, ...)."""
    t = declared.strip().lower()
    simple = {"string": pa.string(), "varchar": pa.string(), "boolean": pa.bool_(), "int": pa.int32(),
              "integer": pa.int32(), "bigint": pa.int64(), "float": pa.float32(), "real": pa.float32(),
              "double": pa.float64(), "date": pa.date32(), "timestamp": pa.timestamp("us", tz="UTC")}
    if t in simple:
        return simple[t]
    m = _DECIMAL.match(t)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    raise ValueError(f"Cannot map type {declared!r}: not a featurestore type")


def pandas_dtype(arrow: pa.DataType, decimals: Decimals = "arrow") -> Any:
    """The pandas dtype for an Arrow type, per the table in this module's docstring."""
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow) or pa.types.is_string_view(arrow):
        return pd.StringDtype()
    if pa.types.is_boolean(arrow):
        return pd.BooleanDtype()
    if pa.types.is_integer(arrow):
        return {8: pd.Int8Dtype(), 16: pd.Int16Dtype(), 32: pd.Int32Dtype()}.get(arrow.bit_width, pd.Int64Dtype())
    if pa.types.is_float32(arrow):
        return pd.Float32Dtype()
    if pa.types.is_floating(arrow):
        return pd.Float64Dtype()
    if pa.types.is_decimal(arrow):
        if decimals == "float":
            return pd.Float64Dtype()
        if decimals == "object":
            return object
        return pd.ArrowDtype(pa.decimal128(arrow.precision, arrow.scale))
    if pa.types.is_date(arrow):
        return "datetime64[s]"
    if pa.types.is_timestamp(arrow):
        return "datetime64[us, UTC]"
    return None


def frame_from_table(table: pa.Table, decimals: Decimals = "arrow") -> pd.DataFrame:
    """A DataFrame of an Arrow table with the client's dtypes (timestamps without a zone are UTC)."""
    columns = {}
    for name, column in zip(table.column_names, table.columns):
        columns[name] = _series(column, decimals)
    return pd.DataFrame(columns, columns=table.column_names) if columns else pd.DataFrame()


def _series(column: pa.ChunkedArray, decimals: Decimals) -> pd.Series:
    t = column.type
    if pa.types.is_timestamp(t):
        column = column.cast(pa.timestamp("us", tz="UTC")) if t.tz is None else column.cast(pa.timestamp("us", tz=t.tz))
        return column.to_pandas().dt.tz_convert("UTC").astype("datetime64[us, UTC]")
    if pa.types.is_date(t):
        return column.cast(pa.timestamp("s")).to_pandas().astype("datetime64[s]")
    if pa.types.is_decimal(t):
        if decimals == "arrow":
            return pd.Series(pd.arrays.ArrowExtensionArray(column))
        if decimals == "object":
            return pd.Series(column.to_pylist(), dtype=object)
        return pd.Series(column.to_pylist(), dtype=object).astype("Float64")
    dtype = pandas_dtype(t, decimals)
    if dtype is None:
        return column.to_pandas()
    return pa.table({"c": column}).to_pandas(types_mapper=lambda at: dtype if at == t else None)["c"].rename(None)


def frame_from_rows(columns: Sequence[Mapping[str, str]], rows: Iterable[Mapping[str, Any]],
                    decimals: Decimals = "arrow") -> pd.DataFrame:
    """A DataFrame of the JSON answer (``columns`` with declared types, ``rows`` as objects), typed as from Parquet.

    Decimals arrive as JSON numbers written exactly; parse the body with ``parse_float=decimal.Decimal`` so
    no digit is lost.
    """
    fields = []
    values: dict[str, list[Any]] = {c["name"]: [] for c in columns}
    for row in rows:
        for c in columns:
            values[c["name"]].append(row.get(c["name"]))
    arrays = []
    for c in columns:
        t = arrow_type(c["type"])
        raw = values[c["name"]]
        if pa.types.is_timestamp(t):
            raw = [None if v is None else pd.Timestamp(v).to_pydatetime() for v in raw]
        elif pa.types.is_date(t):
            raw = [None if v is None else pd.Timestamp(v).date() for v in raw]
        elif pa.types.is_decimal(t):
            raw = [None if v is None else decimal.Decimal(str(v)) for v in raw]
        elif pa.types.is_floating(t):
            raw = [None if v is None else float(v) for v in raw]
        arrays.append(pa.array(raw, type=t))
        fields.append(pa.field(c["name"], t))
    return frame_from_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), decimals)


def apply_declared(frame: pd.DataFrame, declared: Mapping[str, str], decimals: Decimals = "arrow") -> pd.DataFrame:
    """Casts the columns of ``frame`` that have a declared type (used for entity frames and fallbacks)."""
    for name, type_name in declared.items():
        if name in frame.columns:
            table = pa.Table.from_pandas(frame[[name]], preserve_index=False).cast(pa.schema([(name, arrow_type(type_name))]))
            frame[name] = frame_from_table(table, decimals)[name].values
    return frame
