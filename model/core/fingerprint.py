"""The 校验码 of a final table: a short code from its format, year, unit and every figure. No Qt.

Printed in the footer of a final copy and reported by `--check --json`, so a reviewer holding a paper copy and a
file can tell whether both carry the same figures. Not a signature: it detects a changed figure, not a forger.
"""

from __future__ import annotations

import base64
import hashlib
import json
import unicodedata

from model.core.document import Document
from model.core.values import to_json

# Crockford's alphabet without I, L, O, U: a code read aloud or retyped from paper cannot confuse 0/O or 1/I/L.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_GROUPS, _GROUP = 3, 4


def _canonical(doc: Document) -> bytes:
    unit = " ".join(unicodedata.normalize("NFKC", doc.unit.name).split())
    figures = [[cid, to_json(doc.value(cid))] for cid in doc.template.cells]
    payload = {"template": [doc.template.id, doc.template.version], "year": doc.year, "unit": unit,
               "values": figures}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def fingerprint(doc: Document) -> str:
    """`7K3Q-M2XD-9FTB`: 60 bits of SHA-256 over the canonical figures, in groups of four."""
    digest = hashlib.sha256(_canonical(doc)).digest()
    text = base64.b32encode(digest).decode("ascii").translate(str.maketrans(_BASE32, _ALPHABET))
    code = text[: _GROUPS * _GROUP]
    return "-".join(code[i: i + _GROUP] for i in range(0, len(code), _GROUP))
