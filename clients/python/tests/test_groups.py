"""groups(), get_group() and the group's schema, against a real serve."""

import pandas as pd
import pytest

from featurestore import FeatureStore, FeatureStoreError, NotFoundError


def test_groups_listsEveryGroupWithItsOrgs(fs):
    groups = fs.groups()
    assert list(groups.columns) == ["group", "description", "orgs"]
    by_name = groups.set_index("group")
    assert set(by_name.index) == {"customer", "alltypes"}
    assert by_name.loc["customer", "orgs"] == ["acme", "globex"]
    assert by_name.loc["alltypes", "orgs"] == ["lab"]
    assert str(groups["group"].dtype) == "string"


def test_getGroup_hasFieldsTypesFunctionsOrgsAndVersions(customer):
    assert customer.name == "customer" and customer.org == "acme"
    assert customer.fields[:4] == ["age", "gender", "birth_date", "distance"]
    assert customer.fields[-1] == "loyalty_tier"  # acme's own field
    assert customer.types["revenue_90d"] == "decimal(12,2)"
    assert customer.types["last_order_at"] == "timestamp"
    assert [f["name"] for f in customer.functions] == ["orders", "customer_profile", "acme_loyalty"]
    assert customer.functions[0] == {"name": "orders", "kind": "sql", "path": "customer/orders.sql"}
    assert customer.functions[2]["kind"] == "java"
    assert customer.orgs == ["acme", "globex"]
    assert customer.current is not None
    assert customer.dtypes()["age"] == pd.Int32Dtype()


def test_getGroup_defaultsToTheOnlyOrg(server):
    group = FeatureStore(server).get_group("alltypes")
    assert group.org == "lab"


def test_getGroup_refusesToGuess_whenTheGroupHasSeveralOrgs(server):
    with pytest.raises(FeatureStoreError) as e:
        FeatureStore(server).get_group("customer")
    assert e.value.message == "Cannot tell which org to read: group 'customer' has orgs acme, globex (pass org= to FeatureStore or get_group)"


def test_getGroup_orgArgumentWinsOverTheStoreOrg(fs):
    assert fs.get_group("customer", org="globex").org == "globex"
    assert "loyalty_tier" not in fs.get_group("customer", org="globex").fields


def test_getGroup_raisesNotFound_forAnUnknownGroupOrOrg(fs):
    with pytest.raises(NotFoundError) as e:
        fs.get_group("nosuch", org="acme")
    assert e.value.status == 404 and e.value.code == "not_found" and "nosuch" in e.value.message
    with pytest.raises(NotFoundError) as e:
        fs.get_group("customer", org="initech")
    assert "initech" in e.value.message


def test_store_isUnsignedForLocalhost_andRejectsBadArguments(server):
    assert FeatureStore(server).signed is False
    with pytest.raises(ValueError, match="http:// or https://"):
        FeatureStore("127.0.0.1:8765")
    with pytest.raises(ValueError, match="decimals"):
        FeatureStore(server, decimals="double")
