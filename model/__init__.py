"""Pure-Python core: templates, values, rules, documents, files. Must not import PySide6, reportlab, ui or print."""
