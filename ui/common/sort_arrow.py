"""Sort arrows as clerks read them: ▲ for low to high (升序), ▼ for high to low (降序), as in Excel and WPS.

Qt's header draws the opposite (Ascending → SortDown, a historical convention), so a table sorted by share from
the largest down showed ▲. The proxy style below swaps the two when the header draws its arrow."""

from __future__ import annotations

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_SWAP = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
         QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


def drawn_indicator(qt_indicator: QStyleOptionHeader.SortIndicator) -> QStyleOptionHeader.SortIndicator:
    """The arrow drawn for the indicator Qt's header puts in its option."""
    return _SWAP.get(qt_indicator, qt_indicator)


class SortArrowStyle(QProxyStyle):
    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            option = QStyleOptionHeader(option)
            option.sortIndicator = drawn_indicator(option.sortIndicator)
        super().drawPrimitive(element, option, painter, widget)


def use_clerks_arrows(header: QHeaderView) -> None:
    style = SortArrowStyle()  # over the application's style; a base style passed in would be owned, then deleted
    style.setParent(header)  # the header keeps it alive: setStyle does not take ownership
    header.setStyle(style)
