"""Checks of a rule's parameters beyond their names: types, bounds, and the names they hold.

Each error names the pack file, the YAML path and what is allowed, like every loader error.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from veeva_dq.model import Model, ObjectDef
from veeva_dq.model._model import unknown_name
from veeva_dq.rules._schema import Kind

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MESSAGE_FIELDS = ("value", "column")


class ParamError(ValueError):
    """A parameter that cannot work; the loader adds the file and YAML path."""


def is_customer_field(name: str) -> bool:
    """Customer fields (`__c`) may be named before the model declares them; the run checks
    that the table has them."""
    return name.endswith("__c") and len(name) > 3


def known_column(obj: ObjectDef, name: str) -> bool:
    return name in obj.field_names or is_customer_field(name)


def _column(obj: ObjectDef, name: Any, where: str) -> None:
    if not isinstance(name, str) or not known_column(obj, name):
        raise ParamError(f"{where}: " + unknown_name(f"column of {obj.name}", str(name),
                                                     obj.field_names))


def _object(model: Model, name: Any, where: str) -> ObjectDef:
    if not isinstance(name, str) or name not in model.objects:
        raise ParamError(f"{where}: " + unknown_name("object", str(name), model.objects))
    return model.objects[name]


def _number(value: Any, where: str, *, whole: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or (whole and not float(value).is_integer()) or (whole and value < 0):
        kind = "a whole number from 0 up" if whole else "a number"
        raise ParamError(f"{where} is {value!r}; it must be {kind}.")
    return float(value)


def _bounds(params: dict[str, Any], where: str, *, whole: bool = False) -> None:
    lo = _number(params["min"], f"{where}.min", whole=whole) if "min" in params else None
    hi = _number(params["max"], f"{where}.max", whole=whole) if "max" in params else None
    if lo is not None and hi is not None and lo > hi:
        raise ParamError(f"{where}: min {params['min']} is above max {params['max']};"
                         " no value could pass.")


def _strings(value: Any, where: str, what: str) -> list[str]:
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str | int) and str(v) != "" for v in value)):
        raise ParamError(f"{where} must be a non-empty list of {what}.")
    return [str(v) for v in value]


def check_message(message: Any, where: str) -> None:
    if message is None:
        return
    if not isinstance(message, str):
        raise ParamError(f"{where} must be text.")
    for name in _PLACEHOLDER.findall(message):
        if name not in MESSAGE_FIELDS:
            raise ParamError(f"{where} has the placeholder {{{name}}}. Allowed:"
                             f" {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}.")


def check_params(kind: Kind, params: dict[str, Any], obj: ObjectDef, model: Model,
                 columns: Collection[str], where: str) -> None:
    w = f"{where}.params"
    if kind is Kind.IN_SET:
        sources = [k for k in ("values", "picklist", "reference") if k in params]
        if len(sources) != 1:
            raise ParamError(f"{w}: an in_set rule takes exactly one of values, picklist,"
                             " reference.")
        if "values" in params:
            _strings(params["values"], f"{w}.values", "allowed values")
        if "case_sensitive" in params and not isinstance(params["case_sensitive"], bool):
            raise ParamError(f"{w}.case_sensitive must be true or false.")
    elif kind is Kind.PATTERN:
        _strings(params["formats"], f"{w}.formats", "formats such as 99999-9999")
    elif kind is Kind.REGEX:
        if not isinstance(params["pattern"], str) or not params["pattern"]:
            raise ParamError(f"{w}.pattern must be a non-empty regular expression.")
    elif kind is Kind.LENGTH:
        if "min" not in params and "max" not in params:
            raise ParamError(f"{w}: a length rule needs min or max.")
        _bounds(params, w, whole=True)
    elif kind is Kind.RANGE and params.get("type", "number") == "number":
        if "min" not in params and "max" not in params:
            raise ParamError(f"{w}: a range rule needs min or max.")
        _bounds(params, w)
    elif kind is Kind.UNIQUE:
        if "distinct" in params:
            _column(obj, params["distinct"], f"{w}.distinct")
        norm = params.get("normalize")
        if isinstance(norm, list):
            for name in norm:
                if name not in columns:
                    raise ParamError(f"{w}.normalize names '{name}', which is not one of the"
                                     f" rule's columns ({', '.join(columns)}).")
        elif norm is not None and not isinstance(norm, bool):
            raise ParamError(f"{w}.normalize must be true, false or a list of the rule's"
                             " columns.")
    elif kind is Kind.EXISTS_IN:
        targets = params["targets"]
        if not isinstance(targets, list) or not targets:
            raise ParamError(f"{w}.targets must be a non-empty list of {{object, column}}.")
        from veeva_dq.model.reference import REFERENCE_TABLES

        for i, t in enumerate(targets):
            tw = f"{w}.targets[{i}]"
            if not isinstance(t, dict):
                raise ParamError(f"{tw} must be a mapping such as {{object: hco, column:"
                                 " vid__v}.")
            if "object" in t:
                target = _object(model, t["object"], f"{tw}.object")
                _column(target, t.get("column", target.key), f"{tw}.column")
            elif t.get("table") in REFERENCE_TABLES:
                allowed = REFERENCE_TABLES[str(t["table"])]
                if t.get("column") not in allowed:
                    raise ParamError(f"{tw}.column: " + unknown_name(
                        f"column of {t['table']}", str(t.get("column")), allowed))
            else:
                raise ParamError(f"{tw} names an object of the model or one of the reference"
                                 f" tables {', '.join(REFERENCE_TABLES)}.")
    elif kind is Kind.LOOKUP:
        join = params["join"]
        if not isinstance(join, dict):
            raise ParamError(f"{w}.join must be a mapping {{object, column}}.")
        _object(model, join.get("object"), f"{w}.join.object")
        _column(obj, join.get("column"), f"{w}.join.column")
    elif kind is Kind.CHILDREN:
        child = _object(model, params["child"], f"{w}.child")
        if "child_column" in params:
            _column(child, params["child_column"], f"{w}.child_column")
        if "min" not in params and "max" not in params:
            raise ParamError(f"{w}: a children rule needs min or max.")
        _bounds(params, w, whole=True)
    elif kind is Kind.ROW_COUNT:
        _bounds(params, w, whole=True)
    elif kind is Kind.FRESHNESS:
        _number(params["max_age_days"], f"{w}.max_age_days", whole=True)
    elif kind is Kind.ANOMALY:
        from veeva_dq.compile._dataset import ANOMALY_METRICS

        if params["metric"] not in ANOMALY_METRICS:
            raise ParamError(f"{w}.metric: " + unknown_name("metric", str(params["metric"]),
                                                            ANOMALY_METRICS))
        for name in ("window", "min_history"):
            if name in params:
                _number(params[name], f"{w}.{name}", whole=True)
        for name in ("threshold", "max_change"):
            if name in params:
                _number(params[name], f"{w}.{name}")


