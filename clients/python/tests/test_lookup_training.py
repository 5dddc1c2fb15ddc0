"""lookup(ids) and training_set(entity_df)."""

import pandas as pd
import pytest


def test_lookup_returnsTheIdsInTheOrderAsked_withoutUnknownOnes(customer):
    frame = customer.lookup(["c000000127", "nope", "c000000003"], ["age", "gender"])
    assert list(frame.index) == ["c000000127", "c000000003"]
    assert list(frame.columns) == ["age", "gender"]
    assert str(frame["age"].dtype) == "Int32"


def test_lookup_ofManyIds_matchesTheFullRead(customer):
    everything = customer.get_features(["distance"]).set_index("id")
    ids = list(everything.index[:1200])  # more than one id IN (...) filter holds
    frame = customer.lookup(ids, ["distance"])
    assert list(frame.index) == ids
    pd.testing.assert_series_equal(frame["distance"], everything.loc[ids, "distance"])


def test_lookup_refusesNonStringIds(customer):
    with pytest.raises(TypeError, match="ids are strings"):
        customer.lookup([127])


def test_trainingSet_isPointInTime_andKeepsRowsAndLabels(customer):
    versions = customer.versions()
    first = versions["created_at"].iloc[0]
    entities = pd.DataFrame({
        "id": ["c000000127", "c000000003", "c000000127", "nope"],
        "event_time": [first - pd.Timedelta(hours=1), first + pd.Timedelta(seconds=1),
                       pd.Timestamp.now(tz="UTC"), pd.Timestamp.now(tz="UTC")],
        "label": [1, 0, 1, 0],
    })
    frame = customer.training_set(entities, ["age", "distance"])
    assert list(frame.columns) == ["id", "event_time", "label", "age", "distance"]
    assert frame["label"].tolist() == [1, 0, 1, 0]
    assert pd.isna(frame.loc[0, "age"])  # before the first version: no features, no leakage
    now = customer.lookup(["c000000127", "c000000003"], ["age"])
    assert frame.loc[1, "age"] == now.loc["c000000003", "age"]
    assert frame.loc[2, "age"] == now.loc["c000000127", "age"]
    assert pd.isna(frame.loc[3, "age"])
    assert str(frame["age"].dtype) == "Int32" and str(frame["distance"].dtype) == "Float64"


def test_trainingSet_namesAMissingColumn(customer):
    with pytest.raises(ValueError, match="entity_df has no column 'event_time'"):
        customer.training_set(pd.DataFrame({"id": ["c1"]}))
