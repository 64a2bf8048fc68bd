"""The industry, operation and hazard category catalog: its record models, the shipped defaults, a bundle's additions
merged in."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from compliance.records.base import Record
from compliance.records.hazards import HazardCategories, HazardCategory


class Industry(Record):
    """An entry of the industry catalog."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    key: bool = False
    high_risk: bool = False
    new_business_form: bool = False
    in_scope: bool = True
    art24: bool = False
    art27: bool = False
    art27_engineer: bool = False
    art36_gas: bool = False  # 「餐饮等行业」 of 安全生产法 art. 36 ¶4: a gas alarm where it uses gas
    drill_half_yearly: bool = False  # listed in 生产安全事故应急条例 art. 8 ¶2: a drill at least every half year
    dangerous_goods: bool = False  # its units deal in 危险物品 (art. 117): their business modes decide arts. 24, 27
    chemicals: bool = False  # 危险化学品: GB 30871 (特殊作业) binds its producers and its traders with storage
    industrial_trade: bool = False  # 工矿商贸: within 《生产经营单位安全培训规定》 (its art. 2)
    safety_costs: bool = False
    training_class: Literal["general", "high_risk"] = "general"
    key_operations: list[str] | None = None  # the key operations its lead's campaigns must cover (None: see docs)


class Operation(Record):
    """A kind of dangerous operation (危险作业)."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    key: bool = False
    special_work: bool = False  # one of the eight special operations of GB 30871 (安全作业票)


class SpecialOperation(Record):
    """A kind of special operation (特种作业) and who certifies the workers who do it."""

    code: str
    name: str = ""
    name_en: str = ""
    aliases: list[str] = []
    certificate: Literal["safety", "construction", "special_equipment", "other"] = "other"


class Catalog(Record):
    """The industry, operation and hazard category catalog (default shipped with the rulesets, extended by a
    bundle)."""

    industry: list[Industry] = []
    operation: list[Operation] = []
    special_operation: list[SpecialOperation] = []
    hazard: list[HazardCategory] = []


EntryT = TypeVar("EntryT", Industry, Operation, SpecialOperation, HazardCategory)
RULESETS_DIR = Path(__file__).resolve().parents[2] / "rulesets"
DATA_FILES = ("catalog", "penalties")  # the shipped files beside the packs that are data, not rule packs


def rulesets_dir() -> Path:
    """The shipped rulesets: beside the package in a checkout, or installed as compliance.rulesets."""
    if RULESETS_DIR.is_dir():
        return RULESETS_DIR
    from compliance import rulesets as installed  # type: ignore[attr-defined]

    return Path(installed.__file__).resolve().parent


@dataclass(frozen=True)
class CatalogIndex:
    """Industries and operations by code, with Chinese names accepted as aliases; the hazard category list."""

    industries: dict[str, Industry]
    operations: dict[str, Operation]
    special_operations: dict[str, SpecialOperation] = field(default_factory=dict)
    hazards: HazardCategories = field(default_factory=HazardCategories)

    def industry_code(self, text: str) -> str | None:
        """The code for a code or a Chinese name; None if unknown."""
        return _resolve(text, self.industries)

    def industry_name(self, text: str, lang: str = "zh") -> str:
        """An industry's name for reports (an unknown code is shown as written)."""
        code = self.industry_code(text)
        entry = self.industries.get(code) if code is not None else None
        if entry is None:
            return text
        return (entry.name_en or entry.code) if lang == "en" else (entry.name or entry.code)

    def operation_code(self, text: str) -> str | None:
        """The code for an operation code or Chinese name; None if unknown."""
        return _resolve(text, self.operations)

    def key_operations(self, industry: str) -> list[str]:
        """The operation codes a lead department's campaigns must cover for an industry: its own list, else every
        key operation for a key industry and none for another (codes the catalog does not know are left out)."""
        entry = self.industries.get(industry)
        if entry is None:
            return []
        if entry.key_operations is None:
            return [code for code, operation in self.operations.items() if operation.key] if entry.key else []
        codes = (self.operation_code(text) for text in entry.key_operations)
        return list(dict.fromkeys(code for code in codes if code is not None))

    def special_operation_code(self, text: str) -> str | None:
        """The code for a special operation's code, name or alias (作业 or 作业人员 at the end optional)."""
        return _resolve(text, self.special_operations) or _resolve(text.strip().removesuffix("人员"),
                                                                   self.special_operations)


def _resolve(text: str, entries: dict[str, Industry] | dict[str, Operation] | dict[str, SpecialOperation]) -> str | None:
    """Code, Chinese name, alias, or name/alias followed by 作业 (as operations are often written)."""
    key = text.strip()
    if key in entries:
        return key
    if key.lower() in entries:
        return key.lower()
    for candidate in (key, key.removesuffix("作业")):
        for code, entry in entries.items():
            if candidate == entry.name or candidate in entry.aliases:
                return code
    return None


def default_catalog() -> Catalog:
    """The catalog shipped with the rulesets."""
    with open(rulesets_dir() / "catalog.toml", "rb") as handle:
        return Catalog.model_validate(tomllib.load(handle))


def merged_catalog(addition: Catalog | None = None) -> CatalogIndex:
    """Defaults in file order, then the bundle's entries (same code: the bundle's entry wins, field by field)."""
    base = default_catalog()
    industries = {entry.code: entry for entry in base.industry}
    operations = {entry.code: entry for entry in base.operation}
    specials = {entry.code: entry for entry in base.special_operation}
    hazards = {entry.code: entry for entry in base.hazard}
    if addition is not None:
        for industry in addition.industry:
            industries[industry.code] = _overlay(industries.get(industry.code), industry)
        for operation in addition.operation:
            operations[operation.code] = _overlay(operations.get(operation.code), operation)
        for special in addition.special_operation:
            specials[special.code] = _overlay(specials.get(special.code), special)
        for hazard in addition.hazard:
            hazards[hazard.code] = _overlay(hazards.get(hazard.code), hazard)
    return CatalogIndex(industries, operations, specials, HazardCategories(hazards))


def _overlay(base: EntryT | None, entry: EntryT) -> EntryT:
    """A bundle's entry over the shipped one: only the fields the bundle wrote replace the shipped values."""
    if base is None:
        return entry
    return base.model_copy(update={name: getattr(entry, name) for name in entry.model_fields_set})
