"""Reports → the spec's JSON: one object for a report, a list for every report of a file."""

from __future__ import annotations

import json
from collections.abc import Sequence

from gkparse.models import ReportData


def report_json(report: ReportData | Sequence[ReportData], indent: int | None = 1) -> str:
    data = [r.to_dict() for r in report] if isinstance(report, Sequence) else report.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=indent)
