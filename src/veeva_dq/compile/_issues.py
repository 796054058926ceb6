"""Issue rows built inside the engine, key and all, ready to store.

A failing record becomes a stored issue row: (head, record id, value, issue key), the head
holding what is the same for all the rule's issues in the run, its message form included
(`results._rows`). The engine returns (rule ordinal, record id, value, key) and the store
adds the rule's head: nothing in the SQL depends on the run. Built in Python that costs a
hash and a tuple per issue, under the interpreter lock; with millions of issues it is the
slowest part of a run. Engines with SHA-256 built in (DuckDB, PostgreSQL, Spark) build the
rows in the query instead, vectorised and in parallel, and Python only hands them over.
SQLite has no hash function; one registered in Python was measured slower than building
the rows in Python (more work per row under the same lock), so SQLite keeps the Python path.

The key here must be byte for byte what `results._lifecycle.issue_key` gives, and the value
the text Python would make of it; `tests/results/test_issue_sql.py` holds them to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp

from veeva_dq.compile._checks import RowCheck
from veeva_dq.compile._sqlexpr import col, lit
from veeva_dq.rules import Rule

_KEY_LENGTH = 16


def _text(e: exp.Expr) -> exp.Expr:
    return exp.Cast(this=e, to=exp.DataType(this=exp.DataType.Type.TEXT))


def _concat(*parts: exp.Expr) -> exp.Expr:
    out = parts[0]
    for p in parts[1:]:
        out = exp.DPipe(this=out, expression=p)
    return out


def _sep() -> exp.Expr:
    return exp.Chr(expressions=[lit(31)])  # U+001F, spelled out: no raw control character


def _sha256_hex(text: exp.Expr, dialect: str) -> exp.Expr:
    if dialect == "postgres":
        digest: exp.Expr = exp.Anonymous(this="ENCODE", expressions=[
            exp.Anonymous(this="SHA256", expressions=[
                exp.Anonymous(this="CONVERT_TO", expressions=[text, lit("UTF8")])]),
            lit("hex")])
    elif dialect == "spark":
        digest = exp.Anonymous(this="SHA2", expressions=[text, lit(256)])
    else:
        digest = exp.Anonymous(this="SHA256", expressions=[text])
    return exp.Substring(this=digest, start=lit(1), length=lit(_KEY_LENGTH))


def _length_prefixed(value: exp.Expr) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=exp.Is(this=value.copy(), expression=exp.Null()),
                                true=lit("~"))],
                    default=_concat(_text(exp.Length(this=value.copy())), lit(":"), value.copy()))


def issue_key_sql(rule: Rule, record_id: exp.Expr, dialect: str) -> exp.Expr:
    """`issue_key(rule.id, rule.object, record_id, rule.column)`, computed by the engine."""
    column = rule.column
    text = _concat(lit(f"{len(rule.id)}:{rule.id}"), _sep(),
                   lit(f"{len(rule.object)}:{rule.object}"), _sep(),
                   _length_prefixed(record_id), _sep(),
                   lit("~" if column is None else f"{len(column)}:{column}"))
    return _sha256_hex(text, dialect)


def issue_columns(record_id: exp.Expr, value: exp.Expr, rule: Rule, *, ordinal: int,
                  dialect: str) -> list[exp.Expr]:
    """The four columns of an issue row from the engine: (ordinal, record id, value, issue
    key), the ordinal naming the rule among those of the query."""
    rid = _text(record_id)
    return [lit(ordinal), rid, _text(value), issue_key_sql(rule, rid, dialect)]


def issues_of(query: exp.Select, rule: Rule, *, dialect: str) -> exp.Select:
    """Issue rows (`issue_columns`) of a query returning (record id, value) for one rule's
    failing records."""
    named = query.copy()
    first, second = named.expressions  # every failures query returns (record id, value)
    named.set("expressions", [exp.alias_(first.unalias(), "rid"),
                              exp.alias_(second.unalias(), "val")])
    inner = exp.Subquery(this=named, alias=exp.TableAlias(this=exp.to_identifier("f")))
    columns = issue_columns(col("rid", "f"), col("val", "f"), rule, ordinal=0,
                            dialect=dialect)
    return exp.select(*columns).from_(inner, copy=False)


def row_issues_of(failures: exp.Select, key: str, checks: Sequence[RowCheck], *,
                  dialect: str) -> exp.Select:
    """Issue rows (`issue_columns`) of every row rule of an object, from its failures query
    (key, v0.., f0..), those of checks[i] with ordinal i: the failing rows are read once (a
    CTE), then one branch per rule keeps its own.

    Every part is built here for this query alone, so the builders extend it in place
    (`copy=False`): copying, not rendering, was most of the cost of building it."""
    if dialect == "spark":
        return _spark_row_issues(failures, key, checks)
    if dialect in ("duckdb", "postgres"):
        return _listed_row_issues(failures, key, checks, dialect)
    branches: list[exp.Select] = []
    for i, c in enumerate(checks):
        columns = issue_columns(col(key, "f"), col(f"v{i}", "f"), c.rule,
                                ordinal=i, dialect=dialect)
        branches.append(
            exp.select(*columns)
            .from_(exp.Table(this=exp.to_identifier("f")), copy=False)
            .where(exp.EQ(this=col(f"f{i}", "f"), expression=lit(1)), copy=False))
    union: exp.Query = branches[0]
    for b in branches[1:]:
        union = exp.union(union, b, distinct=False, copy=False)
    assert isinstance(union, exp.Select | exp.Union)
    return exp.select("*").from_(exp.Subquery(this=union, alias=exp.TableAlias(
        this=exp.to_identifier("u"))), copy=False).with_("f", as_=failures.copy(), copy=False)


def _spark_row_issues(failures: exp.Select, key: str, checks: Sequence[RowCheck]
                      ) -> exp.Select:
    """Spark inlines a CTE that is referenced more than once, so the UNION form would run the
    failures query once per rule. Here each failing row is read once and becomes an array of
    one struct per rule (NULL where the rule passed), whose non-NULL elements INLINE turns
    into rows."""
    structs: list[exp.Expr] = []
    for i, c in enumerate(checks):
        cols = issue_columns(col(key, "f"), col(f"v{i}", "f"), c.rule,
                             ordinal=i, dialect="spark")
        fields = [exp.PropertyEQ(this=exp.to_identifier(f"c{j}"),
                                 expression=_text(v) if isinstance(v, exp.Null) else v)
                  for j, v in enumerate(cols)]
        structs.append(exp.Case(ifs=[exp.If(
            this=exp.EQ(this=col(f"f{i}", "f"), expression=lit(1)),
            true=exp.Struct(expressions=fields))]))
    element = exp.to_identifier("vdq_i")
    kept = exp.ArrayFilter(this=exp.Array(expressions=structs), expression=exp.Lambda(
        this=exp.Not(this=exp.Is(this=element.copy(), expression=exp.Null())),
        expressions=[element]))
    return exp.select(exp.Inline(this=kept)).from_(exp.Subquery(
        this=failures, alias=exp.TableAlias(this=exp.to_identifier("f"))))


def _listed_row_issues(failures: exp.Select, key: str, checks: Sequence[RowCheck],
                       dialect: str) -> exp.Select:
    """DuckDB and PostgreSQL: each row becomes the list of the ordinals of the rules it
    fails, which UNNEST turns into one row per failure; the value and the rule's parts of the
    key are picked from lists by that ordinal. The rule conditions are evaluated once per
    row and there is no WHERE: the UNION form evaluated them in the WHERE and again for each
    failing row, then read the materialized CTE once per rule. DuckDB, 10M HCPs, 16 row
    rules: 7.7 s against 5.4 s, the same rows (identical count and hash of every row).

    `failures` is `row_failures_query`'s (key, v0.., f0..) with f_i = CASE WHEN cond THEN 1
    ELSE 0 END."""
    n = len(checks)
    query = failures.copy()
    outputs = query.expressions
    flags = outputs[1 + n:]
    ordinals: list[exp.Expr] = []
    for i, flag in enumerate(flags):
        case = flag.unalias()
        assert isinstance(case, exp.Case) and len(case.args["ifs"]) == 1
        ordinals.append(exp.Case(ifs=[exp.If(this=case.args["ifs"][0].this, true=lit(i))]))
    failed: exp.Expr
    if dialect == "postgres":
        failed = exp.Anonymous(this="ARRAY_REMOVE", expressions=[
            exp.Array(expressions=ordinals), exp.Null()])
    else:
        element = exp.to_identifier("vdq_x")
        failed = exp.ArrayFilter(this=exp.Array(expressions=ordinals), expression=exp.Lambda(
            this=exp.Not(this=exp.Is(this=element.copy(), expression=exp.Null())),
            expressions=[element]))
    query.set("expressions", [*outputs[:1 + n], exp.alias_(failed, "vdq_o")])
    query.set("where", None)
    rows = exp.select("*", exp.alias_(exp.Unnest(expressions=[col("vdq_o")]), "vdq_i")).from_(
        exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier("f"))),
        copy=False)

    def pick(items: list[exp.Expr]) -> exp.Expr:  # items[vdq_i]; both count from 1
        return exp.Bracket(this=exp.Array(expressions=items),
                           expressions=[exp.Add(this=col("vdq_i", "u"), expression=lit(1))])

    rid = _text(col(key, "u"))
    head = [_concat(lit(f"{len(c.rule.id)}:{c.rule.id}"), _sep(),
                    lit(f"{len(c.rule.object)}:{c.rule.object}"), _sep()) for c in checks]
    tail = [_concat(_sep(), lit("~" if c.rule.column is None
                                else f"{len(c.rule.column)}:{c.rule.column}")) for c in checks]
    issue_key = _sha256_hex(_concat(pick(head), _length_prefixed(rid), pick(tail)), dialect)
    return exp.select(col("vdq_i", "u"), rid,
                      pick([_text(col(f"v{i}", "u")) for i in range(n)]), issue_key).from_(
        exp.Subquery(this=rows, alias=exp.TableAlias(this=exp.to_identifier("u"))), copy=False)
