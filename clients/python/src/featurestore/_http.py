"""HTTP for the client: one requests session, SigV4 signing for AWS endpoints, errors, timeouts, 202 polling."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlencode, urlsplit

import requests

from .errors import FeatureStoreError, FeatureStoreTimeout, error_from_answer

#: ``https://{api-id}.execute-api.{region}.amazonaws.com/{stage}``: the stack's ``ApiUrl``.
_EXECUTE_API = re.compile(r"^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def region_of(url: str) -> str | None:
    """The AWS region of an API Gateway URL, or None for any other host."""
    host = (urlsplit(url).hostname or "").lower()
    match = _EXECUTE_API.match(host)
    return match.group(1) if match else None


def is_local(url: str) -> bool:
    """True for the loopback addresses that ``featurestore serve`` listens on."""
    return (urlsplit(url).hostname or "").lower() in _LOCAL_HOSTS


@dataclass(frozen=True)
class Signer:
    """Signs requests with SigV4 for ``execute-api`` using the standard botocore credential chain."""

    region: str
    credentials: Any  # botocore.credentials.Credentials
    service: str = "execute-api"

    @classmethod
    def from_chain(cls, region: str, profile: str | None = None) -> "Signer":
        """Credentials from botocore's chain (environment, profile, SSO, container or instance role)."""
        import botocore.session

        session = botocore.session.Session(profile=profile)
        credentials = session.get_credentials()
        if credentials is None:
            raise FeatureStoreError(
                "Cannot sign requests: no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, "
                "or run in a role); the deployed API accepts SigV4-signed requests only",
                code="no_credentials")
        return cls(region, credentials)

    def headers(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]) -> dict[str, str]:
        """The request's headers plus ``Authorization``, ``X-Amz-Date`` (and the session token) for SigV4."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        request = AWSRequest(method=method, url=url, data=body or b"", headers=dict(headers))
        SigV4Auth(self.credentials.get_frozen_credentials() if hasattr(self.credentials, "get_frozen_credentials")
                  else self.credentials, self.service, self.region).add_auth(request)
        return dict(request.headers.items())


class Transport:
    """Sends API requests and turns error answers into exceptions.

    Args:
        url: the API's base URL (``http://127.0.0.1:8765`` or the stack's ``ApiUrl``).
        signer: signs every API request (None: unsigned, as for ``serve``).
        timeout: seconds to wait for one answer (connect and read).
        session: a requests session to reuse (tests, proxies).
    """

    def __init__(self, url: str, signer: Signer | None, timeout: float, session: requests.Session | None = None) -> None:
        self.base = url.rstrip("/")
        self.signer = signer
        self.timeout = timeout
        self.session = session or requests.Session()

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        return self.base + path + ("?" + urlencode(query) if query else "")

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None,
                accept: str = "application/json", stream: bool = False) -> requests.Response:
        """One request; raises the matching :class:`FeatureStoreError` for any status >= 400."""
        url = path if path.startswith("http") else self.url(path, params)
        data = None if body is None else json.dumps(body, default=str).encode("utf-8")
        headers = {"Accept": accept}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.signer is not None:
            headers = self.signer.headers(method, url, data, headers)
        try:
            response = self.session.request(method, url, data=data, headers=headers, timeout=self.timeout, stream=stream)
        except requests.Timeout as e:
            raise FeatureStoreTimeout(f"Cannot {method} {path}: no answer within {self.timeout:g} s "
                                      "(raise timeout= on FeatureStore)", code="timeout") from e
        except requests.ConnectionError as e:
            raise FeatureStoreError(f"Cannot {method} {path}: cannot connect to {self.base} ({e.__class__.__name__}; "
                                    "is `featurestore serve` running, or is the ApiUrl right?)", code="connection_error") from e
        if response.status_code >= 400:
            raise error_of(response)
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return decode_json(self.request(method, path, **kwargs))

    def poll(self, first: requests.Response, *, interval: float, deadline: float | None,
             on_answer: Callable[[Any], None] | None = None) -> Any:
        """Follows a 202 answer's ``poll`` path until an answer other than 202, then returns its JSON."""
        answer = decode_json(first)
        while first.status_code == 202:
            if on_answer is not None:
                on_answer(answer)
            poll = answer.get("poll") if isinstance(answer, dict) else None
            if not poll:
                raise FeatureStoreError("Cannot poll: the 202 answer has no \"poll\" path", code="bad_response")
            if deadline is not None and time.monotonic() > deadline:
                raise FeatureStoreTimeout(f"Cannot wait for {poll}: still {answer.get('status', 'running')} "
                                          "at the deadline (raise wait_timeout=)", code="timeout")
            time.sleep(interval)
            first = self.request("GET", poll)
            answer = decode_json(first)
        return answer

    def download(self, url: str, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The bytes of a presigned URL (never signed: the URL carries its own signature)."""
        try:
            with requests.get(url, stream=True, timeout=self.timeout) as r:
                if r.status_code >= 400:
                    raise FeatureStoreError(f"Cannot download a result file: HTTP {r.status_code} "
                                            f"({r.text[:200]}; presigned URLs expire after an hour)",
                                            status=r.status_code, code="download_failed")
                yield from r.iter_content(chunk)
        except requests.Timeout as e:
            raise FeatureStoreTimeout(f"Cannot download a result file: no answer within {self.timeout:g} s",
                                      code="timeout") from e


def decode_json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError as e:
        raise FeatureStoreError(f"Cannot read the answer of {response.request.method} {response.url}: not JSON "
                                f"({response.text[:200]!r})", status=response.status_code, code="bad_response") from e


def error_of(response: requests.Response) -> FeatureStoreError:
    text = response.text
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    return error_from_answer(response.status_code, body if isinstance(body, dict) else None, text)
