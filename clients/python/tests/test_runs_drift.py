"""calculate(), run polling, runs(), versions() and drift()."""

import pandas as pd
import pytest

from featurestore import BadRequestError, FeatureStore, NotFoundError, RunFailedError


def test_calculate_waitsForTheRun_andPublishesANewVersion(customer, capsys):
    before = customer.versions()
    run = customer.calculate()
    assert run.status == "SUCCEEDED" and run.group == "customer" and run.org == "acme"
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert customer.current == run.version
    after = customer.versions()
    assert len(after) == len(before) + 1
    assert after.set_index("version").loc[run.version, "current"]
    assert "customer/acme" in capsys.readouterr().err  # the progress bar


def test_calculate_withoutWait_returnsTheRunningRun_thenWaitEndsIt(customer):
    run = customer.calculate(wait=False)
    assert run.status in ("RUNNING", "SUCCEEDED")
    if run.status == "RUNNING":
        assert run.raw["poll"] == f"/groups/customer/runs/{run.run}?org=acme"
        assert run.functions_total == 3
    done = customer.wait(run.run, progress=False)
    assert done.status == "SUCCEEDED" and done.run == run.run
    assert customer.run(run.run).status == "SUCCEEDED"


def test_runs_listsRunsNewestFirst(customer):
    runs = customer.runs()
    assert list(runs.columns) == ["run", "version", "status", "started_at", "finished_at", "reason"]
    assert len(runs) >= 2
    assert runs["started_at"].is_monotonic_decreasing
    assert set(runs["status"]) <= {"SUCCEEDED", "FAILED", "RUNNING"}
    assert str(runs["started_at"].dtype) == "datetime64[us, UTC]"


def test_failedRun_raisesWithTheRunsReason(server, lake, config_dir):
    broken = config_dir / "groups" / "broken.yaml"
    (config_dir / "broken").mkdir(exist_ok=True)
    (config_dir / "broken" / "fails.sql").write_text("SELECT id, CAST('x' || id AS INTEGER) AS v FROM customers\n")
    broken.write_text("group: broken\ndescription: fails at run time\nfields:\n  v: int\nfunctions:\n  - sql: broken/fails.sql\n"
                      "orgs:\n  lab: {}\n")
    try:
        group = FeatureStore(server).get_group("broken")
        with pytest.raises(RunFailedError) as e:
            group.calculate(progress=False)
        assert e.value.run.status == "FAILED"
        assert "Conversion Error" in e.value.run.reason or "convert" in e.value.run.reason.lower()
        assert e.value.message.startswith(f"Run {e.value.run.run} of broken/lab failed: ")
        assert group.runs()["status"].tolist() == ["FAILED"]
    finally:
        broken.unlink()


def test_runRoutes_refuseUnknownRunsAndBadBodies(customer, server):
    import requests

    with pytest.raises(NotFoundError, match="Cannot find run '20000101T000000Z-0000' of group 'customer' \\(GET /groups/customer/runs lists them\\)"):
        customer.run("20000101T000000Z-0000")
    with pytest.raises(BadRequestError, match="Cannot read request: \\{run\\}: run '../../etc' is not a valid name"):
        customer.run("../../etc")
    answer = requests.post(server + "/groups/customer/runs", json={"org": "acme", "force": True})
    assert answer.status_code == 400
    assert answer.json() == {"error": "bad_request", "message": 'Cannot start a run: unknown key "force" (known keys: org)'}
    answer = requests.post(server + "/groups/customer/runs", json={})
    assert answer.status_code == 400 and "several" in answer.json()["message"]
    answer = requests.delete(server + "/groups/customer/runs")
    assert answer.status_code == 405


def test_versions_isAFrameWithTypes(customer):
    versions = customer.versions()
    assert list(versions.columns) == ["version", "created_at", "row_count", "bytes", "config_hash", "current", "pinned"]
    assert versions["current"].sum() == 1
    assert (versions["row_count"] == 3000).all()
    assert str(versions["created_at"].dtype) == "datetime64[us, UTC]"


def test_drift_rendersHtml_andGivesThePerFieldTable(customer):
    versions = customer.versions()
    report = customer.drift()
    assert report.to_version == customer.current
    assert report.from_version in set(versions["version"])
    frame = report.to_frame()
    assert "distance" in set(frame["field"]) and len(frame) == len(customer.fields)
    assert frame["psi"].max() < 0.01  # same sources, same features
    html = report._repr_html_()
    assert html.startswith('<div class="featurestore-drift">') and "<td>distance</td>" in html
    assert report.summary.startswith("stable")
    explicit = customer.drift(versions["version"].iloc[0], versions["version"].iloc[1])
    assert (explicit.from_version, explicit.to_version) == tuple(versions["version"].iloc[:2])
