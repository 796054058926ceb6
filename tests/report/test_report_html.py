"""write_html_report: self-contained, escaped, charts as SVG, ingest section."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.report.report_data import SCRIPT, UNICODE, add_ingests, make_run, rule
from veeva_dq.report import write_html_report
from veeva_dq.results import ResultStore, UnknownRunError

VOID = {"meta", "br", "link", "img", "input", "hr", "col", "wbr", "source"}


class Tree(HTMLParser):
    """Every element as (tag, attrs); checks that tags nest and close properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == []
    return tree


def svg_block(html: str, chart_id: str) -> str:
    m = re.search(rf'<svg role="img" aria-labelledby="{chart_id}-title.*?</svg>', html, re.S)
    assert m, chart_id
    return m.group(0)


def section(html: str, heading_id: str) -> str:
    m = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', html, re.S)
    assert m, heading_id
    return m.group(0)


@pytest.fixture
def html(store: ResultStore, run_id: int, tmp_path: Path) -> str:
    out = write_html_report(store, run_id, tmp_path / "out" / "nested" / "report.html")
    assert out == tmp_path / "out" / "nested" / "report.html"
    return out.read_text(encoding="utf-8")


def test_well_formed_and_self_contained(html: str) -> None:
    tree = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    tags = {tag for tag, _ in tree.elements}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in tree.elements:
        for name in ("src", "href", "xlink:href", "action", "srcset"):
            assert attrs.get(name) is None, (name, attrs)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "url(" not in html and "@import" not in html


def test_untrusted_values_are_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert UNICODE in html  # UTF-8, not mangled
    assert "a,&#34;b&#34;\nc" in html


def test_metadata_and_overall_score(html: str, run_id: int) -> None:
    assert f"<title>veeva-dq report: run {run_id}</title>" in html
    assert '<span class="big" id="overall-score">83.73%</span>' in html
    assert "<dt>Duration</dt><dd>1 min 05 s</dd>" in html
    assert "<dt>Rules failed</dt><dd>5</dd>" in html
    assert "<dt>Issues stored</dt><dd>29</dd>" in html


def test_dimension_chart_has_one_bar_per_scored_dimension(html: str) -> None:
    svg = svg_block(html, "chart-dimension")
    assert svg.count('<g class="row">') == 5  # completeness, integrity, ... validity
    assert svg.count('<rect class="bar"') == 4  # integrity checked nothing: no bar
    assert svg.count('<rect class="track"') == 5
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg)
    assert labels == ["completeness", "integrity", "timeliness", "uniqueness", "validity"]
    # validity 80 %: 0.8 of the 360-unit bar area, with the number printed
    assert re.search(r'<rect class="bar" x="[\d.]+" y="[\d.]+" width="288.0"', svg)
    assert "80.00% (60 failed)" in svg
    assert "n/a (nothing checked)" in svg
    assert '<title id="chart-dimension-title">Score per dimension</title>' in svg


def test_object_chart(html: str) -> None:
    svg = svg_block(html, "chart-object")
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg)
    assert labels == ["address", "hco", "hcp", "license", "parenthco"]
    assert svg.count('<rect class="bar"') == 4
    assert "86.67% (40 failed)" in svg
    assert "hcp: 86.67%, 40 of 300 checks failed" in svg


def test_all_rules_table(html: str) -> None:
    rules = section(html, "h-rules")
    assert rules.count('<tr><th scope="row">') == 7
    assert rules.count('<span class="badge fail">fail</span>') == 5
    assert rules.count('<span class="badge pass">pass</span>') == 2
    assert re.search(
        r"hcp\.vid\.unique</code></th>.*?<td class=\"num\">100</td>"
        r"<td class=\"num\">30</td><td class=\"num\">70.00%</td>",
        rules,
    )
    assert re.search(r"parenthco\.orphan</code></th>.*?<td class=\"num\">n/a</td>", rules)


