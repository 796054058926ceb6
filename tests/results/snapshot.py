"""Everything a results store shows of its runs, as plain data: what an upgrade must keep.

`tests/results/data/v3_store.golden.json` is the digest of this snapshot of
`v3_store.sql` (a store of schema version 3: three runs of a small NPPES sample, with a
dataset rule, message templates, an assignment and a note) taken by the release that wrote
it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from veeva_dq.report import ExportFormat, export_issues, render_html, run_to_json
from veeva_dq.results import ResultStore


def _issues(store: ResultStore, run_id: int, **wanted: Any) -> list[list[Any]]:
    return [list(vars(i).values()) for i in store.issues(run_id, **wanted)]


def _latest(store: ResultStore, key: str) -> list[Any] | None:
    issue = store.latest_issue(key)
    return None if issue is None else list(vars(issue).values())


def snapshot(store: ResultStore, tmp: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    runs = [r.run_id for r in store.runs(100)]
    keys: set[str] = set()
    for run_id in runs:
        results = store.rule_results(run_id)
        # Every failing rule, and one that passed.
        rules = [r.rule_id for r in results if r.failed] + [
            r.rule_id for r in results if not r.failed][:1]
        run: dict[str, Any] = {"json": run_to_json(store, run_id)}
        for status in (None, "new", "open", "resolved", "all"):
            run[f"issues {status}"] = _issues(store, run_id, status=status)
            run[f"count {status}"] = store.count_issues(run_id, status=status)
            run[f"first 3 {status}"] = _issues(store, run_id, status=status, limit=3)
            run[f"alice {status}"] = _issues(store, run_id, status=status, assignee="alice")
            run[f"count alice {status}"] = store.count_issues(run_id, status=status,
                                                              assignee="alice")
            for rule_id in rules:
                run[f"{rule_id} {status}"] = _issues(store, run_id, status=status,
                                                     rule_id=rule_id)
                run[f"count {rule_id} {status}"] = store.count_issues(
                    run_id, status=status, rule_id=rule_id)
                run[f"first 2 {rule_id} {status}"] = _issues(store, run_id, status=status,
                                                             rule_id=rule_id, limit=2)
            run[f"hcp {status}"] = _issues(store, run_id, status=status, object="hcp")
            run[f"count hcp {status}"] = store.count_issues(run_id, status=status,
                                                            object="hcp")
        for fmt in ExportFormat:
            for with_status in (False, True):
                for status in (None, "all"):
                    path = tmp / f"{run_id}-{with_status}-{status}.{fmt.value}"
                    export_issues(store, run_id, fmt, path, status=status,
                                  with_status=with_status)
                    run[f"export {fmt.value} {with_status} {status}"] = path.read_text("utf-8")
        run["html sha256"] = hashlib.sha256(render_html(store, run_id).encode()).hexdigest()
        keys |= {i.issue_key for i in store.issues(run_id, status="all") if i.issue_key}
        out[f"run {run_id}"] = run
    out["diffs"] = {f"{a} {b}": [list(vars(d).values()) for d in store.diff(a, b)]
                    for a in runs for b in runs}
    out["keys"] = {k: {"history": [list(h) for h in store.key_history(k)],
                       "latest": _latest(store, k)} for k in sorted(keys)}
    return out


def digest(snap: dict[str, Any]) -> dict[str, str]:
    """Each entry of a snapshot as the SHA-256 of its JSON: a compact golden file whose keys
    still say which output differs."""
    flat: dict[str, Any] = {}
    for name, value in snap.items():
        if isinstance(value, dict) and name.startswith("run "):
            flat.update({f"{name}: {k}": v for k, v in value.items()})
        else:
            flat[name] = value
    return {k: hashlib.sha256(json.dumps(v, ensure_ascii=False, sort_keys=True).encode()
                              ).hexdigest() for k, v in sorted(flat.items())}
