"""Ingest: load Veeva OpenData/Network exports or CMS NPPES files into the source database.

    from veeva_dq.ingest import ingest_files
    result = ingest_files([Path("exports/")], None, Path("vdq.db"), load_model())

Values are stored as text exactly as read; rows that cannot be loaded go to vdq_quarantine
with a reason, repairs (float damage, stray Latin-1 bytes) are listed in vdq_ingest_notice.
See docs/ingest.md.
"""

from __future__ import annotations

from veeva_dq.ingest._run import ingest_files
from veeva_dq.ingest._types import FileResult, IngestError, IngestInterrupted, IngestResult

__all__ = ["FileResult", "IngestError", "IngestInterrupted", "IngestResult", "ingest_files"]
