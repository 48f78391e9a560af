"""Deterministic verification of an extracted Report. Imports nothing of hedui or extractor."""

from verifier.report import Finding, Report, Verification
from verifier.verify import verify

__all__ = ["Finding", "Report", "Verification", "verify"]
