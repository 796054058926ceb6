"""Load rule packs from YAML. The built-in pack goes through the same path as a user's."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from veeva_dq import _yaml
from veeva_dq.model import Model
from veeva_dq.model._model import unknown_name
from veeva_dq.rules._params import ParamError, check_message, check_params, known_column
from veeva_dq.rules._schema import Dimension, Kind, NullPolicy, Rule, Severity

BUILTIN_PACK = "core.yaml"

# Parameters each kind accepts; the first set is required.
_PARAMS: dict[Kind, tuple[frozenset[str], frozenset[str]]] = {
    Kind.NOT_NULL: (frozenset(), frozenset({"blank_is_null"})),
    Kind.IN_SET: (frozenset(), frozenset({"values", "picklist", "reference", "case_sensitive"})),
    Kind.PATTERN: (frozenset({"formats"}), frozenset()),
    Kind.REGEX: (frozenset({"pattern"}), frozenset()),
    Kind.LENGTH: (frozenset(), frozenset({"min", "max"})),
    Kind.NPI: (frozenset(), frozenset()),
    Kind.DEA: (frozenset(), frozenset()),
    Kind.PHONE: (frozenset(), frozenset({"country"})),
    Kind.DATE_VALID: (frozenset(), frozenset()),
    Kind.DATE_RANGE: (frozenset(), frozenset({"min", "max"})),
    Kind.RANGE: (frozenset(), frozenset({"min", "max", "type"})),
    Kind.DATE_ORDER: (frozenset(), frozenset({"allow_equal"})),
    Kind.EXPRESSION: (frozenset({"fail_when"}), frozenset()),
    Kind.UNIQUE: (frozenset(), frozenset({"normalize", "distinct"})),
    Kind.EXISTS_IN: (frozenset({"targets"}), frozenset({"negate"})),
    Kind.LOOKUP: (frozenset({"join", "fail_when"}), frozenset()),
    Kind.CHILDREN: (frozenset({"child"}), frozenset({"min", "max", "child_when", "child_column"})),
    Kind.ROW_COUNT: (frozenset(), frozenset({"min", "max"})),
    Kind.FRESHNESS: (frozenset({"max_age_days"}), frozenset()),
    Kind.ANOMALY: (frozenset({"metric"}),
                   frozenset({"window", "threshold", "min_history", "max_change"})),
}
# Kinds that judge no single column (the others need `column` or `columns`).
_COLUMNLESS = frozenset({Kind.EXPRESSION, Kind.LOOKUP, Kind.CHILDREN, Kind.ROW_COUNT,
                         Kind.ANOMALY})
_RULE_KEYS = frozenset(
    {"id", "object", "kind", "column", "columns", "dimension", "severity", "description",
     "message", "when", "groups", "threshold", "params", "nulls"}
)


class RulePackError(ValueError):
    """A rule pack that cannot be loaded: the message names the file and the YAML path."""


@dataclass(frozen=True)
class RulePack:
    name: str
    version: str
    rules: tuple[Rule, ...]
    digest: str


def builtin_pack_path() -> Path:
    return Path(__file__).parent / "packs" / BUILTIN_PACK


def load_packs(paths: Sequence[Path], model: Model, *, builtin: bool = True) -> list[RulePack]:
    """The built-in pack (unless turned off) and then each file or folder of YAML packs."""
    files: list[Path] = [builtin_pack_path()] if builtin else []
    for p in paths:
        if p.is_dir():
            files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
        elif p.exists():
            files.append(p)
        else:
            raise RulePackError(f"Rule pack '{p}' does not exist.")
    packs = [load_pack(f, model) for f in files]
    seen: dict[str, str] = {}
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                raise RulePackError(
                    f"{rule.source}: rule id '{rule.id}' is already defined in {seen[rule.id]}."
                )
            seen[rule.id] = rule.source
    return packs


def rules_version(packs: Iterable[RulePack]) -> str:
    return "; ".join(f"{p.name} {p.version} ({p.digest})" for p in packs)


def load_pack(path: Path, model: Model, errors: list[str] | None = None) -> RulePack:
    """Load one pack. With `errors`, a bad rule is reported there and skipped (lint)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise RulePackError(f"Rule pack '{path}' cannot be read: {exc.strerror}.") from None
    except UnicodeDecodeError as exc:
        raise RulePackError(_yaml.not_utf8("Rule pack", path, exc)) from None
    try:
        raw = _yaml.safe_load(text)
    except _yaml.YamlError as exc:
        raise RulePackError(f"Rule pack '{path}' is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise RulePackError(f"Rule pack '{path}' must be a mapping with a 'rules' list.")
    name = str(raw.get("name", path.stem))
    found: list[Rule] = []
    for i, spec in enumerate(raw["rules"]):
        problems = _top_level_problems(path, f"rules[{i}]", spec, model)
        if problems:
            if errors is None:
                raise RulePackError(problems[0])
            errors.extend(problems)
            continue
        try:
            rule = _rule(path, f"rules[{i}]", spec, model)
        except RulePackError as exc:
            if errors is None:
                raise
            errors.append(str(exc))
            continue
        # The pack's name is a group: `--rule acme` selects every rule of the acme pack.
        found.append(replace(rule, groups=(*rule.groups, name)) if name not in rule.groups
                     else rule)
    rules = tuple(found)
    return RulePack(
        name=name,
        version=str(raw.get("version", "0")),
        rules=rules,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
    )


def _enum(path: Path, where: str, value: Any, enum_type: Any, what: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = [e.value for e in enum_type]
        raise RulePackError(
            f"{path}: {where} is '{value}'. " + unknown_name(what, str(value), allowed)
        ) from None


_RULE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _top_level_problems(path: Path, where: str, spec: Any, model: Model) -> list[str]:
    """Every problem of a rule's own keys that can be found independently of the others,
    so that `rules lint` reports them all at once."""
    if not isinstance(spec, dict):
        return [f"{path}: {where} must be a mapping with id, object and kind."]
    out = [f"{path}: {where} has no '{key}'." for key in
           ("id", "object", "kind", "dimension", "severity", "description") if key not in spec]
    rid = str(spec.get("id", "?"))
    where = f"{where} (id {rid})"
    if "id" in spec and not _RULE_ID.match(rid):
        out.append(f"{path}: {where}.id '{rid}' is not allowed: a rule id is a letter followed"
                   " by letters, digits and _.")
    for bad in sorted(set(spec) - _RULE_KEYS):
        out.append(f"{path}: {where}: " + unknown_name("rule key", bad, _RULE_KEYS))
    for key, enum_type, what in (("kind", Kind, "rule kind"), ("dimension", Dimension,
                                 "dimension"), ("severity", Severity, "severity"),
                                 ("nulls", NullPolicy, "NULL policy")):
        if key in spec:
            try:
                _enum(path, f"{where}.{key}", spec[key], enum_type, what)
            except RulePackError as exc:
                out.append(str(exc))
    if "object" in spec:
        obj = model.objects.get(str(spec["object"]))
        if obj is None:
            out.append(f"{path}: {where}.object: "
                       + unknown_name("object", str(spec["object"]), model.objects))
        else:
            named = spec.get("columns", [spec["column"]] if "column" in spec else [])
            for c in named if isinstance(named, list) else [named]:
                if not known_column(obj, str(c)):
                    out.append(f"{path}: {where}.column: "
                               + unknown_name(f"column of {obj.name}", str(c), obj.field_names))
    threshold = spec.get("threshold")
    if threshold is not None and (isinstance(threshold, bool)
                                  or not isinstance(threshold, int | float)
                                  or not 0.0 <= float(threshold) <= 1.0):
        out.append(f"{path}: {where}.threshold is {threshold}. A threshold is a pass rate from"
                   " 0 to 1.")
    try:
        check_message(spec.get("message"), f"{where}.message")
    except ParamError as exc:
        out.append(f"{path}: {exc}")
    return out


def _rule(path: Path, where: str, spec: Any, model: Model) -> Rule:
    if not isinstance(spec, dict):
        raise RulePackError(f"{path}: {where} must be a mapping with id, object and kind.")
    for key in ("id", "object", "kind", "dimension", "severity", "description"):
        if key not in spec:
            raise RulePackError(f"{path}: {where} has no '{key}'.")
    rid = str(spec["id"])
    where = f"{where} (id {rid})"
    extra = set(spec) - _RULE_KEYS
    if extra:
        bad = sorted(extra)[0]
        raise RulePackError(f"{path}: {where}: " + unknown_name("rule key", bad, _RULE_KEYS))
    kind: Kind = _enum(path, f"{where}.kind", spec["kind"], Kind, "rule kind")
    if spec["object"] not in model.objects:
        raise RulePackError(
            f"{path}: {where}.object: " + unknown_name("object", str(spec["object"]), model.objects)
        )
    obj = model.objects[spec["object"]]
    columns: tuple[str, ...]
    if "columns" in spec:
        columns = tuple(str(c) for c in spec["columns"])
    elif "column" in spec:
        columns = (str(spec["column"]),)
    else:
        columns = ()
    for c in columns:
        if not known_column(obj, c):
            raise RulePackError(
                f"{path}: {where}.column: " + unknown_name(f"column of {obj.name}", c,
                                                           obj.field_names)
            )
    if kind not in _COLUMNLESS and not columns:
        raise RulePackError(f"{path}: {where}: a {kind.value} rule needs 'column' or 'columns'.")
    if kind is Kind.DATE_ORDER and (len(columns) != 2 or columns[0] == columns[1]):
        raise RulePackError(
            f"{path}: {where}.columns: a date_order rule names two different date columns, the"
            " earlier"
            " first (e.g. [issue_date__c, expiration_date__v])."
        )
    params = dict(spec.get("params") or {})
    required, optional = _PARAMS[kind]
    missing = required - set(params)
    if missing:
        raise RulePackError(f"{path}: {where}.params needs '{sorted(missing)[0]}'.")
    unknown = set(params) - required - optional
    if unknown:
        bad = sorted(unknown)[0]
        raise RulePackError(
            f"{path}: {where}.params: "
            + unknown_name(f"parameter of {kind.value}", bad, required | optional)
        )
    try:
        check_params(kind, params, obj, model, columns, where)
        check_message(spec.get("message"), f"{where}.message")
    except ParamError as exc:
        raise RulePackError(f"{path}: {exc}") from None
    picklist = params.get("picklist")
    if picklist is not None and picklist not in model.picklists:
        raise RulePackError(
            f"{path}: {where}.params.picklist: " + unknown_name("picklist", picklist,
                                                                model.picklists)
        )
    threshold = spec.get("threshold")
    if threshold is not None and not (0.0 <= float(threshold) <= 1.0):
        raise RulePackError(
            f"{path}: {where}.threshold is {threshold}. A threshold is a pass rate from 0 to 1."
        )
    nulls = spec.get("nulls")
    return Rule(
        nulls=None if nulls is None else _enum(path, f"{where}.nulls", nulls, NullPolicy,
                                               "NULL policy"),
        id=rid,
        object=obj.name,
        kind=kind,
        dimension=_enum(path, f"{where}.dimension", spec["dimension"], Dimension, "dimension"),
        severity=_enum(path, f"{where}.severity", spec["severity"], Severity, "severity"),
        description=str(spec["description"]),
        columns=columns,
        params=params,
        when=spec.get("when"),
        groups=tuple(str(g) for g in spec.get("groups") or ()),
        message=spec.get("message"),
        threshold=None if threshold is None else float(threshold),
        source=f"{path.name}:{where}",
    )
