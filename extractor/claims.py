"""Numeric claims in the prose. (Stub: signature is the contract.)"""

from __future__ import annotations

from verifier.report import Claim, Section, Table


def extract_claims(text: str, sections: list[Section], tables: list[Table]) -> list[Claim]:
    return []
