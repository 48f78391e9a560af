"""Narrative text → numeric ``Claim``s (amounts, shares, changes, rates, parts, counts).

In: the text, its sections and the tables already read (to link an amount to its cell).
Out: ``Claim``s whose every number carries its span. Deterministic patterns only; what they
leave unverifiable may go to the model (extractor.llm).
"""

from extractor.claims.read import extract_claims

__all__ = ["extract_claims"]
