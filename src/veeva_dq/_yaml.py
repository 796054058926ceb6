"""YAML reading for the model, rule packs and project files: parsed by libyaml when PyYAML
has it (several times faster than the pure Python parser), with the pure parser's error
messages, and kept parsed in the cache folder (`veeva_dq._cache`, part `yaml/`).

A run reads the same few documents every time (the built-in model and packs, the project's
packs and `veeva-dq.yaml`), and importing PyYAML alone costs more than reading them back
parsed: a document read before is loaded from the cache by its SHA-256, and PyYAML is only
imported for a document never seen. Entries are written with owner-only permissions (a
project file may hold connection details) as `marshal` data behind a header holding the
format, the Python marshal version and the SHA-256 of the data; a damaged or foreign entry
is parsed again, and so is one another user owns or could change (marshal data is not safe
to load from others, and a team may share a cache folder). Documents holding values
marshal cannot write (dates) are not kept.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from veeva_dq import _cache

_FORMAT = 1
_KEEP = 256  # parsed documents kept; the least recently written go first
_MISSING = object()


def not_utf8(kind: str, path: object, exc: UnicodeDecodeError) -> str:
    """"Rule pack 'x.yaml' is not UTF-8 text (byte 12 is 0xe9). Save it as UTF-8." """
    return (f"{kind} '{path}' is not UTF-8 text (byte {exc.start} is"
            f" 0x{exc.object[exc.start]:02x}). Save it as UTF-8.")


class YamlError(Exception):
    """A document that is not valid YAML; the text is PyYAML's description, with the line
    and column of the problem."""


def safe_load(text: str) -> Any:
    """`yaml.safe_load(text)`, from the cache when this text was parsed before.

    Raises YamlError when the text is not valid YAML."""
    folder = _cache.root()
    if folder is None:
        return _parse(text)
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    found = _read(folder / "yaml" / f"{key}.bin", key)
    if found is not _MISSING:
        return found
    value = _parse(text)
    try:
        data = marshal.dumps(value)
    except ValueError:  # a type marshal cannot write, such as a date
        return value
    _cache.write_atomic(folder / "yaml", f"{key}.bin", _header(key, data) + data,
                        keep=_KEEP, mode=0o600)
    return value


def _read(path: Path, key: str) -> Any:
    # Only an entry this user wrote and no one else can change is read: marshal data is not
    # safe to load from others, and a cache folder may be shared.
    raw = _cache.read_file(path, owner_only=True)
    if raw is None:
        return _MISSING
    head, _, data = raw.partition(b"\n")
    if head + b"\n" != _header(key, data):
        return _MISSING
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return _MISSING


def _header(key: str, data: bytes) -> bytes:
    """The entry's first line: format, the key (the SHA-256 of the text, so an entry is only
    ever read for its own text), marshal version and the SHA-256 of the data."""
    digest = hashlib.sha256(data).hexdigest()
    return f"veeva-dq yaml {_FORMAT} {key} marshal {marshal.version} {digest}\n".encode("ascii")


def _fast_loader() -> Any:
    """PyYAML's libyaml loader, or None where PyYAML was built without libyaml."""
    import yaml

    return getattr(yaml, "CSafeLoader", None)


def _parse(text: str) -> Any:
    import yaml

    try:
        fast = _fast_loader()
        if fast is not None:
            try:
                return yaml.load(text, Loader=fast)
            except yaml.YAMLError:
                pass  # parsed again below for the pure parser's message
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from exc
