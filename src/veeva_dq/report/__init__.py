"""Outputs of a stored run: console summary, JSON, a self-contained HTML report, issue export.

Every function reads a run back through `ResultStore` and raises `UnknownRunError` when the
run id names no stored run.
"""

from __future__ import annotations

from veeva_dq.report._console import render_console
from veeva_dq.report._export import ExportFormat, export_issues
from veeva_dq.report._html import render_html, write_html_report
from veeva_dq.report._json import run_to_json

__all__ = [
    "ExportFormat",
    "export_issues",
    "render_console",
    "render_html",
    "run_to_json",
    "write_html_report",
]
