"""Text → sections, the report's identity, and its narratives typed.

In: the decoded text of a Source. Out: ``Section``s (部门职责, 机构设置, each 公开 table, 情况说明
…, with their spans), an ``Identity`` (kind, department, region, year) and ``Narratives``.
``headings`` reads one line as a heading, ``kinds`` names what a heading announces,
``sections`` nests them, ``identity`` reads the cover, ``narratives`` types the prose.
"""

from extractor.segment.identity import Identity, identify
from extractor.segment.narratives import type_narratives
from extractor.segment.sections import segment

__all__ = ["Identity", "identify", "segment", "type_narratives"]
