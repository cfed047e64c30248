"""This year against last year, per unit and for the total: the key figures the format names (`report.year_on_year`
of its template: 新收申请, each 办理结果 group, 复议, 诉讼 …), the change and its share, and the largest movements
first — a unit whose applications went from 3 to 300 is worth a phone call. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model.collect.roster import keys_fit, unit_key
from model.core.template_types import Template
from model.core.text_spec import FigureSpec
from model.core.values import Value

Number = int | Decimal


@dataclass(frozen=True)
class Movement:
    unit: str  # "" for the total
    figure: str  # how the format names it: "新收政府信息公开申请"
    now: Number | None
    before: Number | None

    @property
    def change(self) -> Number | None:
        return None if self.now is None or self.before is None else self.now - self.before

    @property
    def share(self) -> float | None:
        """The change as a fraction of last year's figure; None when last year's was 0 or missing."""
        change = self.change
        return None if change is None or not self.before else float(change) / float(self.before)

    def text(self) -> str:
        """"新收政府信息公开申请 300（上年 3，增加 297，+9900.0%）"."""
        if self.now is None:
            return f"{self.figure}：本年未填（上年 {self.before}）"
        if self.before is None:
            return f"{self.figure} {self.now}（上年无数）"
        change = self.change
        assert change is not None
        word = "增加" if change > 0 else "减少" if change < 0 else "持平"
        share = f"，{self.share:+.1%}" if self.share is not None else "，上年为 0" if change else ""
        amount = f" {abs(change)}" if change else ""
        return f"{self.figure} {self.now}（上年 {self.before}，{word}{amount}{share}）"


def figures(template: Template) -> list[FigureSpec]:
    by_id = {f.id: f for f in template.text.figures}
    return [by_id[i] for i in template.text.year_on_year]


def figure_value(values: dict[str, Value], fig: FigureSpec) -> Number | None:
    """The figure's value: its cells summed (the first reading where the format allows two), None if all blank."""
    cells = [c.strip() for c in fig.alternatives[0].split("+")]
    total: Number = 0
    seen = False
    for c in cells:
        v = values.get(c)
        if isinstance(v, int | Decimal):  # not NA ("/"), not blank
            total, seen = total + v, True
    return total if seen else None


def compare(template: Template, now: dict[str, Value], before: dict[str, Value], unit: str = "") -> list[Movement]:
    return [Movement(unit, f.what, figure_value(now, f), figure_value(before, f)) for f in figures(template)]


def per_unit(template: Template, now: list[tuple[str, dict[str, Value]]],
             before: list[tuple[str, dict[str, Value]]]) -> list[Movement]:
    """Each unit of this year against the same unit last year (by name: the same, or one ending with the other)."""
    keys = [(unit_key(name), values) for name, values in before]
    out = []
    for name, values in now:
        mine = unit_key(name)
        last = next((v for k, v in keys if k == mine), None) or next((v for k, v in keys if keys_fit(k, mine)), None)
        out += compare(template, values, last or {}, name)
    return out


def largest(movements: list[Movement], n: int = 10, at_least: int = 5) -> list[Movement]:
    """The movements worth a look, largest first: by how much and how sharply the figure moved; changes smaller
    than `at_least` are noise (1 → 3 is no news)."""
    def weight(m: Movement) -> float:
        if m.change is None:
            return -1.0
        change = abs(float(m.change))
        return -1.0 if change < at_least else change * (1.0 + change / (float(m.before or 0) + 1.0))

    ranked = sorted((m for m in movements if weight(m) >= 0), key=weight, reverse=True)
    return ranked[:n]


def year_on_year_text(total: list[Movement], units: list[Movement], n: int = 10) -> str:
    lines = ["【同比】" + "；".join(m.text() for m in total if m.now is not None or m.before is not None)]
    top = largest(units, n)
    if top:
        lines.append("【变化最大的单位】")
        lines += [f"  {m.unit}：{m.text()}" for m in top]
    return "\n".join(lines) + "\n"
