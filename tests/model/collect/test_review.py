"""Many reports reviewed at once: `--check` with several files or a folder, `--json`, `--findings OUT.xlsx`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from model.collect.review import review
from model.collect.roster import same_unit
from model.exchange.store import load, save
from tests.conftest import DATA, ROOT_DIR


def _folder(tmp_path: Path) -> Path:
    """A county's inbox: 青山县自然资源局's 2023 report as a PDF, its 2022 report (the same text: copied), and a
    broken PDF."""
    inbox = tmp_path / "收到的报告"
    inbox.mkdir()
    shutil.copy(DATA / "pdf_qingshan_2023_libreoffice.pdf", inbox / "青山县自然资源局2023.pdf")
    last = load(DATA / "pdf_qingshan_2023_source.json")
    last.year = 2022
    save(last, inbox / "青山县自然资源局2022.json")
    (inbox / "坏文件.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    return inbox


def test_units_named_with_or_without_their_city_are_one() -> None:
    assert same_unit("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert same_unit("城关镇", "浙江省杭州市城关镇")
    assert not same_unit("洪泽区人民政府", "淮阴区人民政府") and not same_unit("", "") and not same_unit("镇", "城关镇")


def test_a_folder_is_reviewed_one_row_per_report_with_last_year_found_among_them(tmp_path: Path) -> None:
    rows = {r.file: r for r in review(sorted(_folder(tmp_path).iterdir()))}
    assert set(rows) == {"青山县自然资源局2023.pdf", "青山县自然资源局2022.json", "坏文件.pdf"}
    this = rows["青山县自然资源局2023.pdf"]
    assert (this.unit, this.year, this.previous_file) == ("青山县自然资源局", 2023, "青山县自然资源局2022.json")
    assert this.copied == 2 and this.status == "草稿"  # every paragraph as last year's: 内容雷同 is an error
    assert any("与上年报告完全相同" in f for f in this.findings)
    assert this.checked > 0 and this.text_mismatches == 0
    assert rows["青山县自然资源局2022.json"].copied is None  # 2021 is not among the files
    assert rows["坏文件.pdf"].status == "读不出" and "已损坏" in rows["坏文件.pdf"].message


def test_the_command_line_writes_the_reviewers_sheet(tmp_path: Path) -> None:
    inbox = _folder(tmp_path)
    out = tmp_path / "审阅表.xlsx"
    r = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "--check", str(inbox), "--json", "--findings",
                        str(out)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT_DIR, timeout=120)
    assert r.returncode == 2, r.stderr  # one file could not be read
    reports = json.loads(r.stdout)["reports"]
    assert [x["file"] for x in reports] == ["坏文件.pdf", "青山县自然资源局2022.json", "青山县自然资源局2023.pdf"]
    assert "审阅表已写入" in r.stderr
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "填报单位", "年度", "表格式", "状态")
    assert [row[0] for row in rows[1:]] == [x["file"] for x in reports]
    assert rows[3][4] == "草稿" and rows[3][11] == 2 and rows[1][4] == "读不出"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")


def test_previous_is_for_one_file_only(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "--check", str(_folder(tmp_path)), "--previous",
                        str(DATA / "pdf_qingshan_2023_source.json")], capture_output=True, text=True,
                       encoding="utf-8", cwd=ROOT_DIR, timeout=60)
    assert r.returncode == 64 and "--previous 只用于校验一份文件" in r.stderr


def test_last_years_published_pdf_is_the_baseline_of_the_cross_year_checks(tmp_path: Path) -> None:
    last = load(DATA / "pdf_qingshan_2023_source.json")
    last.year = 2022
    save(last, tmp_path / "2022.json")
    main = [sys.executable, str(ROOT_DIR / "main.py")]
    made = subprocess.run([*main, "--report", str(tmp_path / "2022.pdf"), str(tmp_path / "2022.json")],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT_DIR, timeout=120)
    assert made.returncode == 0, made.stderr
    r = subprocess.run([*main, "--check", str(DATA / "pdf_qingshan_2023_libreoffice.pdf"), "--previous",
                        str(tmp_path / "2022.pdf"), "--json"], capture_output=True, text=True, encoding="utf-8",
                       cwd=ROOT_DIR, timeout=120)
    out = json.loads(r.stdout)
    assert out["previous_year"]["followed"] is True
    # 2023's 上年结转 (2) against the 结转下年度 (1) printed in last year's published report
    assert any("上年“结转下年度继续办理·总计” 1" in w["message"] for w in out["warnings"])
    assert any("与上年报告完全相同" in e["message"] for e in out["errors"])  # and last year's text, from the PDF


def test_an_empty_folder_is_said_so(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, str(ROOT_DIR / "main.py"), "--check", str(tmp_path), "--findings",
                        str(tmp_path / "审阅表.xlsx")], capture_output=True, text=True, encoding="utf-8",
                       cwd=ROOT_DIR, timeout=60)
    assert r.returncode == 2 and "没有可以读入的报告" in r.stderr and not (tmp_path / "审阅表.xlsx").exists()
