"""Load the object model (objects, fields, picklists) from YAML configuration."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veeva_dq import _yaml


class ModelError(ValueError):
    """A model file that cannot be used, with a message naming the file and the place."""


class FieldType(enum.StrEnum):
    TEXT = "text"
    DATE = "date"
    CODE = "code"
    INTEGER = "integer"
    FLAG = "flag"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType = FieldType.TEXT
    picklist: str | None = None


@dataclass(frozen=True)
class ObjectDef:
    name: str
    label: str
    key: str
    fields: tuple[Field, ...]
    parent: str | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Model:
    objects: dict[str, ObjectDef]
    picklists: dict[str, dict[str, str]] = field(default_factory=dict)

    def object(self, name: str) -> ObjectDef:
        try:
            return self.objects[name]
        except KeyError:
            raise ModelError(unknown_name("object", name, self.objects)) from None

    def picklist_codes(self, name: str) -> tuple[str, ...]:
        try:
            return tuple(self.picklists[name])
        except KeyError:
            raise ModelError(unknown_name("picklist", name, self.picklists)) from None


def unknown_name(kind: str, name: str, known: Any) -> str:
    """'Unknown object 'hpc'. Did you mean hcp? Allowed: ...' in one sentence."""
    names = sorted(known)
    import difflib

    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    return f"Unknown {kind} '{name}'.{hint} Allowed: {', '.join(names)}."


def _builtin_text() -> str:
    return (Path(__file__).parent / "data" / "model.yaml").read_text("utf-8")


def load_model(extra: Path | None = None) -> Model:
    """The built-in model, merged with a project's model file when one is given."""
    raw = _yaml.safe_load(_builtin_text())
    if extra is not None:
        try:
            user = _yaml.safe_load(extra.read_text("utf-8")) or {}
        except OSError as exc:
            raise ModelError(f"Model file '{extra}' cannot be read: {exc.strerror}.") from None
        except UnicodeDecodeError as exc:
            raise ModelError(_yaml.not_utf8("Model file", extra, exc)) from None
        except _yaml.YamlError as exc:
            raise ModelError(f"Model file '{extra}' is not valid YAML: {exc}.") from None
        raw = _merge(raw, user, extra)
    return _build(raw, str(extra or "built-in model.yaml"))


def _merge(base: dict[str, Any], user: dict[str, Any], path: Path) -> dict[str, Any]:
    if not isinstance(user, dict):
        raise ModelError(f"Model file '{path}' must hold a mapping with 'objects' or 'picklists'.")
    objects = dict(base.get("objects", {}))
    for name, spec in (user.get("objects") or {}).items():
        if name in objects:
            merged = dict(objects[name])
            merged.update({k: v for k, v in spec.items() if k != "fields"})
            merged["fields"] = {**objects[name].get("fields", {}), **(spec.get("fields") or {})}
            objects[name] = merged
        else:
            objects[name] = spec
    picklists = {**base.get("picklists", {}), **(user.get("picklists") or {})}
    return {"objects": objects, "picklists": picklists}


def _build(raw: dict[str, Any], source: str) -> Model:
    picklists = {
        str(name): {str(code): str(label) for code, label in (codes or {}).items()}
        for name, codes in (raw.get("picklists") or {}).items()
    }
    objects: dict[str, ObjectDef] = {}
    for name, spec in (raw.get("objects") or {}).items():
        fields = []
        for fname, fspec in (spec.get("fields") or {}).items():
            fspec = fspec or {}
            try:
                ftype = FieldType(fspec.get("type", "text"))
            except ValueError:
                allowed = ", ".join(t.value for t in FieldType)
                raise ModelError(
                    f"{source}: objects.{name}.fields.{fname}.type is '{fspec.get('type')}'."
                    f" Allowed: {allowed}."
                ) from None
            picklist = fspec.get("picklist")
            if picklist is not None and picklist not in picklists:
                raise ModelError(
                    f"{source}: objects.{name}.fields.{fname}.picklist: "
                    + unknown_name("picklist", picklist, picklists)
                )
            fields.append(Field(str(fname), str(fspec.get("label", fname)), ftype, picklist))
        key = str(spec.get("key", "vid__v"))
        if key not in {f.name for f in fields}:
            raise ModelError(f"{source}: objects.{name}.key '{key}' is not one of its fields.")
        objects[str(name)] = ObjectDef(
            name=str(name),
            label=str(spec.get("label", name)),
            key=key,
            fields=tuple(fields),
            parent=spec.get("parent"),
        )
    return Model(objects=objects, picklists=picklists)
