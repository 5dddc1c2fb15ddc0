"""Rewrites the merge workload's four partials with another Parquet writer (the benchmark's writer matrix).

    python3 write_partials.py WRITER SOURCE_DIR TARGET_DIR

SOURCE_DIR holds p1..p4.parquet as the project's seeded generator wrote them; TARGET_DIR receives the same
rows and values written by WRITER, one of:

  duckdb       DuckDB's COPY ... (FORMAT parquet): its defaults (snappy, 122,880-row groups)
  pyarrow      pyarrow.parquet.write_table defaults (dictionary on every column, snappy) with 131,072-row groups,
               what a pandas-based function or a notebook writes
  pyarrow-1rg  pyarrow defaults, the whole file in one row group
  athena       like Athena UNLOAD / Hive: timestamps as INT96, gzip, dictionary
  athena-ms    like Athena UNLOAD with millisecond timestamps (INT64 TIMESTAMP(MILLIS), truncated), gzip

Same rows in the same order as the source: the outputs of a merge are comparable across writers.
"""
import os
import sys

import duckdb
import pyarrow.parquet as pq

WRITERS = ("duckdb", "pyarrow", "pyarrow-1rg", "athena", "athena-ms")


def write(writer, source, target):
    table = pq.read_table(source)
    tmp = target + ".tmp"
    if writer == "duckdb":
        con = duckdb.connect()
        con.execute(f"COPY (SELECT * FROM read_parquet('{source}')) TO '{tmp}' (FORMAT parquet, COMPRESSION snappy)")
        con.close()
    elif writer == "pyarrow":
        pq.write_table(table, tmp, row_group_size=131_072)
    elif writer == "pyarrow-1rg":
        pq.write_table(table, tmp, row_group_size=max(1, table.num_rows))
    elif writer == "athena":
        pq.write_table(table, tmp, row_group_size=131_072, compression="gzip", use_deprecated_int96_timestamps=True)
    elif writer == "athena-ms":
        pq.write_table(table, tmp, row_group_size=131_072, compression="gzip", coerce_timestamps="ms",
                       allow_truncated_timestamps=True)
    else:
        raise SystemExit(f"Cannot write partials with '{writer}' (use one of {', '.join(WRITERS)})")
    os.replace(tmp, target)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    writer, source_dir, target_dir = sys.argv[1:]
    os.makedirs(target_dir, exist_ok=True)
    for p in range(1, 5):
        name = f"p{p}.parquet"
        write(writer, os.path.join(source_dir, name), os.path.join(target_dir, name))


if __name__ == "__main__":
    main()
