"""The check kinds of template rules, one module each (equation, filled, swing…), listed in registry.py.

Adding a kind: a module here with a `CheckKind` subclass (its options, instances, quick test, evaluation with the
numbers in Chinese, the 汇总 column filter), one line in registry.py, `resources/template_schema.py` run to update
the schema's enum, and its tests in tests/model/core/checks/. No Qt."""
