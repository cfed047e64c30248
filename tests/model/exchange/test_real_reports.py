"""Reports as offices published them on their web pages, copied as text (tests/data/real_report_*.txt; each file
names its source in its title; the copies end where the stored page excerpt ends): every table cell the copy holds
is read exactly, and the text is checked against the table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from model.exchange.files import import_document
from tests.conftest import DATA, ROOT_DIR

REAL = DATA
ROOT = ROOT_DIR


def test_longgang_department_2024_reads_every_cell_of_its_ragged_web_table() -> None:
    """The page's table as text: merged cells dropped, so rows carry one or two labels before their seven figures
    and the header rows no longer stand over their columns."""
    doc = import_document(REAL / "real_report_longgang_department_2024.txt").document
    assert (doc.unit.name, doc.year, doc.template.id) == ("龙岗区某局", 2024, "gov2021")
    expected = {"t2.gf.zf": 5, "t2.gf.fz": 1, "t2.gf.yx": 25, "t2.xk": 0, "n1.zrr": 58, "n1.sy": 7, "n1.ky": 0,
                "n1.gy": 0, "n1.fl": 1, "n1.qt": 0, "n1.zj": 66, "n2.zrr": 2, "n2.zj": 2, "r1.zrr": 2, "r1.sy": 1,
                "r1.zj": 3, "r2.zrr": 16, "r2.zj": 17, "r3_5.zrr": 1, "r3_5.zj": 1, "r3_6.zj": 0}
    assert {c: doc.values.get(c) for c in expected} == expected
    assert len(doc.values) == 80  # the 10 figures of 表二 and the ten rows of 表三 the copy holds, nothing else


def test_changchun_sports_bureau_2023_text_disagrees_with_its_own_table() -> None:
    """The published text says 共受理政府信息公开申请2件; the published table says 3 new applications and none
    carried over: the checker finds what the office's own review missed."""
    path = REAL / "real_report_changchun_sports_bureau_2023.txt"
    doc = import_document(path).document
    assert (doc.values["n1.zrr"], doc.values["n1.zj"], doc.values["n2.zj"]) == (3, 3, 0)
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", "--json", str(path)], capture_output=True,
                       text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    out = json.loads(r.stdout)
    [finding] = [e for e in out["errors"] if e["rule"] == "Y30"]
    assert "正文：受理的申请 2 件；表中：3 件" in finding["message"] and "或" not in finding["message"]
    assert out["text_coverage"] == {"checked": 1, "unchecked": 3}  # 34 条, 150 条, 92 条 are not in the table
    assert r.returncode == 1


def test_a_published_table_whose_blanks_mean_zero_is_said_and_can_be_read_as_zeros(tmp_path: Path) -> None:
    """徐闻县某局's page leaves the applicant columns empty where they are 0 (only 总计 says 0)."""
    from model.exchange.files import IMPORT_SECTION
    from model.exchange.store import load, save

    path = REAL / "real_report_xuwen_bureau_webpage.txt"
    plain = import_document(path)
    assert plain.document.values.get("n1.sy") is None and plain.document.values["n1.zj"] == 0
    assert any("原表中有 53 格为空" in p.message and "--blank-as-zero" in p.message for p in plain.problems)
    zeros = import_document(path, blank_as_zero=True)
    assert zeros.document.values["n1.sy"] == 0 and zeros.document.values["r3_1.zrr"] == 0
    assert zeros.document.values.get("r3_6.zrr") is None  # a row the copy does not hold stays blank
    save(zeros.document, tmp_path / "unit.xxgk")
    assert load(tmp_path / "unit.xxgk").extra[IMPORT_SECTION] == {"file": path.name, "blank_as_zero": 53}


def test_pingtan_2024_a_whole_government_report_reads_every_cell_and_checks_what_its_text_states(
        tmp_path: Path) -> None:
    """平潭综合实验区 2024 (its web page, t20250310_97791): all 200 cells, the text's two figures the table holds
    agree (办理申请 218 件, 制发行政规范性文件 62 件); its 10407 条, 96 篇, 53 期… state nothing the 2021 table
    holds; "无收取信息处理费" is no statement about 行政事业性收费 (18651.06 万元)."""
    path = REAL / "real_report_pingtan_2024.txt"
    result = import_document(path)
    doc = result.document
    assert (doc.unit.name, doc.year, doc.template.id, len(doc.values), result.complete) == (
        "平潭综合实验区", 2024, "gov2021", 200, True)
    assert (doc.values["t2.gf.zf"], doc.values["r7.zj"], doc.values["fy.zj"], doc.values["ss2.zj"]) == (62, 218, 7, 19)

    def check(p: Path) -> dict[str, object]:
        r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--check", "--json", str(p)], capture_output=True,
                           text=True, encoding="utf-8", cwd=ROOT, timeout=120)
        return dict(json.loads(r.stdout), rc=r.returncode)

    clean = check(path)
    assert (clean["rc"], clean["errors"], clean["text_coverage"]) == (0, [], {"checked": 2, "unchecked": 7})
    changed = tmp_path / path.name
    changed.write_text(path.read_text(encoding="utf-8").replace("全年办理政府信息公开申请218件",
                                                                "全年办理政府信息公开申请281件"), encoding="utf-8")
    out = check(changed)
    assert out["rc"] == 1 and any("正文：办理结果总计 281 件；表中：218 件" in e["message"]
                                  for e in out["errors"])  # type: ignore[attr-defined]


def test_a_report_whose_table_is_its_provinces_own_says_so(tmp_path: Path) -> None:
    """平潭综合实验区 2016 printed Fujian's own older table (指标名称 | 计量单位 | 2016年度 | 历年累计), not the
    national form: the text comes in, and the message says the table was found but is not the form's."""
    path = tmp_path / "pingtan_2016.txt"
    path.write_text("平潭综合实验区2016年度政府信息公开工作年度报告\n一、概述\n2016年全区主动公开政府信息3460条。\n"
                    "指标名称 | 计量单位 | 2016年度 | 历年累计 |\n主动公开文件数 | 条 | 3460 | 85376 |\n"
                    "其中：1、政府网站公开数 | 条 | 3460 | 85376 |\n受理依申请公开信息总数 | 条 | 0 | 0 |\n",
                    encoding="utf-8")
    result = import_document(path)
    assert result.document.year == 2016 and not result.document.values
    assert any("1 张表格没有一行对得上政府信息公开情况统计表" in p.message and "本省自定" in p.message
               for p in result.problems)
