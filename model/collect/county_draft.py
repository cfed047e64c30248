"""生成初稿 on an aggregate: the county's (or city's) sentences beside the format's own — how many units the
report sums, which units had the most applications, which had 复议 or 诉讼 — written so that the text checker reads
the totals from the table as for any unit and leaves the units' own figures alone (they stand in brackets, with
no 件 after them: they are not the table's figures). No Qt."""

from __future__ import annotations

from model.collect.aggregate import Aggregate
from model.collect.year_on_year import figure_value, figures
from model.core.template_types import Template
from model.core.text_spec import FigureSpec

TOP = 5


def _first_section(template: Template) -> str:
    return next(h.heading for h in template.text.skeleton if h.heading and not h.table)


def _section_of(template: Template, fig: FigureSpec) -> str:
    """The drafted section that speaks of `fig` (its cells appear in the section's sentences)."""
    cells = [c.strip() for c in fig.alternatives[0].split("+")]
    for spec in template.text.draft:
        if any("{" + c in s.text or f" {c}" in s.text for s in spec.sentences for c in cells):
            return spec.section
    return _first_section(template)


def _by_figure(agg: Aggregate, fig: FigureSpec) -> list[tuple[str, int]]:
    got = [(u.name, figure_value(u.values, fig)) for u in agg.units]
    ranked = sorted(((n, int(v)) for n, v in got if v), key=lambda x: x[1], reverse=True)
    return ranked[:TOP]


def county_paragraphs(agg: Aggregate, drafts: dict[str, list[str]]) -> dict[str, list[str]]:
    """`drafts` (the format's, from draft_paragraphs) with the aggregate's own sentences added."""
    assert agg.document is not None
    template = agg.document.template
    out = {k: list(v) for k, v in drafts.items()}
    n = len(agg.units)
    opening = (f"本报告由{agg.office or '本机关'}汇总所属 {n} 个单位报送的政府信息公开工作年度报告统计表形成，"
               "表中各项为各单位数字之和。")
    first = _first_section(template)
    out[first] = [opening + "".join(out.get(first, []))]
    keyed = figures(template)
    requests = keyed[0] if keyed else None
    if requests is not None:
        top = _by_figure(agg, requests)
        if top:
            section = _section_of(template, requests)
            listed = "、".join(f"{name}（{v}）" for name, v in top)
            line = f"{requests.what}较多的单位为：{listed}。"
            out[section] = ["".join(out.get(section, [])) + line]
    disputes = [f for f in keyed if f.what in ("行政复议", "行政诉讼")]
    involved = []
    for u in agg.units:
        parts = [f"{f.what}{int(v)}" for f in disputes if (v := figure_value(u.values, f))]
        if parts:
            involved.append(f"{u.name}（{'、'.join(parts)}）")
    if involved and disputes:
        section = _section_of(template, disputes[0])
        out[section] = ["".join(out.get(section, [])) + f"涉及行政复议、行政诉讼的单位：{'、'.join(involved[:10])}。"]
    return out
