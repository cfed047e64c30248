"""Long explanations in the import report wrap onto more lines instead of being cut off with "…"."""

from model.exchange.files import ImportProblem, ImportResult
from model.exchange.store import load
from tests.conftest import SEED_EXAMPLE
from ui.files.excel_actions import ImportReport

LONG = ("“(三)其他情形數”在表中出现两次（四、行政复议数量 与 五、行政诉讼数量 之下），无法确定属于哪一项，"
        "未导入；请在工作表中保留大项标题行后再导入。")


def test_import_report_wraps_long_messages(qtbot) -> None:
    result = ImportResult(load(SEED_EXAMPLE), [ImportProblem("统计表!C27", LONG), ImportProblem("统计表!C31", "短")])
    report = ImportReport("县直单位.xlsx", result)
    qtbot.addWidget(report)
    report.resize(600, 400)
    report.show()
    qtbot.waitExposed(report)
    tree = report.tree
    qtbot.waitUntil(lambda: tree.visualItemRect(tree.topLevelItem(0)).height()
                    > 1.8 * tree.visualItemRect(tree.topLevelItem(1)).height())
    assert tree.topLevelItem(0).text(2) == LONG  # the whole text is there, not elided
