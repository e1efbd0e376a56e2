"""One report → the spec's JSON."""

from __future__ import annotations

import json

from gkparse.models import ReportData


def report_json(report: ReportData, indent: int | None = 1) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)
