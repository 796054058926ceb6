"""YAML is read through libyaml where PyYAML has it, and kept parsed in the cache folder;
either way the result must be the pure parser's."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from veeva_dq import _cache, _yaml

SRC = Path(_yaml.__file__).parent
SHIPPED = [SRC / "model" / "data" / "model.yaml", SRC / "rules" / "packs" / "core.yaml"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VDQ_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "yaml"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bin")) if folder.exists() else []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_yaml_reads_as_the_pure_parser_reads_it_parsed_and_cached(
        path: Path, cache: Path) -> None:
    text = path.read_text("utf-8")
    pure = yaml.safe_load(text)
    assert _yaml.safe_load(text) == pure
    assert len(_entries(cache)) == 1
    assert _yaml.safe_load(text) == pure


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    assert _yaml._fast_loader() is getattr(yaml, "CSafeLoader", None)


def test_values_of_every_scalar_kind_read_alike(cache: Path) -> None:
    text = ("a: 1\nb: 1.5\nc: true\nd: null\ne: '0012'\ng: [x, 'y z']\n"
            "h: {k: ~, 1: on}\ni: \"é\\t\"\nj: |\n  two\n  lines\nk: !!binary aGk=\n")
    pure = yaml.safe_load(text)
    assert _yaml.safe_load(text) == pure
    assert _yaml.safe_load(text) == pure
    assert list(_yaml.safe_load(text)) == ["a", "b", "c", "d", "e", "g", "h", "i", "j", "k"]
    assert len(_entries(cache)) == 1


def test_a_document_holding_a_date_is_read_but_not_kept(cache: Path) -> None:
    text = "as_of: 2026-01-31\n"
    assert _yaml.safe_load(text) == yaml.safe_load(text)
    assert _entries(cache) == []


def test_a_bad_document_raises_the_pure_parsers_error(cache: Path) -> None:
    text = "rules:\n  - id: a\n   kind: b\n"
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.safe_load(text)
    with pytest.raises(_yaml.YamlError) as ours:
        _yaml.safe_load(text)
    assert str(ours.value) == str(pure.value)
    assert "line 3, column 4:\n       kind: b" in str(ours.value)
    assert _entries(cache) == []


def test_a_document_read_before_does_not_load_pyyaml(cache: Path) -> None:
    text = SHIPPED[1].read_text("utf-8")
    _yaml.safe_load(text)
    probe = ("import sys; from pathlib import Path; from veeva_dq import _yaml; "
             f"value = _yaml.safe_load(Path({str(SHIPPED[1])!r}).read_text('utf-8')); "
             "print('yaml' in sys.modules, len(value['rules']))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ}, check=True)
    assert done.stdout.split() == ["False", str(len(yaml.safe_load(text)["rules"]))]


def test_a_damaged_entry_is_parsed_again_and_rewritten(cache: Path) -> None:
    text = "a: [1, 2, 3]\nb: text\n"
    _yaml.safe_load(text)
    (entry,) = _entries(cache)
    good = entry.read_bytes()
    damaged = bytearray(good)
    damaged[-3] ^= 0x01  # one bit of the marshal data: the header's SHA-256 no longer fits
    entry.write_bytes(bytes(damaged))
    assert _yaml.safe_load(text) == {"a": [1, 2, 3], "b": "text"}
    assert entry.read_bytes() == good
    entry.write_bytes(good[: len(good) // 2])  # cut short
    assert _yaml.safe_load(text) == {"a": [1, 2, 3], "b": "text"}
    assert entry.read_bytes() == good


def test_entries_are_the_owners_alone(cache: Path) -> None:
    _yaml.safe_load("source: postgresql://user:secret@db/warehouse\n")
    (entry,) = _entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600


def test_an_entry_others_could_change_is_not_read(cache: Path) -> None:
    text = "a: 1\n"
    _yaml.safe_load(text)
    (entry,) = _entries(cache)
    forged = entry.read_bytes().replace(b"\xe9\x01\x00\x00\x00", b"\xe9\x02\x00\x00\x00")
    key = entry.stem
    forged = _yaml._header(key, forged.split(b"\n", 1)[1]) + forged.split(b"\n", 1)[1]
    entry.write_bytes(forged)  # a valid entry, for a = 2
    assert _yaml.safe_load(text) == {"a": 2}
    entry.write_bytes(forged)
    entry.chmod(0o620)  # group-writable: someone else could have written it
    assert _yaml.safe_load(text) == {"a": 1}
    assert entry.stat().st_mode & 0o777 == 0o600  # parsed again and rewritten


def test_an_entry_is_only_read_for_its_own_text(cache: Path) -> None:
    _yaml.safe_load("severity: critical\n")
    (old,) = _entries(cache)
    new_key = hashlib.sha256(b"severity: info\n").hexdigest()
    old.rename(cache / f"{new_key}.bin")  # the entry of another text, under this text's key
    assert _yaml.safe_load("severity: info\n") == {"severity": "info"}


def test_a_fifo_or_a_link_in_the_cache_is_skipped_not_read(cache: Path) -> None:
    text = "a: fifo\n"
    key = hashlib.sha256(text.encode()).hexdigest()
    cache.mkdir(parents=True)
    os.mkfifo(cache / f"{key}.bin")  # opening it for reading would wait for a writer
    assert _yaml.safe_load(text) == {"a": "fifo"}
    assert (cache / f"{key}.bin").is_file()  # replaced by a real entry
    (cache / f"{key}.bin").unlink()
    (cache / f"{key}.bin").symlink_to("/dev/zero")
    assert _yaml.safe_load(text) == {"a": "fifo"}


def test_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "part"
    folder.mkdir()
    old, fresh = folder / ".tmp-1-aa.part", folder / ".tmp-2-bb.part"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert _cache.write_atomic(folder, "k.bin", b"x", keep=3, mode=0o600) is None
    assert sorted(p.name for p in folder.iterdir()) == [".tmp-2-bb.part", "k.bin"]


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VDQ_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _yaml.safe_load("a: 1\n") == {"a": 1}
    assert list(tmp_path.iterdir()) == []


def test_a_cache_that_cannot_be_written_only_means_parsing_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("VDQ_CACHE_DIR", str(blocker))
    assert _yaml.safe_load("a: 1\n") == {"a": 1}
    assert _yaml.safe_load("a: 1\n") == {"a": 1}


def test_each_part_keeps_its_most_recent_files(tmp_path: Path) -> None:
    folder = tmp_path / "part"
    for i in range(5):
        assert _cache.write_atomic(folder, f"{i}.bin", b"x", keep=3, mode=0o600) is None
        os.utime(folder / f"{i}.bin", ns=(i * 10**9, i * 10**9))
    (folder / "other.json").write_text("{}", "utf-8")
    assert _cache.write_atomic(folder, "5.bin", b"x", keep=3, mode=0o600) is None
    assert sorted(p.name for p in folder.iterdir()) == ["3.bin", "4.bin", "5.bin", "other.json"]


@pytest.mark.parametrize(("option", "kind"), [("--config", "Project file"),
                                              ("--model", "Model file")])
def test_a_file_that_is_not_utf8_is_one_sentence(tmp_path: Path, option: str, kind: str
                                                 ) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"database: caf\xe9.db\n")
    args = [sys.executable, "-m", "veeva_dq", "validate", "--db", str(tmp_path / "x.db")]
    if option == "--config":
        env = {**os.environ, "VDQ_CONFIG": str(bad)}
    else:
        env, args = dict(os.environ), [*args, "--model", str(bad)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"Error: {kind} '{bad}' is not UTF-8 text (byte 13 is 0xe9)."
                                   " Save it as UTF-8.")
