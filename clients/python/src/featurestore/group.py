"""A feature group for one org: its schema, its reads (features, lookups, training sets), runs, versions, drift."""

from __future__ import annotations

import io
import os
import time
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ._types import apply_declared, arrow_type, frame_from_rows, frame_from_table, pandas_dtype
from .drift import DriftReport
from .errors import BadRequestError, FeatureStoreError, ForbiddenError, NotFoundError, RunFailedError
from .reproductions import Reproduction
from .runs import Progress, Run

if TYPE_CHECKING:
    from .client import FeatureStore

PARQUET = "application/vnd.apache.parquet"
#: ids per ``id IN (...)`` filter when the server has no ``ids`` key yet (the filter caps allow ~700).
FALLBACK_IDS_PER_FILTER = 500

Strings = str | Sequence[str] | None
Instant = str | datetime | date | pd.Timestamp | None


class Group:
    """A feature group as one org sees it. Get one with :meth:`FeatureStore.get_group`.

    Attributes:
        name: the group's name.
        org: the org this object reads.
        description: the group's description.
        fields: the field names, in config order (``id`` is implicit and not listed).
        types: field name → declared type (``bigint``, ``decimal(12,2)``, ...).
        functions: the feature functions computing the group (``[{"name", "kind", ...}]``), when the server
            lists them.
        orgs: the orgs of the group the caller may read.
        current: the current version, or None before the first publish.
    """

    def __init__(self, store: "FeatureStore", doc: Mapping[str, Any], orgs: Sequence[str]) -> None:
        self._store = store
        self._http = store._http
        self._doc = dict(doc)
        self.name: str = doc["group"]
        self.org: str = doc["org"]
        self.description: str = doc.get("description") or ""
        self.types: dict[str, str] = {f["name"]: f["type"] for f in doc.get("fields", [])}
        self.fields: list[str] = list(self.types)
        self.functions: list[dict[str, Any]] = list(doc.get("functions") or [])
        self.orgs: list[str] = list(orgs)
        self.current: str | None = doc.get("current")

    def __repr__(self) -> str:
        return f"Group({self.name!r}, org={self.org!r}, fields={len(self.fields)}, current={self.current!r})"

    @property
    def _path(self) -> str:
        return "/groups/" + quote(self.name, safe="")

    def dtypes(self) -> dict[str, Any]:
        """The pandas dtype of every field (and ``id``) as :meth:`get_features` returns them."""
        d: dict[str, Any] = {"id": pd.StringDtype()}
        for name, t in self.types.items():
            d[name] = pandas_dtype(arrow_type(t), self._store.decimals)
        return d

    # ----- reads

    def get_features(self, features: Strings = None, exclude: Strings = None, filters: Strings = None, *,
                     version: str | None = None, as_of: Instant = None, ids: Iterable[str] | None = None,
                     limit: int | None = None, as_dask: bool = False, format: str = "parquet") -> Any:
        """Reads features into a pandas DataFrame (or a dask DataFrame with ``as_dask=True``).

        Mirrors the original store's ``get_features(['distance', 'gender'], exclude=['*'],
        filters=['age >= 30'])``. Columns: ``id``, then the selected fields (docs/query.md §1); one row per
        entity, in no particular order, with a plain RangeIndex (``.set_index("id")`` for lookups by id).
        Types are the declared ones (see :mod:`featurestore._types`); ``df.attrs`` holds ``group``, ``org``
        and ``version``.

        Args:
            features: names or globs to include (default: all fields).
            exclude: names or globs to leave out; explicit names in ``features`` win.
            filters: conditions (docs/query.md §2), ANDed; a bad one raises :class:`QueryError` with the position.
            version: a version id (default: the current version).
            as_of: the version current at that instant (a string, datetime or date; no zone = UTC).
            ids: only these entities (see :meth:`lookup`).
            limit: at most this many rows.
            as_dask: a lazy dask DataFrame over the Parquet answer's files (``pip install featurestore[dask]``):
                for results larger than memory; on AWS the files are read from their presigned URLs.
            format: ``"parquet"`` (default, types survive) or ``"json"`` (rows, typed by the declared types).
        """
        body = self._body(features=features, exclude=exclude, filters=filters, version=version, as_of=as_of, limit=limit,
                          consumer=self._store.consumer)
        if ids is not None:
            return self._by_ids(body, list(ids), as_dask=as_dask, format=format)
        return self._read(body, as_dask=as_dask, format=format)

    def lookup(self, ids: Iterable[str] | str, features: Strings = None, exclude: Strings = None, *,
               version: str | None = None, as_of: Instant = None) -> pd.DataFrame:
        """The features of these entity ids (unknown ids are absent), indexed by ``id`` in the order asked.

        Sends the ids as the request's ``ids`` key (up to 100,000 per request); against a server without that
        key it falls back to ``id IN (...)`` filters of :data:`FALLBACK_IDS_PER_FILTER` ids each.
        """
        wanted = [ids] if isinstance(ids, str) else list(ids)
        for i in wanted:
            if not isinstance(i, str):
                raise TypeError(f"Cannot look up id {i!r}: ids are strings")
        frame = self.get_features(features, exclude, version=version, as_of=as_of, ids=wanted)
        order = {i: n for n, i in enumerate(dict.fromkeys(wanted))}
        frame = frame.assign(_order=frame["id"].map(order)).sort_values("_order").drop(columns="_order")
        frame = frame.set_index("id")
        return frame

    def training_set(self, entity_df: pd.DataFrame, features: Strings = None, exclude: Strings = None, *,
                     event_time: str = "event_time", id_column: str = "id") -> pd.DataFrame:
        """A point-in-time correct training set: each entity row joined with the features of the latest version
        whose data was as of no later than the row's event time (no leakage); nulls where none existed yet.

        Rows keep their order and extra columns (labels). Sends ``POST /groups/{group}/training-set``; the server
        joins (with each version's ``data_as_of`` and the publish history). There is no client-side substitute:
        against a server without the route, or one that cannot build it (AWS today), this raises its reason.

        Args:
            entity_df: a DataFrame with an id column and an event-time column (naive times are UTC).
            features: names or globs to include (default: all fields).
            exclude: names or globs to leave out.
            event_time: the event-time column of ``entity_df``.
            id_column: the id column of ``entity_df``.
        """
        for column in (id_column, event_time):
            if column not in entity_df.columns:
                raise ValueError(f"Cannot build a training set: entity_df has no column {column!r} "
                                 f"(columns: {', '.join(map(str, entity_df.columns))})")
        times = pd.to_datetime(entity_df[event_time], utc=True)
        entities = pd.DataFrame({"id": entity_df[id_column].astype("string").to_numpy(), "event_time": times.to_numpy()})
        body = self._body(features=features, exclude=exclude)
        body["entities"] = [{"id": i, "event_time": t.isoformat().replace("+00:00", "Z")}
                            for i, t in zip(entities["id"], times)]
        body.pop("consumer", None)
        try:
            import decimal
            import json

            response = self._http.request("POST", self._path + "/training-set", body=body)
            doc = json.loads(response.content, parse_float=decimal.Decimal)
            feature_cols = [c for c in doc["columns"] if c not in ("id", "event_time")]
            if len(doc["rows"]) != len(entity_df):
                raise FeatureStoreError(f"Cannot build a training set: {len(entity_df)} entity rows, "
                                        f"{len(doc['rows'])} answered", code="bad_response")
            typed = [{"name": c, "type": self.types[c]} for c in feature_cols if c in self.types]
            features_frame = frame_from_rows(typed, doc["rows"], self._store.decimals)
        except (NotFoundError, ForbiddenError, BadRequestError) as e:
            if not _missing_route(e):
                raise
            # no client-side approximation: joining on versions' creation times ignores data_as_of and rollbacks
            # and could leak later data into a training row
            raise FeatureStoreError("Cannot build a training set: this server has no POST /groups/{group}/training-set"
                                    " route (deploy a current featurestore, or use featurestore training-set locally)",
                                    status=e.status, code="unsupported") from e
        out = entity_df.reset_index(drop=True).copy()
        features_frame = features_frame.reset_index(drop=True)
        for c in features_frame.columns:
            if c not in out.columns:
                out[c] = features_frame[c]
        out.attrs.update(group=self.name, org=self.org)
        return out

    # ----- runs, versions, drift

    def calculate(self, wait: bool = True, *, timeout: float | None = None, progress: bool = True) -> Run:
        """Starts a calculation run of this group for this org (``POST /groups/{group}/runs``).

        Locally ``serve`` runs it in the background; on AWS it starts the group's Step Functions execution
        for the caller's org. With ``wait`` it polls the run to its end with a progress bar and raises
        :class:`RunFailedError` with the run's reason when it fails.

        Args:
            wait: poll until the run ends (else return the RUNNING run at once; poll with :meth:`run`).
            timeout: give up waiting after this many seconds (the run goes on).
            progress: show the progress bar (tqdm in notebooks, else lines on stderr).
        """
        run = Run.from_json(self._http.json("POST", self._path + "/runs", body={"org": self.org}))
        if not wait:
            return run
        return self.wait(run, timeout=timeout, progress=progress)

    def run(self, run_id: str) -> Run:
        """The current state of one run."""
        return Run.from_json(self._http.json("GET", f"{self._path}/runs/{quote(run_id, safe='')}", params={"org": self.org}))

    def wait(self, run: Run | str, *, timeout: float | None = None, progress: bool = True) -> Run:
        """Polls a run until it ends; returns it when it SUCCEEDED, raises :class:`RunFailedError` otherwise."""
        current = self.run(run) if isinstance(run, str) else run
        bar = Progress(f"{self.name}/{self.org}", show=progress)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while True:
                bar.update(current)
                if current.done:
                    break
                if deadline is not None and time.monotonic() > deadline:
                    from .errors import FeatureStoreTimeout
                    raise FeatureStoreTimeout(f"Cannot wait for run {current.run} of {self.name}/{self.org}: still "
                                              f"running after {timeout:g} s (it goes on; wait again with group.wait('{current.run}'))",
                                              code="timeout")
                time.sleep(self._store.poll_interval)
                current = self.run(current.run)
        finally:
            bar.close()
        if current.status != "SUCCEEDED":
            raise RunFailedError(f"Run {current.run} of {self.name}/{self.org} {current.status.lower()}: "
                                 f"{current.reason or 'no reason recorded'}", current)
        doc = self._http.json("GET", self._path, params={"org": self.org})
        self.current = doc.get("current")
        return current

    def reproduce(self, version: str, wait: bool = True, *, timeout: float | None = None) -> Reproduction:
        """Rebuilds ``version`` from its recorded lineage and compares it with the recorded data
        (``POST /groups/{group}/versions/{version}/reproductions``).

        Nothing of the rebuild is published or listed among the versions. With ``wait`` it polls until the rebuild
        ends and raises :class:`RunFailedError` when it could not finish; the returned :class:`Reproduction` says
        whether the data is ``identical``, which fields differ, and whether the sources or the code changed. An
        unknown version raises :class:`NotFoundError`, one whose manifest records no lineage :class:`ConflictError`.

        Args:
            version: the version id, e.g. ``group.current``.
            wait: poll until it ends (else return the RUNNING reproduction; poll with :meth:`reproduction`).
            timeout: give up waiting after this many seconds (the rebuild goes on).
        """
        started = Reproduction.from_json(self._http.json(
            "POST", f"{self._path}/versions/{quote(version, safe='')}/reproductions", body={"org": self.org}))
        if not wait:
            return started
        deadline = None if timeout is None else time.monotonic() + timeout
        current = started
        while not current.done:
            if deadline is not None and time.monotonic() > deadline:
                from .errors import FeatureStoreTimeout
                raise FeatureStoreTimeout(f"Cannot wait for reproduction {current.reproduction} of {self.name}/{self.org} version "
                                          f"{version}: still running after {timeout:g} s (it goes on; poll it with "
                                          f"group.reproduction('{version}', '{current.reproduction}'))", code="timeout")
            time.sleep(self._store.poll_interval)
            current = self.reproduction(version, current.reproduction)
        if current.status != "SUCCEEDED":
            raise RunFailedError(f"Reproduction {current.reproduction} of {self.name}/{self.org} version {version} "
                                 f"{current.status.lower()}: {current.reason or 'no reason recorded'}", current)
        return current

    def reproduction(self, version: str, reproduction_id: str) -> Reproduction:
        """The current state of one reproduction of ``version``."""
        return Reproduction.from_json(self._http.json(
            "GET", f"{self._path}/versions/{quote(version, safe='')}/reproductions/{quote(reproduction_id, safe='')}",
            params={"org": self.org}))

    def runs(self) -> pd.DataFrame:
        """The group's runs for this org, newest first: run, version, status, started_at, finished_at, reason."""
        doc = self._http.json("GET", self._path + "/runs", params={"org": self.org})
        frame = pd.DataFrame(doc.get("runs", []), columns=["run", "version", "status", "started_at", "finished_at", "reason"])
        for c in ("started_at", "finished_at"):
            frame[c] = pd.to_datetime(frame[c], utc=True, format="ISO8601").astype("datetime64[us, UTC]")
        return frame.astype({"run": "string", "version": "string", "status": "string", "reason": "string"})

    def versions(self) -> pd.DataFrame:
        """The group's versions for this org: version, created_at, row_count, bytes, config_hash, current, pinned."""
        doc = self._http.json("GET", self._path, params={"org": self.org})
        self.current = doc.get("current")
        frame = pd.DataFrame(doc.get("versions", []),
                             columns=["version", "created_at", "row_count", "bytes", "config_hash", "current", "pinned"])
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601").astype("datetime64[us, UTC]")
        return frame.astype({"version": "string", "row_count": "Int64", "bytes": "Int64", "config_hash": "string",
                             "current": "boolean", "pinned": "boolean"})

    def drift(self, from_version: str | None = None, to_version: str | None = None) -> DriftReport:
        """Drift between two versions (default: the current one against the one before it)."""
        doc = self._http.json("GET", self._path + "/drift", params={"org": self.org, "from": from_version, "to": to_version})
        return DriftReport(doc)

    # ----- internals

    def _body(self, **keys: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"org": self.org}
        for key, value in keys.items():
            if value is None:
                continue
            if key in ("features", "exclude", "filters"):
                value = [value] if isinstance(value, str) else list(value)
            elif key == "as_of":
                value = _instant(value)
            body[key] = value
        return body

    def _read(self, body: dict[str, Any], *, as_dask: bool, format: str) -> Any:
        if format not in ("parquet", "json"):
            raise ValueError(f"Cannot read format {format!r}: use 'parquet' or 'json'")
        if format == "json":
            if as_dask:
                raise ValueError("Cannot return a dask DataFrame from a JSON answer: use format='parquet'")
            import decimal
            import json

            response = self._http.request("POST", self._path + "/features", body=dict(body, format="json"))
            doc = json.loads(response.content, parse_float=decimal.Decimal)
            frame = frame_from_rows(doc["columns"], doc["rows"], self._store.decimals)
            frame.attrs.update(group=doc.get("group"), org=doc.get("org"), version=doc.get("version"))
            return frame
        response = self._http.request("POST", self._path + "/features", body=dict(body, format="parquet"),
                                      accept=PARQUET, stream=True)
        return self._answer(response, as_dask=as_dask)

    def _answer(self, response: Any, *, as_dask: bool) -> Any:
        """A Parquet answer: the file itself (serve), or JSON with presigned URLs, maybe after 202 polling (AWS)."""
        if response.headers.get("Content-Type", "").startswith(PARQUET):
            path = os.path.join(self._store.scratch_dir(), f"answer-{uuid.uuid4().hex}.parquet")
            with open(path, "wb") as f:
                for chunk in response.iter_content(1 << 20):
                    f.write(chunk)
            meta = {"group": self.name, "org": self.org, "version": response.headers.get("X-Featurestore-Version")}
            return self._frames([path], meta, as_dask, local=True)
        deadline = None if self._store.wait_timeout is None else time.monotonic() + self._store.wait_timeout
        doc = self._http.poll(response, interval=self._store.poll_interval, deadline=deadline)
        urls = doc.get("urls")
        if urls is None:
            raise FeatureStoreError(f"Cannot read the Parquet answer: no \"urls\" in {str(doc)[:200]}", code="bad_response")
        meta = {"group": doc.get("group"), "org": doc.get("org"), "version": doc.get("version")}
        if not urls:  # no rows: build the empty frame from the answer's columns
            return _empty(doc.get("columns", []), self._store.decimals, as_dask, meta)
        return self._frames(urls, meta, as_dask, local=False, columns=doc.get("columns"))

    def _frames(self, sources: list[str], meta: dict[str, Any], as_dask: bool, local: bool,
                columns: list[Mapping[str, str]] | None = None) -> Any:
        decimals = self._store.decimals
        http = self._http

        def read(source: str) -> pd.DataFrame:
            if local:
                table = pq.read_table(source)
            else:
                table = pq.read_table(io.BytesIO(b"".join(http.download(source))))
            return frame_from_table(table, decimals)

        if as_dask:
            try:
                import dask.dataframe as dd
            except ImportError as e:
                raise ImportError("as_dask=True needs dask: pip install 'featurestore[dask]'") from e
            if local:
                empty = frame_from_table(pq.read_schema(sources[0]).empty_table(), decimals)
            else:
                empty = frame_from_rows(columns or [], [], decimals)
            return dd.from_map(read, sources, meta=empty, enforce_metadata=False)
        frames = [read(s) for s in sources]
        if local:
            for s in sources:
                os.remove(s)
        frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        frame.attrs.update(meta)
        return frame

    def _by_ids(self, body: dict[str, Any], ids: list[str], *, as_dask: bool, format: str) -> Any:
        for i in ids:
            if not isinstance(i, str):
                raise TypeError(f"Cannot look up id {i!r}: ids are strings")
        try:
            # the server answers lookups by id as JSON (typed here by the declared types), not as Parquet
            frame = self._read(dict(body, ids=ids), as_dask=False, format="json")
            if as_dask:
                import dask.dataframe as dd

                return dd.from_pandas(frame, npartitions=1)
            return frame
        except BadRequestError as e:
            if 'unknown key "ids"' not in e.message:
                raise
        # a server without the ids key: id IN (...) filters, one request per chunk of ids
        filters = list(body.get("filters", []))
        frames = []
        unique = list(dict.fromkeys(ids))
        for start in range(0, max(len(unique), 1), FALLBACK_IDS_PER_FILTER):
            chunk = unique[start:start + FALLBACK_IDS_PER_FILTER]
            in_list = ", ".join("'" + i.replace("'", "''") + "'" for i in chunk) if chunk else "''"
            frames.append(self._read(dict(body, filters=filters + [f"id IN ({in_list})"]), as_dask=False, format=format))
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        frame.attrs.update(frames[0].attrs)
        if as_dask:
            import dask.dataframe as dd

            return dd.from_pandas(frame, npartitions=1)
        return frame


def _instant(value: Instant) -> str:
    if isinstance(value, str):
        return value
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.isoformat() + "Z"


def _missing_route(e: FeatureStoreError) -> bool:
    """A 404/405 for the route itself (serve: "(routes: ..."), or API Gateway's 403 for an undeclared resource."""
    return ("routes:" in e.message or e.code == "method_not_allowed"
            or (e.status == 403 and "Missing Authentication Token" in e.message))


def _empty(columns: list[Mapping[str, str]], decimals: Any, as_dask: bool, meta: dict[str, Any]) -> Any:
    frame = frame_from_rows(columns, [], decimals)
    frame.attrs.update(meta)
    if as_dask:
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=1)
    return frame
