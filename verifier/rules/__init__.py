"""Rule families. Importing this package registers every rule in the catalogue.

Each family is a module of small functions, each registered with ``@rule`` under a stable
code. A rule yields one Finding per thing it checked — pass, fail, not_applicable or
insufficient_data — so a user can see what was checked, not only what failed.
"""

import importlib
import pkgutil

from verifier.rules.catalogue import PAIR_RULES, RULES, Rule, pair_rule, rule

# examples holds the rules' documentation, read by catalogue.markdown() and the tests when
# asked for: verifying needs none of it.
for _mod in pkgutil.iter_modules(__path__):
    if _mod.name not in ("catalogue", "examples"):
        importlib.import_module(f"{__name__}.{_mod.name}")

__all__ = ["PAIR_RULES", "RULES", "Rule", "pair_rule", "rule"]
