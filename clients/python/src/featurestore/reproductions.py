"""Reproductions: rebuilding a version from its recorded lineage and what the comparison found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from .runs import _time


@dataclass(frozen=True)
class Reproduction:
    """One reproduction of a version (``POST``/``GET /groups/{group}/versions/{version}/reproductions[/{id}]``).

    ``status`` is ``RUNNING``, ``SUCCEEDED`` (the rebuild finished: read ``identical`` and the rest) or
    ``FAILED`` (``reason`` says why the rebuild could not finish). ``identical`` is true when the rebuilt data has
    the recorded content checksum and row count; otherwise ``differing_fields`` names the fields whose statistics
    differ. ``source_changes`` lists the source tables or objects added, removed or changed since the version was
    built (locally file sizes and hashes; on AWS Glue table versions and S3 ETags), ``code_change`` the commit
    change (``None`` when the same).
    """

    reproduction: str
    group: str
    org: str
    version: str
    status: str
    started_at: pd.Timestamp | None = None
    finished_at: pd.Timestamp | None = None
    reason: str | None = None
    identical: bool | None = None
    recorded_rows: int | None = None
    rebuilt_rows: int | None = None
    recorded_checksum: str | None = None
    rebuilt_checksum: str | None = None
    differing_fields: list[str] = field(default_factory=list)
    source_changes: list[str] = field(default_factory=list)
    code_change: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> "Reproduction":
        report = doc.get("report") or {}
        return cls(reproduction=doc["reproduction"], group=doc.get("group", ""), org=doc.get("org", ""),
                   version=doc.get("version", ""), status=doc.get("status", ""), started_at=_time(doc.get("started_at")),
                   finished_at=_time(doc.get("finished_at")), reason=doc.get("reason"), identical=report.get("identical"),
                   recorded_rows=report.get("recorded_rows"), rebuilt_rows=report.get("rebuilt_rows"),
                   recorded_checksum=report.get("recorded_checksum"), rebuilt_checksum=report.get("rebuilt_checksum"),
                   differing_fields=list(report.get("differing_fields") or []),
                   source_changes=list(report.get("source_changes") or []), code_change=report.get("code_change"),
                   raw=dict(doc))

    @property
    def done(self) -> bool:
        return self.status != "RUNNING"

    def __str__(self) -> str:
        label = f"{self.group}/{self.org} version {self.version}"
        if not self.done:
            return f"{label}: reproduction {self.reproduction} running"
        if self.status != "SUCCEEDED":
            return f"{label}: reproduction {self.reproduction} failed: {self.reason}"
        lines = [f"{label}: identical ({self.rebuilt_rows:,} rows, content checksum {str(self.rebuilt_checksum)[:12]}…)"
                 if self.identical else
                 f"{label}: differs ({self.rebuilt_rows:,} rows rebuilt, {self.recorded_rows:,} recorded); fields that differ: "
                 + ("; ".join(self.differing_fields) or "none by their statistics (values moved between rows)")]
        lines.append("  sources changed: " + "; ".join(self.source_changes) if self.source_changes else "  sources: unchanged")
        lines.append(f"  code changed: {self.code_change}" if self.code_change else "  code: the same commit")
        return "\n".join(lines)
