"""Validating a `--json` report against the contract's schema 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = json.loads((Path(__file__).parent / "schema" / "report-1.json").read_text())


def assert_report(data: dict[str, Any]) -> None:
    jsonschema.validate(data, SCHEMA)
    ids = [r["id"] for r in data["results"]]
    assert len(ids) == len(set(ids)), "a check appears twice"
    statuses = {r["status"] for r in data["results"]}
    expected = (
        "not_ready"
        if "fail" in statuses
        else "cautions"
        if statuses & {"warn", "unknown"}
        else "ready"
    )
    if data["phase"] == "after" and expected == "not_ready":
        expected = "cautions"
    assert data["verdict"] == expected
