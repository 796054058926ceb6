"""The PostgreSQL server the tests use, and a schema of their own on it.

`VDQ_TEST_POSTGRES_URL` names the server (default: local, user postgres, database test). A
test that needs it skips when it cannot be reached, except under `CI=true`, where it fails:
CI must never pass by skipping. Each test session works in its own schema
(`vdq_test_<random>`), dropped at the end, so parallel runs do not collide.
"""

from __future__ import annotations

import os
import secrets
from urllib.parse import quote

import pytest

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
_state: dict[str, str] = {}


def server_url() -> str:
    return os.environ.get("VDQ_TEST_POSTGRES_URL", DEFAULT_URL)


def require_server() -> None:
    """Skip (fail under CI=true) when the server cannot be reached."""
    import psycopg

    if "error" not in _state:
        try:
            psycopg.connect(server_url(), connect_timeout=5).close()
            _state["error"] = ""
        except psycopg.Error as exc:
            _state["error"] = str(exc).strip() or type(exc).__name__
    if _state["error"]:
        reason = f"PostgreSQL at {server_url()} is unreachable: {_state['error']}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: a test needing PostgreSQL may not skip)")
        pytest.skip(reason)


def with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}', safe='')}"


def schema_url(*, fresh: bool = True) -> str:
    """A URL whose search_path is this session's schema, emptied first when `fresh`."""
    import psycopg
    from psycopg import sql

    require_server()
    if "schema" not in _state:
        _state["schema"] = f"vdq_test_{secrets.token_hex(6)}"
        fresh = True
    schema = sql.Identifier(_state["schema"])
    if fresh:
        with psycopg.connect(server_url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
    return with_schema(server_url(), _state["schema"])


def drop_schema() -> None:
    import psycopg
    from psycopg import sql

    name = _state.pop("schema", None)
    if name is None:
        return
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))
