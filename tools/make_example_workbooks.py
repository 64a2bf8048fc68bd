"""Write the example city's workbooks from their TOML and JSON twins in tests/data/example-city-twins/: the
transport bureau as departments/jtj.xlsx, 恒昌 as enterprises/hengchang.xlsx, 老街 and 鑫达 in one workbook of many
enterprises, enterprises/laojie-xinda.xlsx (named so that the enterprises keep their places in the report). tests/test_example_city_workbooks.py checks that both forms give the same findings."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.bundle.workbook.write import write_workbook  # noqa: E402
from compliance.records.catalog import merged_catalog  # noqa: E402
from compliance.records.workbook.layout import layout  # noqa: E402

TWINS = ROOT / "tests" / "data" / "example-city-twins"
CITY = ROOT / "fixtures" / "example-city"
WORKBOOKS = {"departments/jtj.xlsx": ("department", ["departments/jtj.json"]),
             "enterprises/hengchang.xlsx": ("enterprise", ["enterprises/hengchang.toml"]),
             "enterprises/laojie-xinda.xlsx": ("enterprise", ["enterprises/laojie.toml", "enterprises/xinda.toml"])}


def _record(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    return data


def main() -> None:
    """Write every workbook; say what a workbook could not hold (nothing, for these records)."""
    catalog = merged_catalog()
    for target, (kind_name, sources) in WORKBOOKS.items():
        laid = layout(kind_name)
        records = [laid.model.model_validate(_record(TWINS / source)).model_dump(exclude_unset=True)
                   for source in sources]
        lost = write_workbook(laid, records, CITY / target, catalog)
        print(f"{target}: {len(records)} records" + (f"; not held: {lost}" if lost else ""))


if __name__ == "__main__":
    main()
