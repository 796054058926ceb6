"""Outputs of a stored run: console summary, JSON, a self-contained HTML report, issue export.

Every function reads a run back through `ResultStore` and raises `UnknownRunError` when the
run id names no stored run. Each output is imported when first used, so writing JSON never
loads Jinja2 (start-up time counts for a command-line tool).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veeva_dq.report._console import render_console
    from veeva_dq.report._export import ExportFormat, export_issues
    from veeva_dq.report._html import render_html, write_html_report
    from veeva_dq.report._json import run_to_json

_WHERE = {
    "render_console": "_console",
    "ExportFormat": "_export",
    "export_issues": "_export",
    "render_html": "_html",
    "write_html_report": "_html",
    "run_to_json": "_json",
}

__all__ = [
    "ExportFormat",
    "export_issues",
    "render_console",
    "render_html",
    "run_to_json",
    "write_html_report",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'veeva_dq.report' has no attribute '{name}'")
    return getattr(importlib.import_module(f"veeva_dq.report.{module}"), name)
