"""YAML reading through libyaml when PyYAML has it (several times faster than the pure
Python parser), with the pure parser's error messages."""

from __future__ import annotations

from typing import Any

import yaml

_FAST: Any = getattr(yaml, "CSafeLoader", None)


def safe_load(text: str) -> Any:
    """`yaml.safe_load`, parsed by libyaml where available. A document libyaml rejects is
    parsed again by the pure Python parser, so a YAMLError reads the same either way."""
    if _FAST is None:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.safe_load(text)