def test_top_failing_order_and_examples(html: str) -> None:
    top = section(html, "h-failing")
    ids = re.findall(r'<article class="rule-detail">\s*<h3><code>([^<]+)</code>', top)
    assert ids == [
        "hco.name.required",
        "hcp.vid.unique",
        "hcp.npi.format",
        "address.state.valid",
        "license.expired",
    ]
    articles = top.split('<article class="rule-detail">')[1:]
    npi = articles[2]
    assert npi.count("<tr><td>") == 5  # 10 issues stored, 5 examples shown
    for record_id in ("V000", "V001", "V002", "V003", "V004"):
        assert f'<code class="value">{record_id}</code>' in npi
    assert "V005" not in npi
    assert '<span class="null">NULL</span>' in npi  # V002 has no value
    assert articles[4].count("<tr><td>") == 1
    assert "10 of 100 checks failed; pass rate 90.00%" in npi


def test_top_failing_keeps_ten(store: ResultStore, tmp_path: Path) -> None:
    rules = [rule(f"r{i:02d}", "hcp", "validity", "warning", 100, i + 1) for i in range(12)]
    run_id = make_run(store, rules, [])
    html = write_html_report(store, run_id, tmp_path / "r.html").read_text(encoding="utf-8")
    ids = re.findall(r'<article class="rule-detail">\s*<h3><code>([^<]+)</code>', html)
    assert ids == [f"r{i:02d}" for i in range(11, 1, -1)]
    assert "No issue records were stored for this rule." in html


def test_no_ingest_section_without_ingests(html: str, conn: sqlite3.Connection) -> None:
    assert "h-ingest" not in html
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'vdq_ingest'").fetchone()


def test_ingest_section(
    store: ResultStore, run_id: int, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    add_ingests(conn)
    html = write_html_report(store, run_id, tmp_path / "r.html").read_text(encoding="utf-8")
    parse(html)
    ingest = section(html, "h-ingest")
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>', ingest)
    assert rows[:2] == ["2", "1"]  # newest first
    assert (
        '<td class="num">1,234,567</td><td class="num">1,234,560</td>'
        '<td class="num">2</td><td class="num">5</td>'
    ) in ingest
    assert "<code>in/hcp.csv</code><br><code>in/address.csv</code>" in ingest
    kinds = re.findall(r'<tr><th scope="row">([a-z_]+)</th><td class="num">(\d+)</td>', ingest)
    assert kinds == [("float_damage", "4"), ("encoding", "1")]
    float_examples = ingest.split("Examples of float_damage notices")[1].split("</table>")[0]
    assert float_examples.count("<tr><td>") == 3
    assert '<code class="value">1.23457E+00</code>' in float_examples
    assert '<code class="value">1234570000</code>' in float_examples
    assert "&lt;b&gt;Müller&lt;/b&gt;" in ingest
    assert "<b>" not in ingest
    assert ingest.count("Wrong number of fields") == 2


def test_overwrites_atomically_and_leaves_no_temp(
    store: ResultStore, run_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    write_html_report(store, run_id, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["report.html"]


def test_unknown_run_writes_nothing(store: ResultStore, tmp_path: Path) -> None:
    with pytest.raises(UnknownRunError):
        write_html_report(store, 5, tmp_path / "x" / "r.html")
    assert not (tmp_path / "x" / "r.html").exists()


def test_empty_and_failed_runs_render(store: ResultStore, tmp_path: Path) -> None:
    empty = make_run(store, [], [])
    html = write_html_report(store, empty, tmp_path / "e.html").read_text(encoding="utf-8")
    parse(html)
    assert "<svg" not in html
    assert "No rule failed." in html
    failed = store.start_run(
        started_at="2024-05-01T10:00:00",
        rules_version="1",
        veeva_dq_version="0.1.0",
        as_of="2024-04-30",
        selector="all",
        engine="sqlite",
    )
    store.fail_run(failed, finished_at="2024-05-01T10:00:03", error="<oops> & more")
    html = write_html_report(store, failed, tmp_path / "f.html").read_text(encoding="utf-8")
    parse(html)
    assert "<dt>Error</dt><dd><code>&lt;oops&gt; &amp; more</code></dd>" in html
    assert "<dt>Status</dt><dd>failed</dd>" in html
