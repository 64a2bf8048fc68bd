"""compliance: check work-safety responsibility records against declarative rulesets."""
from __future__ import annotations

__version__ = "0.1.0"
