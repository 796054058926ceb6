"""Rules about an object as a whole or about its children: counts, freshness, anomalies."""

from __future__ import annotations

from sqlglot import exp

from veeva_dq.compile._checks import (
    ChildrenCheck,
    CompileContext,
    DatasetCheck,
    blank,
    date_valid,
    rule_params,
)
from veeva_dq.compile._sqlexpr import (
    ExpressionError,
    and_,
    case_flag,
    col,
    is_not_null,
    lit,
    parse_condition,
    qualify,
    table,
)
from veeva_dq.rules._schema import Kind, Rule

ANOMALY_METRICS = ("row_count", "null_rate")


def _int(rule: Rule, name: str) -> int | None:
    value = rule.params.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ExpressionError(
            f"Rule '{rule.id}': params.{name} is {value!r}; it must be a whole number >= 0."
        )
    return value


def compile_dataset_rule(rule: Rule, ctx: CompileContext, when: exp.Expr | None
                         ) -> ChildrenCheck | DatasetCheck:
    p = rule.params
    k = rule.kind
    if k is Kind.CHILDREN:
        child = ctx.model.object(str(p["child"]))
        fk = str(p.get("child_column") or child.parent or "")
        if fk not in ctx.columns_of(child.name):
            raise ExpressionError(
                f"Rule '{rule.id}': {child.name} has no column '{fk}' pointing to its owner;"
                " name it with params.child_column."
            )
        child_when = None
        if p.get("child_when"):
            child_when = parse_condition(str(p["child_when"]), rule_id=rule.id,
                                         columns=ctx.columns_of(child.name),
                                         params=rule_params(ctx))
        lo, hi = _int(rule, "min"), _int(rule, "max")
        if lo is None and hi is None:
            raise ExpressionError(f"Rule '{rule.id}': a children rule needs min or max.")
        return ChildrenCheck(rule, and_(when), child.name, fk, child_when, lo, hi)
    if k is Kind.ROW_COUNT:
        return DatasetCheck(rule, exp.Sum(this=case_flag(and_(when))))
    if k is Kind.FRESHNESS:
        if rule.column is None:
            raise ExpressionError(f"Rule '{rule.id}': a freshness rule needs a date column.")
        c = col(rule.column)
        newest = exp.Case(ifs=[exp.If(this=and_(when, is_not_null(c), date_valid(c, ctx.dialect)),
                                      true=c.copy())])
        return DatasetCheck(rule, exp.Max(this=newest))
    if k is Kind.ANOMALY:
        metric = str(p["metric"])
        if metric == "row_count":
            return DatasetCheck(rule, exp.Sum(this=case_flag(and_(when))))
        if metric == "null_rate":
            if rule.column is None:
                raise ExpressionError(f"Rule '{rule.id}': a null_rate anomaly needs a column.")
            c = col(rule.column)
            missing = exp.Sum(this=case_flag(and_(when, blank(c, ctx.dialect))))
            total = exp.Sum(this=case_flag(and_(when)))
            return DatasetCheck(rule, exp.Div(
                this=exp.Cast(this=missing, to=exp.DataType.build("DOUBLE")),
                expression=exp.Nullif(this=total, expression=lit(0))))
        raise ExpressionError(
            f"Rule '{rule.id}': anomaly metric '{metric}' is unknown. Allowed: "
            + ", ".join(ANOMALY_METRICS) + "."
        )
    raise ExpressionError(f"Rule '{rule.id}': kind {k.value} has no compiler.")


def children_failures_query(obj: str, key: str, check: ChildrenCheck, *,
                            child_present: bool = True) -> exp.Select:
    """Records with too few or too many children: a LEFT JOIN to per-owner child counts.

    When the child object was never loaded, every record has no children.
    """
    if child_present:
        counts = (
            exp.select(exp.alias_(col(check.child_column), "k"),
                       exp.alias_(exp.Count(this=exp.Star()), "n"))
            .from_(table(check.child_table))
            .where(and_(check.child_when.copy() if check.child_when else None,
                        is_not_null(col(check.child_column))))
            .group_by(col(check.child_column))
        )
    else:
        counts = exp.select(exp.alias_(exp.Null(), "k"), exp.alias_(lit(0), "n")).where(
            exp.false())
    n = exp.Coalesce(this=col("n", "g"), expressions=[lit(0)])
    bad: list[exp.Expr] = []
    if check.min is not None:
        bad.append(exp.LT(this=n.copy(), expression=lit(check.min)))
    if check.max is not None:
        bad.append(exp.GT(this=n.copy(), expression=lit(check.max)))
    on = exp.EQ(this=col("k", "g"), expression=col(key, "t"))
    return (
        exp.select(col(key, "t"), n)
        .from_(table(obj, "t"))
        .join(exp.Subquery(this=counts, alias=exp.TableAlias(this=exp.to_identifier("g"))),
              on=on, join_type="LEFT")
        .where(and_(qualify(check.applies, "t"), exp.or_(*bad) if len(bad) > 1 else bad[0]))
    )
