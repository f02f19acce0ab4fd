"""Input readers: one module per kind, and path expansion with sniffing."""

from audits.sources.base import InputFailure
from audits.sources.inputs import expand_paths, read_inputs

__all__ = ["InputFailure", "expand_paths", "read_inputs"]
