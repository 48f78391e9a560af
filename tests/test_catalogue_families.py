"""Every rule belongs to a documented family, so none is missing from docs/rules.md."""

from verifier.rules import RULES
from verifier.rules.catalogue import FAMILIES


def test_every_rule_is_in_a_documented_family():
    stray = {code: r.family for code, r in RULES.items() if r.family not in FAMILIES}
    assert not stray, f"rules outside FAMILIES (they would be missing from docs/rules.md): {stray}"
