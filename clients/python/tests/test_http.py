"""The HTTP layer without serve: error mapping, timeouts, and the AWS answer shapes (202 polling, presigned URLs)
served by a small stand-in HTTP server that answers as the Query Lambda documents (docs/query.md, docs/aws.md)."""

import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from featurestore import (ConflictError, FeatureStore, FeatureStoreError, FeatureStoreTimeout, ForbiddenError,
                          NotFoundError, PayloadTooLargeError, QueryError, ServerError, StorageError)
from featurestore.errors import error_from_answer


@pytest.mark.parametrize("status,code,cls", [
    (400, "query_error", QueryError), (403, "forbidden", ForbiddenError), (404, "not_found", NotFoundError),
    (409, "conflict", ConflictError), (413, "payload_too_large", PayloadTooLargeError),
    (502, "storage_error", StorageError), (500, "internal_error", ServerError)])
def test_errorBodies_becomeTheirExceptionClass(status, code, cls):
    e = error_from_answer(status, {"error": code, "message": "Cannot x: y"}, "")
    assert type(e) is cls and e.status == status and e.code == code and e.message == "Cannot x: y"


def test_apiGatewayRefusals_withoutACode_mapByStatus():
    e = error_from_answer(403, {"message": "Missing Authentication Token"}, "")
    assert isinstance(e, ForbiddenError) and e.code == "forbidden" and e.message == "Missing Authentication Token"
    e = error_from_answer(504, None, "Endpoint request timed out")
    assert isinstance(e, ServerError) and e.message == "Endpoint request timed out"


class FakeApi(BaseHTTPRequestHandler):
    """Answers like the Query Lambda: a Parquet export is 202 + poll, then 200 with presigned URLs."""
    polls = 0

    def log_message(self, *args):
        pass

    def _json(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up (the timeout test)
            pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path.startswith("/groups/g?"):
            self._json(200, {"group": "g", "org": "o", "description": "", "current": "v1", "versions": [],
                             "fields": [{"name": "n", "type": "bigint"}, {"name": "t", "type": "timestamp"}]})
        elif self.path == "/groups":
            self._json(200, {"groups": [{"group": "g", "description": "", "orgs": ["o"]}]})
        elif self.path == "/queries/q1":
            FakeApi.polls += 1
            if FakeApi.polls < 2:
                self._json(202, {"status": "RUNNING", "poll": "/queries/q1", "query_id": "q1"})
            else:
                self._json(200, {"group": "g", "org": "o", "version": "v1", "format": "parquet", "status": "SUCCEEDED",
                                 "columns": [{"name": "id", "type": "string"}, {"name": "n", "type": "bigint"}],
                                 "urls": [base + "/files/part-0.parquet?X-Amz-Signature=abc", base + "/files/part-1.parquet"]})
        elif self.path.startswith("/files/part-"):
            part = int(self.path[len("/files/part-")])
            buffer = io.BytesIO()
            pq.write_table(pa.table({"id": [f"c{part}a", f"c{part}b"], "n": pa.array([part, None], pa.int64())}), buffer)
            body = buffer.getvalue()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow":
            time.sleep(3)
            self._json(200, {})
        else:
            self._json(404, {"error": "not_found", "message": "Cannot find route GET " + self.path})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        if self.path == "/groups/g/features" and body.get("format") == "parquet":
            self._json(202, {"group": "g", "org": "o", "version": "v1", "format": "parquet", "query_id": "q1",
                             "status": "RUNNING", "poll": "/queries/q1"})
        else:
            self._json(400, {"error": "bad_request", "message": "unexpected " + json.dumps(body)})


@pytest.fixture
def fake_api():
    FakeApi.polls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_parquetExport_follows202Polls_andReadsEveryPresignedFile(fake_api):
    group = FeatureStore(fake_api, poll_interval=0.01).get_group("g")
    frame = group.get_features()
    assert FakeApi.polls == 2
    assert frame["id"].tolist() == ["c0a", "c0b", "c1a", "c1b"]
    assert frame["n"].tolist()[0] == 0 and frame["n"].isna().tolist() == [False, True, False, True]
    assert str(frame["n"].dtype) == "Int64"
    assert frame.attrs == {"group": "g", "org": "o", "version": "v1"}


def test_parquetExport_asDask_readsThePresignedFilesLazily(fake_api):
    group = FeatureStore(fake_api, poll_interval=0.01).get_group("g")
    lazy = group.get_features(as_dask=True)
    assert lazy.npartitions == 2
    assert sorted(lazy.compute()["id"].tolist()) == ["c0a", "c0b", "c1a", "c1b"]


def test_polling_givesUp_atTheWaitTimeout(fake_api):
    group = FeatureStore(fake_api, poll_interval=0.2, wait_timeout=0.0).get_group("g")
    with pytest.raises(FeatureStoreTimeout, match="still RUNNING at the deadline"):
        group.get_features()


def test_slowAnswer_raisesTimeout(fake_api):
    fs = FeatureStore(fake_api, timeout=0.5)
    with pytest.raises(FeatureStoreTimeout) as e:
        fs._http.json("GET", "/slow")
    assert e.value.code == "timeout" and "no answer within 0.5 s" in e.value.message


def test_noServer_raisesAConnectionErrorSayingWhatToCheck():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FeatureStoreError, match="cannot connect to .* is `featurestore serve` running"):
        FeatureStore(f"http://127.0.0.1:{port}").groups()
