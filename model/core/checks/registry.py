"""Every check kind a template rule may name, in one place: the loader, the engine and the schema read it here."""

from __future__ import annotations

from model.core.checks.base import CheckKind
from model.core.checks.cell_type import CellType
from model.core.checks.decimals import Decimals
from model.core.checks.digits import Digits
from model.core.checks.empty import Empty
from model.core.checks.equation import Equation
from model.core.checks.filled import Filled
from model.core.checks.identical import IdenticalToPrevious
from model.core.checks.swing import Swing
from model.core.checks.year import Year

KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in (Equation(), CellType(), Decimals(), Filled(), Empty(), IdenticalToPrevious(), Swing(), Digits(),
                 Year())
}
DEFAULT = Equation.name  # a rule without "check" is an equation


def names() -> tuple[str, ...]:
    """The kinds' names, as the template schema's enum of "check" lists them."""
    return tuple(KINDS)


def blank_modes() -> tuple[str, ...]:
    """Every value "blank" may take for some kind, in the kinds' order (the schema's enum of "blank")."""
    return tuple(dict.fromkeys(mode for kind in KINDS.values() for mode in kind.blank_modes))


def register(kind: CheckKind) -> None:
    """Add a kind made elsewhere (a test's toy kind); templates loaded after this may name it."""
    if kind.name in KINDS:
        raise ValueError(f"check kind {kind.name!r} is registered already")
    KINDS[kind.name] = kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)
