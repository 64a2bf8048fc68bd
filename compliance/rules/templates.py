"""Message templates of a rule, checked at load: only `{name}` placeholders of the names the rule may show."""
from __future__ import annotations

import string
from collections.abc import Collection

from compliance.core.problems import did_you_mean


class TemplateError(ValueError):
    """A template with a placeholder that is not a plain allowed name; the message says which and why."""


def check_template(key: str, template: str, allowed: Collection[str]) -> None:
    """A template may hold `{name}` for the allowed names and `{{`/`}}` for braces: no attribute, index,
    conversion or format spec, no stray brace (each would crash, leak internals or eat memory when filled in)."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(f"{key}: {exc} in '{_short(template)}' (write {{{{ and }}}} for braces)") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier():
            raise TemplateError(f"{key}: placeholder '{{{_short(name)}}}' must be a plain name "
                                f"(no index, attribute or number; one of: {_names(allowed)})")
        if spec or conversion:
            raise TemplateError(f"{key}: placeholder '{{{name}}}' may not carry a format spec or conversion")
        if name not in allowed:
            raise TemplateError(f"{key}: unknown placeholder '{{{name}}}'{did_you_mean(name, list(allowed))}")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _names(allowed: Collection[str]) -> str:
    names = sorted(allowed)
    return ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
