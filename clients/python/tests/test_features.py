"""get_features: the original store's call, selection, filters, versions, limits and errors."""

import pandas as pd
import pytest

from featurestore import BadRequestError, NotFoundError, QueryError


def test_originalStoresCall_returnsTheSelectedColumnsFiltered(customer):
    frame = customer.get_features(["distance", "gender"], exclude=["*"], filters=["age >= 30"])
    assert set(frame.columns) == {"id", "gender", "distance"} and frame.columns[0] == "id"
    assert len(frame) > 0
    ages = customer.get_features(["age"], exclude=["*"]).set_index("id")["age"]
    assert (ages.loc[frame["id"]] >= 30).all()
    assert frame.attrs == {"group": "customer", "org": "acme", "version": customer.current}


def test_stringArguments_areOneElementLists(customer):
    frame = customer.get_features("age", exclude="*", filters="age < 20")
    assert list(frame.columns) == ["id", "age"]
    assert (frame["age"] < 20).all()


def test_filtersAreAnded_andLimitCaps(customer):
    frame = customer.get_features(["age", "gender"], filters=["age >= 30", "gender = 'female'"], limit=7)
    assert len(frame) == 7
    assert (frame["age"] >= 30).all() and (frame["gender"] == "female").all()


def test_version_andAsOf_pickOlderVersions(customer):
    versions = customer.versions()
    oldest = versions["version"].iloc[0]
    frame = customer.get_features(["age"], version=oldest, limit=3)
    assert frame.attrs["version"] == oldest
    at = versions["created_at"].iloc[1]  # the second run started after the first version was published
    assert customer.get_features(["age"], as_of=at, limit=3).attrs["version"] == oldest
    assert customer.get_features(["age"], as_of=at.to_pydatetime(), limit=3).attrs["version"] == oldest


def test_badFilter_raisesQueryErrorWithThePosition(customer):
    with pytest.raises(QueryError) as e:
        customer.get_features(filters=["age >= 30; DROP TABLE customer"])
    assert e.value.status == 400 and e.value.code == "query_error"
    assert e.value.message.startswith('Cannot parse filter "age >= 30; DROP TABLE customer": unexpected \';\' at position 10')
    assert str(e.value).startswith("400 query_error: Cannot parse filter")


def test_unknownField_raisesQueryErrorListingTheFields(customer):
    with pytest.raises(QueryError, match=r'unknown field "agee" at position 1 \(known fields: id, age'):
        customer.get_features(filters=["agee >= 30"])


def test_unknownVersion_andBadArguments(customer):
    with pytest.raises(NotFoundError):
        customer.get_features(version="20000101T000000Z-0000")
    with pytest.raises(BadRequestError, match=r'Cannot read request: "limit" is -1 \(need a whole number >= 0\)'):
        customer.get_features(limit=-1)
    with pytest.raises(ValueError, match="format"):
        customer.get_features(format="xml")
