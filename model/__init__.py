"""Pure-Python core: templates, values, rules, documents, files. Must not import PySide6, reportlab, ui or print."""

__version__ = "0.2.0"  # the program's version (--version, 帮助 → 关于, the packages); pyproject.toml says the same
APP_NAME = "gov-disclosure-stats"  # folder name of settings, logs and caches
APP_TITLE = "政府信息公开统计表"
