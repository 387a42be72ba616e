"""Every text a widget tree shows, and the ones the pseudo-locale did not reach.

Part of the pseudo-locale test (tests/pseudo.py): build a page under
`pseudo_locale()`, then `assert untranslated_widget_texts(page, allowed=...) == []`.
What is looked at: window titles, labels, buttons, group boxes, tab and
list/combo items, line and text edit placeholders, tooltips and accessible
names, of the widgets visible in the tree (hidden ones too with
`include_hidden`). Rich text is read without its tags.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tests.pseudo import unwrapped

_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|#\d+);")


def _plain(text: str) -> str:
    return _ENTITY.sub(" ", _TAG.sub(" ", text)) if "<" in text else text


def _model_texts(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[str]:
    # A list model (a QListWidget's) has one column and no children, and neither
    # columnCount nor hasChildren to ask.
    flat = isinstance(model, QAbstractListModel)
    columns = 1 if flat else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value
            if not flat and model.hasChildren(index):
                yield from _model_texts(model, index)


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts one widget shows or gives to a screen reader (not its children's)."""
    if widget.isWindow():
        yield widget.windowTitle()
    yield widget.toolTip()
    yield widget.accessibleName()
    if isinstance(widget, QLabel):
        yield _plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(index) for index in range(widget.count()))
    elif isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield widget.tabText(index)
            yield widget.tabToolTip(index)
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_texts(widget.model(), QModelIndex())


def visible_texts(root: QWidget, include_hidden: bool = False) -> list[tuple[str, str]]:
    """(widget class and object name, text) for every non-empty text in the tree."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not include_hidden and widget is not root and not widget.isVisibleTo(root):
            continue
        where = f"{type(widget).__name__}#{widget.objectName()}"
        found.extend((where, text) for text in widget_texts(widget) if text)
    return found


def untranslated_widget_texts(
    root: QWidget, allowed: Collection[str] = (), include_hidden: bool = False
) -> list[tuple[str, str]]:
    """The texts with words that went through no catalog; `allowed`: the user's data
    (a routine title they wrote, a file name) that rightly stays as it is."""
    return [
        (where, text)
        for where, text in visible_texts(root, include_hidden)
        if unwrapped(text, allowed)
    ]
