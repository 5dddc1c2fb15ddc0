"""Type round-trips: every declared type, with nulls in each, from Parquet and from JSON, compared exactly."""

import decimal
import math
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pyarrow as pa
import pytest

from featurestore import FeatureStore

DTYPES = {
    "id": "string", "an_int": "Int32", "a_bigint": "Int64", "a_float": "Float32", "a_double": "Float64",
    "a_decimal": "decimal128(12, 2)[pyarrow]", "a_wide_decimal": "decimal128(38, 10)[pyarrow]",
    "a_date": "datetime64[s]", "a_timestamp": "datetime64[us, UTC]", "a_boolean": "boolean", "a_string": "string",
}


decimal.getcontext().prec = 60  # decimal(38,10) sums need more than the default 28 digits


def expected(n: int) -> dict:
    """The values tests/config/alltypes/values.sql computes for customer number n (None = null)."""
    return {
        "an_int": None if n % 7 == 0 else n % 1000 - 500,
        "a_bigint": None if n % 7 == 1 else n * 1000000007,
        "a_float": None if n % 7 == 2 else n / 4,
        "a_double": None if n % 7 == 3 else n / 3,
        "a_decimal": None if n % 7 == 4 else decimal.Decimal(n) * decimal.Decimal("12.34"),
        "a_wide_decimal": None if n % 7 == 5 else decimal.Decimal("1234567890123456789.0123456789") + n,
        "a_date": None if n % 7 == 6 else datetime(2020, 1, 1) + timedelta(days=n),
        "a_timestamp": None if n % 5 == 0 else datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=n * 1000001),
        "a_boolean": None if n % 11 == 0 else n % 2 == 0,
        "a_string": None if n % 13 == 0 else "" if n % 13 == 1 else f"v{n} ü'\"",
    }


@pytest.fixture(scope="module")
def alltypes(server):
    return FeatureStore(server).get_group("alltypes")


def check_values(frame: pd.DataFrame) -> None:
    assert len(frame) == 3000
    for row in frame.itertuples(index=False):
        n = int(row.id[1:])
        for column, want in expected(n).items():
            got = getattr(row, column)
            if want is None:
                assert got is pd.NA or got is pd.NaT or (isinstance(got, float) and math.isnan(got)) or got is None, (column, n, got)
                assert pd.isna(got), (column, n, got)
            elif column == "a_date":
                assert pd.Timestamp(got) == pd.Timestamp(want), (column, n, got)
            elif column in ("a_decimal", "a_wide_decimal"):
                assert decimal.Decimal(str(got)) == want, (column, n, got)
            elif column == "a_double":
                assert got == pytest.approx(want, rel=1e-15), (column, n, got)
            else:
                assert got == want, (column, n, got)


def test_parquet_givesTheDeclaredDtypes_andExactValuesWithNulls(alltypes):
    frame = alltypes.get_features()
    assert {c: str(t) for c, t in frame.dtypes.items()} == DTYPES
    check_values(frame)
    for column in DTYPES:
        if column != "id":
            assert frame[column].isna().any(), column  # every type has nulls


def test_json_givesTheSameFrameAsParquet(alltypes):
    parquet = alltypes.get_features().sort_values("id").reset_index(drop=True)
    from_json = alltypes.get_features(format="json").sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(parquet, from_json)
    assert from_json.attrs["version"] == alltypes.current


def test_emptyStringAndNullStayDistinct(alltypes):
    frame = alltypes.get_features(["a_string"], filters=["id IN ('c000000013', 'c000000014')"]).set_index("id")
    assert frame.loc["c000000013", "a_string"] is pd.NA
    assert frame.loc["c000000014", "a_string"] == ""


def test_decimalsOption_floatOrDecimalObjects(server):
    as_float = FeatureStore(server, decimals="float").get_group("alltypes").get_features(["a_decimal"], limit=50)
    assert str(as_float["a_decimal"].dtype) == "Float64"
    as_object = FeatureStore(server, decimals="object").get_group("alltypes").get_features(["a_wide_decimal"], filters=["id = 'c000000001'"])
    assert as_object["a_wide_decimal"][0] == decimal.Decimal("1234567890123456790.0123456789")


def test_emptyResult_keepsColumnsAndDtypes(alltypes):
    frame = alltypes.get_features(filters=["an_int > 100000"])
    assert len(frame) == 0
    assert list(frame.columns) == list(DTYPES)


def test_asDask_isLazyAndComputesTheSameFrame(alltypes):
    import dask.dataframe as dd

    lazy = alltypes.get_features(["an_int", "a_timestamp"], as_dask=True)
    assert isinstance(lazy, dd.DataFrame)
    computed = lazy.compute().sort_values("id").reset_index(drop=True)
    eager = alltypes.get_features(["an_int", "a_timestamp"]).sort_values("id").reset_index(drop=True)
    assert computed["an_int"].tolist() == eager["an_int"].tolist()
    assert str(computed["a_timestamp"].dtype) == "datetime64[us, UTC]"
