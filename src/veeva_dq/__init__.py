"""veeva-dq: data quality for healthcare provider master data."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
