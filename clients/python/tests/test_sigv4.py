"""SigV4: requests to an AWS-shaped URL carry the signature botocore's own signer computes; localhost is unsigned."""

import datetime
from unittest import mock

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from featurestore import FeatureStore, FeatureStoreError

API = "https://abc123defg.execute-api.eu-central-1.amazonaws.com/dev"
NOW = datetime.datetime(2026, 11, 30, 1, 2, 3)


class Capture(requests.adapters.BaseAdapter):
    """A transport that records the prepared request and answers a canned JSON body, with no network."""

    def __init__(self, body: bytes):
        super().__init__()
        self.body = body
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        response = requests.Response()
        response.status_code = 200
        response._content = self.body
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token-example")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def expected_headers(method, url, body, headers):
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example"),
              "execute-api", "eu-central-1").add_auth(request)
    return request.headers


def signed_store(body: bytes):
    session = requests.Session()
    capture = Capture(body)
    session.mount("https://", capture)
    return FeatureStore(API, org="acme", session=session), capture


def test_awsUrl_isSignedWithBotocoresSignature_forAGet(aws_env):
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        fs, capture = signed_store(b'{"groups": []}')
        assert fs.signed
        fs.groups()
        sent = capture.sent[0]
        want = expected_headers("GET", API + "/groups", b"", {"Accept": "application/json"})
    assert sent.headers["Authorization"] == want["Authorization"]
    assert sent.headers["X-Amz-Date"] == "20261130T010203Z"
    assert sent.headers["X-Amz-Security-Token"] == "session-token-example"
    assert sent.headers["Authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-central-1/execute-api/aws4_request, SignedHeaders=")


def test_awsUrl_isSignedOverTheBodyAndQuery_forAPost(aws_env):
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        fs, capture = signed_store(b'{"group": "customer", "org": "acme", "orgs": ["acme"], "fields": [], "versions": [], "current": null}')
        group = fs.get_group("customer")
        capture.body = b'{"run": "r1", "group": "customer", "org": "acme", "status": "RUNNING"}'
        group.calculate(wait=False)
        get, post = capture.sent
        want_get = expected_headers("GET", API + "/groups/customer?org=acme", b"", {"Accept": "application/json"})
        want_post = expected_headers("POST", API + "/groups/customer/runs", b'{"org": "acme"}',
                                     {"Accept": "application/json", "Content-Type": "application/json"})
    assert get.url == API + "/groups/customer?org=acme"
    assert get.headers["Authorization"] == want_get["Authorization"]
    assert post.body == b'{"org": "acme"}'
    assert post.headers["Authorization"] == want_post["Authorization"]
    assert post.headers["Authorization"] != get.headers["Authorization"]


def test_localhost_isNeverSigned(aws_env):
    session = requests.Session()
    capture = Capture(b'{"groups": []}')
    session.mount("http://", capture)
    fs = FeatureStore("http://127.0.0.1:8765", session=session)
    fs.groups()
    assert not fs.signed
    assert "Authorization" not in capture.sent[0].headers


def test_customDomain_needsARegionToSign(aws_env):
    with pytest.raises(ValueError, match="pass region="):
        FeatureStore("https://features.example.com", sign=True)
    assert FeatureStore("https://features.example.com", sign=True, region="eu-west-1").signed


def test_noCredentials_saysHowToProvideThem(monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    with pytest.raises(FeatureStoreError, match="Cannot sign requests: no AWS credentials found"):
        FeatureStore(API)
