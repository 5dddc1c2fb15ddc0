"""Writes the pyarrow partials the merge tests read (committed, so the Java tests need no Python).

Run from this directory: python3 make_fixtures.py
  empty-pyarrow.parquet  a 0-row partial (id string, age int64) as pyarrow writes it: one row group of 0 rows
"""
import pyarrow as pa
import pyarrow.parquet as pq

schema = pa.schema([("id", pa.string()), ("age", pa.int64())])
pq.write_table(pa.table({"id": pa.array([], pa.string()), "age": pa.array([], pa.int64())}, schema=schema),
               "empty-pyarrow.parquet")
