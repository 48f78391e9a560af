"""The rule catalogue: every rule has a stable code, a name, a one-line message and a rationale.

Codes are stable across versions (like ruff's): a finding, a review decision or a user's
filter refers to a rule by its code. Families by first letter:
G grounding · T table arithmetic · I identities · X cross-table · P prose against tables ·
C claims on their own · S 绩效 scores · R completeness · E extraction sanity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from verifier.report import Finding, Report

RuleFn = Callable[["Report"], Iterable["Finding"]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    message: str
    rationale: str
    fn: RuleFn | None = field(default=None, compare=False, repr=False)


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, family: str, message: str, rationale: str):
    """Register a rule function under a stable code. The function receives the rule first,
    so that it can build findings that name it, then the Report."""

    def decorate(fn):
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        r = Rule(code, name, family, message, rationale)
        RULES[code] = Rule(code, name, family, message, rationale, fn=lambda rep: fn(r, rep))
        return fn

    return decorate
