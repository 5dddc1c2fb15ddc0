"""The entry point: :class:`FeatureStore` for one API (``featurestore serve`` or the deployed ``ApiUrl``)."""

from __future__ import annotations

import re
import shutil
import tempfile
import weakref
from typing import Any

import pandas as pd
import requests

from ._http import Signer, Transport, is_local, region_of
from ._types import Decimals
from .errors import FeatureStoreError
from .group import Group
from .reproductions import Reproduction


_CONSUMER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class FeatureStore:
    """A client of the featurestore API.

    The same code works against ``featurestore serve`` on a laptop and against the deployed API Gateway::

        fs = FeatureStore("http://127.0.0.1:8765", org="acme")                       # local
        fs = FeatureStore("https://abc123.execute-api.eu-central-1.amazonaws.com/dev")  # AWS, SigV4-signed

    Args:
        url: the API's base URL: ``serve``'s address or the stack's ``ApiUrl`` output.
        org: the org to read. Default: the only org the caller may read for a group; when there are several,
            name it here or in :meth:`get_group`.
        sign: sign requests with SigV4 (``execute-api``). Default: for ``*.execute-api.<region>.amazonaws.com``
            URLs yes, for anything else (localhost) no.
        region: the AWS region for signing (default: the one in the URL).
        profile: an AWS profile name; default: botocore's standard chain (environment variables,
            ``AWS_PROFILE``, SSO, container or instance role).
        timeout: seconds to wait for one HTTP answer.
        poll_interval: seconds between polls of a 202 answer (long exports, runs).
        wait_timeout: how long to follow 202 answers of an export before giving up (None: no limit).
        decimals: how decimal fields come back: ``"arrow"`` (exact ``decimal128[pyarrow]``, default),
            ``"float"`` (``Float64``) or ``"object"`` (:class:`decimal.Decimal`).
        session: a :class:`requests.Session` to use (proxies, retries, tests).
        consumer: who reads (e.g. ``"churn-model"``): sent with every features read and recorded by the store,
            so ``featurestore usage`` and the catalog show which fields this model reads.
    """

    def __init__(self, url: str, org: str | None = None, *, sign: bool | None = None, region: str | None = None,
                 profile: str | None = None, timeout: float = 60.0, poll_interval: float = 1.0,
                 wait_timeout: float | None = 900.0, decimals: Decimals = "arrow",
                 session: requests.Session | None = None, consumer: str | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"Cannot use url {url!r}: give an http:// or https:// URL (serve's address or the stack's ApiUrl)")
        if decimals not in ("arrow", "float", "object"):
            raise ValueError(f"Cannot use decimals={decimals!r}: use 'arrow', 'float' or 'object'")
        if consumer is not None and not _CONSUMER.fullmatch(consumer):
            raise ValueError(f"Cannot use consumer={consumer!r}: 1 to 64 letters, digits, '.', '_' or '-', "
                             "starting with a letter or digit")
        region = region or region_of(url)
        if sign is None:
            sign = region is not None and not is_local(url)
        if sign and region is None:
            raise ValueError(f"Cannot sign requests to {url}: pass region= (the URL does not name one)")
        self.url = url.rstrip("/")
        self.org = org
        self.consumer = consumer
        self.decimals: Decimals = decimals
        self.poll_interval = poll_interval
        self.wait_timeout = wait_timeout
        signer = Signer.from_chain(region, profile) if sign else None  # type: ignore[arg-type]
        self._http = Transport(self.url, signer, timeout, session)
        self._scratch: str | None = None

    @property
    def signed(self) -> bool:
        """Whether requests are SigV4-signed."""
        return self._http.signer is not None

    def groups(self) -> pd.DataFrame:
        """The feature groups the caller may read: columns ``group``, ``description``, ``orgs`` (a list)."""
        doc = self._http.json("GET", "/groups")
        frame = pd.DataFrame(doc.get("groups", []), columns=["group", "description", "orgs"])
        return frame.astype({"group": "string", "description": "string"})

    def get_group(self, name: str, org: str | None = None) -> Group:
        """The group ``name`` for ``org`` (default: the client's org, else the group's only readable org)."""
        org = org or self.org or self._only_org(name)
        doc = self._http.json("GET", f"/groups/{_segment(name)}", params={"org": org})
        orgs = doc.get("orgs")
        if orgs is None:
            orgs = self._orgs_of(name)
        return Group(self, doc, orgs)

    def reproduce(self, group: str, version: str, org: str | None = None, *, wait: bool = True,
                  timeout: float | None = None) -> Reproduction:
        """Rebuilds ``version`` of ``group`` from its recorded lineage and reports whether the data is identical,
        which fields differ and whether the sources or code changed (:meth:`Group.reproduce`)."""
        return self.get_group(group, org).reproduce(version, wait=wait, timeout=timeout)

    def _orgs_of(self, name: str) -> list[str]:
        for g in self._http.json("GET", "/groups").get("groups", []):
            if g.get("group") == name:
                return list(g.get("orgs") or [])
        return []

    def _only_org(self, name: str) -> str:
        orgs = self._orgs_of(name)
        if len(orgs) == 1:
            return orgs[0]
        if not orgs:
            # let the server say why (unknown group, or no readable org)
            doc = self._http.json("GET", f"/groups/{_segment(name)}")
            return doc["org"]
        raise FeatureStoreError(f"Cannot tell which org to read: group '{name}' has orgs {', '.join(orgs)} "
                                "(pass org= to FeatureStore or get_group)", code="bad_request", status=0)

    def scratch_dir(self) -> str:
        """A directory for downloaded Parquet answers (``as_dask``), deleted by :meth:`close` or at exit."""
        if self._scratch is None:
            self._scratch = tempfile.mkdtemp(prefix="featurestore-")
            weakref.finalize(self, shutil.rmtree, self._scratch, True)
        return self._scratch

    def close(self) -> None:
        """Closes the HTTP session and deletes downloaded files."""
        self._http.session.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __enter__(self) -> "FeatureStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"FeatureStore({self.url!r}, org={self.org!r}, signed={self.signed})"


def _segment(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
