"""examples/getting-started.ipynb runs headless (nbclient) against serve; any cell error fails the test."""

import os

import nbformat
from nbclient import NotebookClient

from conftest import REPO


def test_gettingStartedNotebook_runsWithoutErrors(server, monkeypatch, tmp_path):
    notebook = nbformat.read(REPO / "examples" / "getting-started.ipynb", as_version=4)
    monkeypatch.setenv("FEATURESTORE_URL", server)
    monkeypatch.setenv("FEATURESTORE_ORG", "acme")
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "SUCCEEDED" in texts                 # calculate
    assert "query_error" in texts and "position 10" in texts
    htmls = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "featurestore-drift" in htmls        # the drift report rendered inline
