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


def write_atomic(folder: Path, name: str, data: bytes, *, keep: int, mode: int) -> str | None:
    """Write `data` to `folder/name` through a temporary file renamed into place, with the
    permission bits `mode` less the umask, then remove all but the `keep` most recently
    written files of the folder with the same suffix. None, or why it could not be written."""
    import tempfile

    suffix = Path(name).suffix
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
        try:
            os.fchmod(fd, mode & ~_umask())  # mkstemp's files are the owner's alone
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


def _prune(folder: Path, suffix: str, keep: int) -> None:  # the least recently written go first
    def written(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:  # removed by another process meanwhile
            return 0

    files = sorted(folder.glob(f"*{suffix}"), key=written)
    for old in files[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
