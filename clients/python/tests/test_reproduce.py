"""reproduce(): rebuilding a version through the API of a real serve."""

import pytest
import requests

from featurestore import ConflictError, FeatureStore, NotFoundError, Reproduction


def test_reproduce_theCurrentVersion_isIdentical_andPublishesNothing(server, customer):
    versions_before = customer.versions()
    version = customer.current

    r = FeatureStore(server, org="acme").reproduce("customer", version)

    assert isinstance(r, Reproduction)
    assert r.status == "SUCCEEDED" and r.version == version and r.group == "customer" and r.org == "acme"
    assert r.identical is True
    assert r.rebuilt_rows == r.recorded_rows == 3000
    assert r.rebuilt_checksum == r.recorded_checksum
    assert r.differing_fields == [] and r.source_changes == [] and r.code_change is None
    assert r.finished_at is not None and r.finished_at >= r.started_at
    assert str(r).startswith(f"customer/acme version {version}: identical (3,000 rows")
    after = customer.versions()
    assert after["version"].tolist() == versions_before["version"].tolist()
    assert FeatureStore(server, org="acme").get_group("customer").current == version


def test_reproduce_withoutWait_returnsTheRunningReproduction_thenPollsIt(customer):
    started = customer.reproduce(customer.current, wait=False)
    assert started.status in ("RUNNING", "SUCCEEDED")
    if started.status == "RUNNING":
        assert started.raw["poll"] == (f"/groups/customer/versions/{customer.current}/reproductions/"
                                       f"{started.reproduction}?org=acme")
    polled = customer.reproduction(customer.current, started.reproduction)
    assert polled.reproduction == started.reproduction


def test_reproduce_unknownVersion_isNotFound(customer):
    with pytest.raises(NotFoundError, match="Cannot find version '20000101T000000Z-0000' of group 'customer' for org 'acme'"):
        customer.reproduce("20000101T000000Z-0000")


def test_reproduce_aVersionWithoutLineage_isAConflictSayingWhy(server, lake, customer):
    import json
    org_dir = lake / "features" / "customer" / "org=acme"
    manifest = json.loads((org_dir / f"version={customer.current}" / "_manifest.json").read_text())
    old = "20000101T000000Z-0001"
    manifest.pop("lineage")
    manifest["version"] = old
    (org_dir / f"version={old}").mkdir()
    (org_dir / f"version={old}" / "_manifest.json").write_text(json.dumps(manifest))
    try:
        with pytest.raises(ConflictError, match="its manifest records no lineage"):
            customer.reproduce(old)
    finally:
        (org_dir / f"version={old}" / "_manifest.json").unlink()
        (org_dir / f"version={old}").rmdir()


def test_reproductionRoutes_refuseBadInput(server, customer):
    answer = requests.post(f"{server}/groups/customer/versions/{customer.current}/reproductions", json={"org": "acme", "x": 1})
    assert answer.status_code == 400
    assert answer.json()["message"] == 'Cannot start a run: unknown key "x" (known keys: org)'
    answer = requests.get(f"{server}/groups/customer/versions/{customer.current}/reproductions/20000101T000000Z-0000")
    assert answer.status_code == 404
