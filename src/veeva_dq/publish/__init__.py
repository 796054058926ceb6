"""Publish: copy the staging database's tables to another engine, each replaced whole.

    from veeva_dq.publish import publish_tables
    result = publish_tables(Path("staging.db"), "duckdb:///lake/vdq.duckdb", load_model())

The target is a DuckDB file, a PostgreSQL URL (its search_path schema) or a folder of Parquet
files (`hcp.parquet`, ...), the layout `validate --source FOLDER` reads. See docs/ingest.md.
"""

from __future__ import annotations

from veeva_dq.publish._run import PublishResult, TablePublished, publish_tables, publishable
from veeva_dq.publish._target import (
    PublishError,
    PublishInterrupted,
    Target,
    check_target,
    parse_target,
)
from veeva_dq.publish._writers import probe_target

__all__ = [
    "PublishError",
    "PublishInterrupted",
    "PublishResult",
    "TablePublished",
    "Target",
    "check_target",
    "parse_target",
    "probe_target",
    "publish_tables",
    "publishable",
]
