"""The project file `veeva-dq.yaml`: where a team keeps its database, model and rule packs.

    # veeva-dq.yaml
    database: data/database/veeva_opendata.db
    model: config/model.yaml          # extends the built-in model (customer fields, picklists)
    rules:                            # packs loaded after the built-in one
      - rules/acme.yaml
      - rules/stewardship/
    source: postgresql://dq@warehouse:5432/crm   # where `validate` reads (default: database)
    tables:                           # objects kept under other names, or as files
      hcp: crm.provider_master
      address: crm.provider_address

Paths are relative to the file's folder. The file is found in the working directory, or
named by `--config` or `VDQ_CONFIG`. Command-line options win over the file; the file wins
over `VDQ_DATABASE` and the built-in defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veeva_dq import _yaml
from veeva_dq.model._model import unknown_name

CONFIG_NAME = "veeva-dq.yaml"
_KEYS = ("database", "model", "rules", "builtin_rules", "engine", "source", "tables")


class ConfigError(ValueError):
    """A project file that cannot be used."""


@dataclass(frozen=True)
class ProjectConfig:
    path: Path | None = None
    database: Path | None = None
    model: Path | None = None
    rules: tuple[Path, ...] = ()
    builtin_rules: bool = True
    engine: str | None = None
    source: str | None = None
    tables: dict[str, str] = field(default_factory=dict)


def find_config(explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        return explicit
    env = os.environ.get("VDQ_CONFIG")
    if env:
        return Path(env)
    here = Path.cwd() / CONFIG_NAME
    return here if here.is_file() else None


def load_config(explicit: Path | None = None) -> ProjectConfig:
    path = find_config(explicit)
    if path is None:
        return ProjectConfig()
    try:
        raw: Any = _yaml.safe_load(path.read_text("utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"Project file '{path}' cannot be read: {exc.strerror}.") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(_yaml.not_utf8("Project file", path, exc)) from None
    except _yaml.YamlError as exc:
        raise ConfigError(f"Project file '{path}' is not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"Project file '{path}' must be a mapping of {', '.join(_KEYS)}.")
    unknown = [str(k) for k in raw if k not in _KEYS]
    if unknown:
        raise ConfigError(f"Project file '{path}': "
                          + " ".join(unknown_name("key", k, _KEYS) for k in unknown))
    base = path.parent

    def rel(value: Any, key: str) -> Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"Project file '{path}': {key} must be a path, not {value!r}.")
        p = Path(value)
        return p if p.is_absolute() else base / p

    rules = raw.get("rules") or []
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list):
        raise ConfigError(f"Project file '{path}': rules must be a list of files or folders.")
    builtin = raw.get("builtin_rules", True)
    if not isinstance(builtin, bool):
        raise ConfigError(f"Project file '{path}': builtin_rules must be true or false.")
    engine = raw.get("engine")
    if engine is not None and engine not in ("sqlite", "duckdb", "postgres", "spark"):
        raise ConfigError(f"Project file '{path}': engine is {engine!r}; allowed: sqlite,"
                          " duckdb, postgres, spark.")
    source = raw.get("source")
    if source is not None and (not isinstance(source, str) or not source):
        raise ConfigError(f"Project file '{path}': source must be a path or URL, not"
                          f" {source!r}.")
    if source is not None and "://" not in source and not Path(source).is_absolute():
        source = str(base / source)
    tables_raw = raw.get("tables") or {}
    if not isinstance(tables_raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in tables_raw.items()):
        raise ConfigError(f"Project file '{path}': tables must map object names to table"
                          " names or file paths (hcp: crm.provider_master).")
    tables = {k: (str(base / v) if ("/" in v and not Path(v).is_absolute()
                                    and "://" not in v) else v)
              for k, v in tables_raw.items()}
    return ProjectConfig(
        path=path,
        engine=engine,
        source=source,
        tables=tables,
        database=rel(raw["database"], "database") if raw.get("database") else None,
        model=rel(raw["model"], "model") if raw.get("model") else None,
        rules=tuple(rel(r, f"rules[{i}]") for i, r in enumerate(rules)),
        builtin_rules=builtin,
    )
