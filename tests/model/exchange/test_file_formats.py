"""File formats are one table: a format added there is read and written by the window (dialog filters, the export
action in its menu, 打开), by the command line (--help, --check, --report) and by the importers' dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from model.core.document import Document, new_document
from model.core.templates import get_template
from model.core.values import format_value, parse_value
from model.exchange import formats
from model.exchange.files import import_document, open_document
from model.exchange.formats import TABLE, TEXT, Export, FileFormat
from model.exchange.imported import ImportResult
from model.exchange.store import DocumentError, load
from tests.conftest import SEED_EXAMPLE
from ui.common import file_dialogs


def read_tsv(path: Path) -> ImportResult:
    """A toy reader: the template and year, then one `cell<TAB>value` per line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    template_id, year = lines[0].split("\t")
    doc = new_document(get_template(template_id), int(year))
    for line in lines[1:]:
        cid, text = line.split("\t")
        doc.values[cid] = parse_value(text, doc.template.cells[cid].type)
    return ImportResult(doc)


def write_tsv(doc: Document, script: str) -> bytes:
    rows = [f"{c}\t{format_value(v, doc.template.cells[c].type)}" for c, v in doc.values.items() if v is not None]
    return "\n".join([f"{doc.template.id}\t{doc.year}", *rows, ""]).encode("utf-8")


TSV = FileFormat("tsv", "制表符文本", (".tsv",), frozenset({TABLE, TEXT}),
                 reader="tests.model.exchange.test_file_formats:read_tsv",
                 writer="tests.model.exchange.test_file_formats:write_tsv",
                 export=Export("export_tsv", "文件", "导出制表符文本(&T)…", "每格一行", "导出制表符文本"))


@pytest.fixture
def toy_format():
    formats.register(TSV)
    yield TSV
    formats.unregister(TSV.id)


def test_the_table_names_every_suffix_once_and_each_reader_and_writer_exists() -> None:
    suffixes = [s for f in formats.FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for f in formats.FORMATS:
        assert f.label and f.suffixes and all(s.startswith(".") and s == s.lower() for s in f.suffixes)
        for where in (f.reader, f.writer):
            if where:
                assert callable(formats._resolve(where)), where
        assert not (f.refused and (f.reader or f.writer))
    assert [f.suffix for f in formats.report_outputs()] == [".pdf", ".docx", ".html"]
    assert [f.export.action for f in formats.exports() if f.export] == ["export_xlsx", "report_docx", "report_html"]


def test_refused_formats_say_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DocumentError, match=r"无法打开“表.xls”：这是旧版 Excel 97-2003 格式（.xls），"
                                            r"请在 Excel/WPS 中“另存为” .xlsx"):
        open_document(old)
    broken = tmp_path / "2024年报告.pdf"
    broken.write_bytes(b"%PDF-1.7\n%%EOF\n")
    with pytest.raises(DocumentError, match=r"无法打开“2024年报告.pdf”：PDF 文件已损坏.*导入 Word/WPS 原文件"):
        open_document(broken)  # not "不是 UTF-8 文本": the clerk is told what to open instead


def test_a_new_format_is_in_the_dialogs_the_menu_and_opens(toy_format, make_window, qtbot, tmp_path: Path,
                                                           monkeypatch) -> None:
    w = make_window(load(SEED_EXAMPLE))
    seen: list[str] = []
    monkeypatch.setattr(file_dialogs, "open_file", lambda parent, title, filters="", start=None: seen.append(filters))
    w.ask_open_path()
    assert "制表符文本 (*.tsv)" in seen[0].split(";;") and "*.tsv" in seen[0].split(";;")[0]

    assert "导出制表符文本(&T)…" in [a.text() for a in w.menu("文件").actions()]
    target = tmp_path / "海州.tsv"
    monkeypatch.setattr(w.exports, "ask_export_path", lambda fmt: str(target) if fmt is TSV else None)
    w.actions_by_name["export_tsv"].trigger()
    assert target.read_text(encoding="utf-8").startswith("gov2015\t2015\nA1\t8547\n")
    assert "已导出到“海州.tsv”" in w.statusBar().currentMessage()

    other = make_window()
    assert other.open_path(target)  # read by its reader, off the window's thread, as workbooks are
    qtbot.waitUntil(lambda: other.document.values.get("A1") == 8547, timeout=10000)
    assert other.path is None  # imported: Save asks for a name of the program's own type


def test_a_new_format_is_in_the_command_line(toy_format, tmp_path: Path, capsys) -> None:
    help_text = "".join(main._parser().format_help().split())  # argparse wraps Chinese text anywhere
    assert "制表符文本.tsv" in help_text and ".tsv（制表符文本）" in help_text
    out = tmp_path / "报告.tsv"
    assert main.main(["--report", str(out), str(SEED_EXAMPLE)]) == 0
    assert read_tsv(out).document.values == load(SEED_EXAMPLE).values
    assert import_document(out).document.values["A1"] == 8547  # the importers' dispatch finds its reader
    capsys.readouterr()
    assert main.main(["--check", str(out)]) == 0  # every figure of the seed came through
    assert "报告.tsv" in capsys.readouterr().out
