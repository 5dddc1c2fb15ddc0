"""Calculation runs: the record the API answers, and the progress display while waiting for one."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd


@dataclass(frozen=True)
class Run:
    """One calculation run of a group for an org (``POST``/``GET /groups/{group}/runs/{run}``).

    ``status`` is ``RUNNING``, ``SUCCEEDED`` or ``FAILED``; ``version`` is the version the run publishes
    (known locally from the start; on AWS once it succeeded); ``reason`` says why a run failed.
    """

    run: str
    group: str
    org: str
    status: str
    version: str | None = None
    started_at: pd.Timestamp | None = None
    finished_at: pd.Timestamp | None = None
    reason: str | None = None
    functions_total: int | None = None
    functions_done: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> "Run":
        return cls(run=doc["run"], group=doc.get("group", ""), org=doc.get("org", ""), status=doc.get("status", ""),
                   version=doc.get("version"), started_at=_time(doc.get("started_at")),
                   finished_at=_time(doc.get("finished_at")), reason=doc.get("reason"),
                   functions_total=doc.get("functions_total"), functions_done=doc.get("functions_done"), raw=dict(doc))

    @property
    def done(self) -> bool:
        return self.status != "RUNNING"


def _time(value: Any) -> pd.Timestamp | None:
    return None if value in (None, "") else pd.Timestamp(value).tz_convert("UTC") if pd.Timestamp(value).tzinfo \
        else pd.Timestamp(value).tz_localize("UTC")


class Progress:
    """A progress bar over a run's functions: tqdm's notebook or terminal bar when tqdm is installed
    (``pip install featurestore[tqdm]``), else one printed line per change; silent with ``show=False``."""

    def __init__(self, label: str, show: bool = True) -> None:
        self.label = label
        self.show = show
        self._bar: Any = None
        self._last: tuple[Any, ...] | None = None

    def update(self, run: Run) -> None:
        if not self.show:
            return
        state = (run.status, run.functions_done, run.functions_total)
        if state == self._last:
            return
        self._last = state
        total = run.functions_total if run.functions_total is not None else (self._bar.total if self._bar else None)
        done = run.functions_done or 0
        if run.status == "SUCCEEDED" and total is not None:
            done = total
        bar = self._tqdm(total)
        if bar is not None:
            if total is not None and bar.total != total:
                bar.total = total
            bar.n = done
            bar.set_postfix_str(run.status.lower(), refresh=False)
            bar.refresh()
        else:
            steps = f" functions {done}/{total}" if total is not None else ""
            print(f"{self.label}: {run.status.lower()}{steps}", file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def _tqdm(self, total: int | None) -> Any:
        if self._bar is None:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                return None
            self._bar = tqdm(total=total, desc=self.label, unit="function")
        return self._bar
