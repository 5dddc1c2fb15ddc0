"""The drift report of ``GET /groups/{group}/drift`` as a notebook object."""

from __future__ import annotations

import html
from typing import Any, Mapping

import pandas as pd


class DriftReport:
    """Drift of a group's data from a baseline version (``from``) to a newer one (``to``).

    In Jupyter it renders itself as an HTML table (``_repr_html_``); :meth:`to_frame` gives one row per
    field. ``raw`` is the server's JSON document (docs/drift.md).
    """

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = dict(raw)
        self.group: str = raw.get("group", "")
        self.org: str = raw.get("org", "")
        self.from_version: str | None = (raw.get("from") or {}).get("version")
        self.to_version: str | None = (raw.get("to") or {}).get("version")
        self.flagged: list[str] = list(raw.get("flagged") or [])
        self.thresholds: dict[str, Any] = dict(raw.get("thresholds") or {})

    @property
    def summary(self) -> str:
        """``2 of 11 flagged: distance, age`` or ``stable (max psi 0.004)``."""
        fields = self.raw.get("fields") or []
        if self.flagged:
            return f"{len(self.flagged)} of {len(fields)} flagged: {', '.join(self.flagged)}"
        psis = [f["psi"] for f in fields if f.get("psi") is not None]
        return f"stable (max psi {max(psis, default=0.0):.3f})"

    def to_frame(self) -> pd.DataFrame:
        """One row per field: field, change, types, psi, null rates, flagged, reasons, binning."""
        rows = []
        for f in self.raw.get("fields") or []:
            rows.append({
                "field": f.get("field"),
                "change": f.get("change"),
                "from_type": f.get("from_type"),
                "to_type": f.get("to_type"),
                "psi": f.get("psi"),
                "from_null_rate": f.get("from_null_rate"),
                "to_null_rate": f.get("to_null_rate"),
                "null_rate_change": f.get("null_rate_change"),
                "flagged": bool(f.get("flagged")),
                "reasons": "; ".join(f.get("reasons") or []),
                "binning": f.get("binning"),
            })
        frame = pd.DataFrame(rows, columns=["field", "change", "from_type", "to_type", "psi", "from_null_rate",
                                            "to_null_rate", "null_rate_change", "flagged", "reasons", "binning"])
        return frame.astype({"field": "string", "change": "string", "from_type": "string", "to_type": "string",
                             "psi": "Float64", "from_null_rate": "Float64", "to_null_rate": "Float64",
                             "null_rate_change": "Float64", "flagged": "boolean", "reasons": "string",
                             "binning": "string"})

    def _repr_html_(self) -> str:
        e = html.escape
        head = (f"<h4>Drift of {e(self.group)}/{e(self.org)}: {e(str(self.from_version))} &rarr; "
                f"{e(str(self.to_version))}</h4><p>{e(self.summary)}</p>")
        rows = []
        for f in self.raw.get("fields") or []:
            psi = f.get("psi")
            style = ' style="background:#fde2e1"' if f.get("flagged") else ""
            rows.append(
                f"<tr{style}><td>{e(str(f.get('field')))}</td><td>{e(str(f.get('change')))}</td>"
                f"<td>{e(str(f.get('to_type') or f.get('from_type')))}</td>"
                f"<td>{'' if psi is None else f'{psi:.4f}'}</td>"
                f"<td>{_pct(f.get('from_null_rate'))} &rarr; {_pct(f.get('to_null_rate'))}</td>"
                f"<td>{e('; '.join(f.get('reasons') or []))}</td></tr>")
        table = ("<table><thead><tr><th>field</th><th>change</th><th>type</th><th>psi</th><th>nulls</th>"
                 "<th>reasons</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
        return f'<div class="featurestore-drift">{head}{table}</div>'

    def __repr__(self) -> str:
        return f"DriftReport({self.group}/{self.org} {self.from_version} -> {self.to_version}: {self.summary})"


def _pct(value: Any) -> str:
    return "" if value is None else f"{100 * float(value):.1f}%"
