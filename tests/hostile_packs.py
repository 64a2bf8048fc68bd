"""Rule packs written for tests of hostile conditions and templates: enterprise rules HOST-R-0, HOST-R-1, …"""
from __future__ import annotations

import json
from pathlib import Path

HEAD = '''[pack]
id = "hostile"
version = "1"
title = "t"
title_en = "t"
[sources.S0]
title = "s"
'''
RULE = '''
[[rule]]
id = "HOST-R-{index}"
name = "r"
title = "t"
title_en = "t"
applies_to = ["enterprise"]
severity = "low"
points = 1
require = [{{ expr = {expr}, message = {message} }}]
summary = {summary}
remediation = "r"
remediation_en = "r"
[[rule.cite]]
source = "S0"
article = "1"
text = "t"
verified = true
[[rule.examples]]
name = "p"
expect = "pass"
kind = "enterprise"
unit = {{ id = "E", name = "e", headcount = 5 }}
[[rule.examples]]
name = "f"
expect = "fail"
kind = "enterprise"
unit = {fail_unit}
'''
FAIL_UNIT = '{ id = "E", name = "e", headcount = 0 }'''


def write_pack(folder: Path, exprs: list[str], message: str = "{label}", summary: str = "{items}",
               fail_unit: str = FAIL_UNIT) -> Path:
    """A pack of enterprise rules HOST-R-0, HOST-R-1, … with these conditions (a pass example of 5 staff, a fail
    example of none, or fail_unit)."""
    path = folder / "hostile.toml"
    rules = [RULE.format(index=index, expr=json.dumps(expr), message=json.dumps(message),
                         summary=json.dumps(summary), fail_unit=fail_unit) for index, expr in enumerate(exprs)]
    path.write_text(HEAD + "".join(rules), encoding="utf-8")
    return path
