"""File → Source → Report: deterministic extraction, and a model's where one is configured.

The stages, each a sub-package: ``formats`` (bytes → Source: text, pages, native tables),
``segment`` (text → sections, identity, narratives), ``tables`` (sections → Tables),
``claims`` (prose → numeric Claims), ``llm`` (the optional model step). ``extract`` runs them
in order; ``load`` reads a file. The Report they fill is the verifier's schema.
"""

from extractor.flow import ModelUnreachable, extract
from extractor.formats.load import load

__all__ = ["ModelUnreachable", "extract", "load"]
