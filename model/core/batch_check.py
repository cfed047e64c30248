"""The rule engine over many documents at once (汇总 of hundreds of units): each rule instance is evaluated
column-wise across all documents with C-level list operations, and only the documents where it may fail are
handed to `Checker.evaluate`, which alone decides and builds the findings. No Qt.

The column pass is only a filter: wherever it cannot prove that an instance holds for a document, the engine's own
evaluation runs. Messages, blank handling and edge cases therefore stay defined in one place: each check kind's
`evaluate` (model/core/checks/), beside its `candidates`, the column filter used here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from model.core.columns import Columns
from model.core.rules import NO_CONTEXT, Checker, Context, Finding
from model.core.values import Value


def batch_check(checker: Checker, docs: Sequence[Mapping[str, Value]], columns: Columns | None = None,
                contexts: Sequence[Context] | None = None) -> list[dict[str, Finding]]:
    """`[checker.check(v, c) for v, c in zip(docs, contexts)]`, computed column-wise: fast for many documents of one
    template."""
    cols = columns if columns is not None else Columns(docs)
    out: list[dict[str, Finding]] = [{} for _ in docs]
    # last year's values sit under keys the template does not know; a C-level subset test per document finds them
    # (without building the intersection of every document's keys)
    known = set(checker.template.cells) | set(checker.template.headings)
    linked = not all(map(known.issuperset, docs))
    ctx = contexts if contexts is not None else [NO_CONTEXT] * len(docs)
    for inst in checker.instances:
        for i in inst.kind.candidates(inst, cols, linked, checker.template):
            f = checker.evaluate(inst, docs[i], ctx[i])
            if f is not None:
                out[i][inst.key] = f
    return out
