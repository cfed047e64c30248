"""Pure-Python core: templates, values, rules, documents, files. Must not import PySide6, reportlab, ui or print."""

__version__ = "0.2.0"  # the program's version (--version, 帮助 → 关于, the packages); pyproject.toml says the same
APP_NAME = "gov-disclosure-stats"  # folder name of settings, logs and caches
APP_TITLE = "政府信息公开统计表"
# exit codes of the command line (main.py and print.command): 0/1/2 are said where they are returned
EXIT_USAGE = 64  # sysexits.h EX_USAGE: told apart from 2 (a file that cannot be read or written)
EXIT_SOFTWARE = 70  # EX_SOFTWARE: something unexpected, with its traceback in the log
