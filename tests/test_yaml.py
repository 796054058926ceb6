"""YAML is read through libyaml where PyYAML has it; the result must be the pure parser's."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from veeva_dq import _yaml


def _shipped(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text("utf-8")


@pytest.mark.parametrize(("package", "name"), [
    ("veeva_dq.model", "data/model.yaml"),
    ("veeva_dq.rules", "packs/core.yaml"),
])
def test_shipped_yaml_reads_as_the_pure_parser_reads_it(package: str, name: str) -> None:
    text = _shipped(package, name)
    assert _yaml.safe_load(text) == yaml.safe_load(text)


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    assert _yaml._FAST is getattr(yaml, "CSafeLoader", None)


def test_values_of_every_scalar_kind_read_alike() -> None:
    text = ("a: 1\nb: 1.5\nc: true\nd: null\ne: '0012'\nf: 2026-01-31\ng: [x, 'y z']\n"
            "h: {k: ~}\ni: \"é\\t\"\nj: |\n  two\n  lines\n")
    assert _yaml.safe_load(text) == yaml.safe_load(text)


def test_a_bad_document_raises_the_pure_parsers_error() -> None:
    text = "rules:\n  - id: a\n   kind: b\n"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as ours:
        _yaml.safe_load(text)
    assert str(ours.value) == str(pure.value)
