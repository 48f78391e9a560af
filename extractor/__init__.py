"""Deterministic (and optionally model-assisted) extraction of a Report from a file."""
