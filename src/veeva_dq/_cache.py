"""veeva-dq's cache folder: what a run can always rebuild from its inputs and keeps only to
start faster. `plans/` holds compiled validation plans (`veeva_dq._plan`), `yaml/` parsed
YAML documents (`veeva_dq._yaml`).

The folder is `$VDQ_CACHE_DIR`, by default `$XDG_CACHE_HOME/veeva-dq` (`~/.cache/veeva-dq`);
`VDQ_CACHE_DIR=off` turns the cache off. Files are written atomically (a temporary file
renamed into place), so processes side by side never read half a file, and each part keeps
only its most recently written files.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from pathlib import Path

CACHE_VARIABLE = "VDQ_CACHE_DIR"


def root() -> Path | None:
    """The cache folder, or None when the cache is off (`VDQ_CACHE_DIR=off`)."""
    chosen = os.environ.get(CACHE_VARIABLE, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "veeva-dq"


_STALE_PART_S = 3600  # a temporary file this old was left by a process that died


def read_file(path: Path, *, owner_only: bool) -> bytes | None:
    """The bytes of a cache file; None when it is missing or unreadable, is not a regular
    file (a FIFO or a device is never read, and opening one does not block), is a symbolic
    link, can be written by others than its owner (world-writable; with `owner_only`, group
    -writable too), or, with `owner_only`, belongs to another user."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & (0o022 if owner_only else 0o002):
            return None
        if owner_only and st.st_uid != os.getuid():
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def write_atomic(folder: Path, name: str, data: bytes, *, keep: int, mode: int) -> str | None:
    """Write `data` to `folder/name` through a temporary file renamed into place, created
    with the permission bits `mode` (less the umask), then remove all but the `keep` most
    recently written files of the folder with the same suffix. None, or why it could not be
    written."""
    suffix = Path(name).suffix
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".tmp-{os.getpid()}-{secrets.token_hex(6)}.part"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(folder, suffix, keep)
    except OSError as exc:
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return None


def _prune(folder: Path, suffix: str, keep: int) -> None:
    """The least recently written files go first; temporary files of dead writers too."""
    def written(path: Path) -> int:
        try:
            return path.lstat().st_mtime_ns
        except OSError:  # removed by another process meanwhile
            return 0

    files = sorted(folder.glob(f"*{suffix}"), key=written)
    stale = time.time_ns() - _STALE_PART_S * 10**9
    parts = [p for p in folder.glob(".tmp-*.part") if written(p) < stale]
    for old in [*files[:-keep], *parts]:
        with contextlib.suppress(OSError):
            old.unlink()
