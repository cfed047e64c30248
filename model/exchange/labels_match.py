"""Label normalisation for matching clerks' tables to template rows: script, numbering, punctuation, notes. No Qt."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from model.core.script import t2s_pairs
from model.core.templates import Template, available_templates

# Characters outside the templates' own Traditional/Simplified pairs that clerks' files commonly use.
_EXTRA_T2S = {
    "於": "于", "範": "范", "裡": "里", "臺": "台", "著": "着", "爲": "为", "為": "为", "與": "与", "並": "并",
    "後": "后", "個": "个", "數": "数", "項": "项", "總": "总", "計": "计", "條": "条", "際": "际", "體": "体",
    "關": "关", "開": "开", "請": "请", "複": "复", "覆": "复", "復": "复", "們": "们", "發": "发", "來": "来",
    "說": "说", "號": "号", "會": "会", "議": "议", "類": "类", "別": "别", "經": "经", "費": "费", "網": "网",
    "絡": "络", "專": "专", "職": "职", "員": "员", "點": "点", "處": "处", "結": "结", "轉": "转", "據": "据",
    # the unit and signature lines (填報單位（蓋章）, 單位負責人, 審核人, 聯繫電話, 報出日期) are not in the tables
    "蓋": "盖", "單": "单", "報": "报", "負": "负", "責": "责", "審": "审", "聯": "联", "繫": "系", "係": "系",
    "電": "电", "話": "话",
}
_NUM = "一二三四五六七八九十百零〇"
_PREFIX = re.compile(
    rf"^(?:其中|第[{_NUM}\d]+[项條条]|[({_NUM}\d]+[)]|[{_NUM}]+[、.]|\d+[、.)]|[①-⑳]|[a-z][.)、])+"
)
_NOTE = re.compile(r"\([^()]*\)")
# circled and other enclosed list numbers (① ❶ ➀ ㉑): NFKC would turn "①收到申请数" into "1收到申请数", gluing the
# number to the label; as "(1)" the numbering prefix is stripped like （一）
_ENCLOSED = re.compile("[\u2460-\u2473\u24eb-\u24f4\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")
_DROP = re.compile(r"[\W_]+")


@cache
def t2s_table() -> dict[int, str]:
    """Traditional → Simplified for every character pair in the built-in templates, plus common extras."""
    table: dict[str, str] = dict(_EXTRA_T2S)
    for t in available_templates():
        for tb in t.tables:
            texts = [(tb.title.hant, tb.title.hans)]
            texts += [(c.label.hant, c.label.hans) for c in tb.columns]
            texts += [(h.text.hant, h.text.hans) for hr in tb.header for h in hr]
            for r in tb.rows:
                texts.append((r.label.hant, r.label.hans))
                texts += [(h.text.hant, h.text.hans) for h in r.cells]
                if r.unit:
                    texts.append((r.unit.hant, r.unit.hans))
            for hant, hans in texts:
                a, b = _simplify_punct(hant), _simplify_punct(hans)
                if len(a) == len(b):
                    for x, y in zip(a, b, strict=True):
                        if x != y and "\u4e00" <= x <= "\u9fff" and "\u4e00" <= y <= "\u9fff":
                            table.setdefault(x, y)
    # then every pair of the app's own Simplified → Traditional table: one converter, model.core.script's, under
    # the templates' own pairs (a report's text reads with it too, model/exchange/report_read.py)
    return t2s_pairs() | {ord(k): v for k, v in table.items()}


def _simplify_punct(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace())


def to_simplified(text: str) -> str:
    return text.translate(t2s_table())


def _enclosed(m: re.Match[str]) -> str:
    return f"({int(unicodedata.numeric(m.group(0)))})"


def prepare(text: str) -> str:
    """NFKC (full-width → ASCII, ﹒ → .), Simplified, no whitespace, Chinese brackets and colons as ASCII."""
    s = to_simplified(_simplify_punct(_ENCLOSED.sub(_enclosed, str(text))))
    return s.replace("（", "(").replace("）", ")").replace("：", ":").replace("．", ".").replace("。", ".")


@lru_cache(maxsize=8192)
def label_key(text: str, keep_note: bool = False) -> str:
    """Comparison key of a row label: `(一)主動公開政府信息數 (不同渠道…)` and `（一）主动公开政府信息数` agree.

    Cached: a 汇总 reads the same labels in every unit's workbook (a pure function of the text)."""
    s = prepare(text)
    s = re.sub(r"^其中[:]?", "", s)
    prev = None
    while prev != s:
        prev = s
        s = _PREFIX.sub("", s)
        s = re.sub(r"^[:.、\-—]+", "", s)
    if not keep_note:
        stripped = _NOTE.sub("", s)
        s = stripped or s
    return _DROP.sub("", s)


@lru_cache(maxsize=1024)
def unit_key(text: str) -> str:
    return _DROP.sub("", prepare(text))


def keys_for(texts: list[str]) -> set[str]:
    out: set[str] = set()
    for t in texts:
        if t.strip():
            out.add(label_key(t))
            out.add(label_key(t, keep_note=True))
    out.discard("")
    return out


@cache
def row_keys(template: Template) -> dict[str, tuple[str, ...]]:
    """Every key a clerk's label may reduce to, mapped to the template row ids that carry that label."""
    found: dict[str, list[str]] = {}
    for tb in template.tables:
        for r in tb.rows:
            if r.kind not in ("data", "heading", "section", "group") or not r.id:
                continue
            for k in keys_for([r.label.hans, r.label.hant, r.short, *r.aliases]):
                found.setdefault(k, []).append(r.id)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}
