"""Printing: reportlab page layout and CJK fonts, fed by model objects. Must not import PySide6 or ui."""
