"""Choosing rules: `all`, a rule id, a group, an object or a dimension, comma-separated."""

from __future__ import annotations

from collections.abc import Sequence

from veeva_dq.model._model import unknown_name
from veeva_dq.rules._schema import Rule


class SelectionError(ValueError):
    """A --rule or --object value that selects nothing."""


def rule_groups(rule: Rule) -> set[str]:
    return {*rule.groups, rule.object, rule.dimension.value, rule.kind.value}


def select_rules(rules: Sequence[Rule], selector: str = "all",
                 objects: Sequence[str] = ()) -> list[Rule]:
    """The rules a selector names, in pack order.

    Each comma-separated part is `all`, a rule id, or a group: a rule's groups, its object,
    its dimension or its kind (`npi`, `address`, `validity`, `unique`).
    """
    ids = {r.id for r in rules}
    groups = set().union(*(rule_groups(r) for r in rules)) if rules else set()
    wanted: set[str] = set()
    for part in (p.strip() for p in selector.split(",")):
        if not part:
            continue
        if part == "all":
            wanted |= ids
        elif part in ids:
            wanted.add(part)
        elif part in groups:
            wanted |= {r.id for r in rules if part in rule_groups(r)}
        else:
            raise SelectionError(
                "--rule: " + unknown_name("rule or group", part, ids | groups | {"all"})
            )
    if objects:
        known = {r.object for r in rules}
        for o in objects:
            if o not in known:
                raise SelectionError("--object: " + unknown_name("object", o, known))
        wanted = {r.id for r in rules if r.id in wanted and r.object in objects}
    return [r for r in rules if r.id in wanted]
