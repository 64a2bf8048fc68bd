"""A unit's assessment sheet (考核表): every scheme item with its points, category subtotals, bonus, veto and total.

The sheet is a plain value built from the unit's findings by the assessment scheme (compliance.rules.scheme and
compliance.check.sheets); every format renders it as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compliance.report.model import Location

LineStatus = Literal["pass", "fail", "pending", "waived", "not_applicable", "not_checked"]


@dataclass(frozen=True)
class Weighting:
    """A price for items of one description (a major hazard still open), as the scoring standard states it."""

    label: str
    label_en: str
    points: float

    def text(self, lang: str) -> str:
        """The description in a language."""
        return (self.label_en or self.label) if lang == "en" else self.label


@dataclass(frozen=True)
class SheetLine:
    """One rule of a category (考核内容): its scoring standard and what this unit's items gave."""

    rule_id: str
    title: str
    title_en: str
    points: float  # per breach item (评分标准: 每项扣 N 分)
    max_points: float | None  # the rule's cap in a unit (最多扣 N 分)
    missing_points: float  # per item of missing data (资料缺失)
    status: LineStatus
    checked: int = 0  # items the rule looked at
    breaches: int = 0
    missing: int = 0  # items failed for want of a declaration (资料缺失)
    pending: int = 0
    waived: int = 0
    deducted: float = 0.0  # after the rule's cap
    weights: tuple[Weighting, ...] = ()  # items priced by what they are, before `points` for the rest
    list_points: float | None = None  # what its list costs when not given at all (a rule over a list)

    def text(self, lang: str) -> str:
        """The title in a language."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class SheetCategory:
    """A category of the sheet (考核项目) with its maximum points and the lines under it."""

    id: str
    title: str
    title_en: str
    points: float  # the category's maximum (分值)
    deducted: float  # the lines' deductions, capped at the category's points
    lines: tuple[SheetLine, ...] = ()

    @property
    def score(self) -> float:
        """The points left in the category (得分)."""
        return round(self.points - self.deducted, 2)

    def text(self, lang: str) -> str:
        """The title in a language."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class Trigger:
    """One item that earned a bonus or raised a veto: what it was and where its record is."""

    item: str
    item_en: str
    message: str
    message_en: str
    where: Location = Location()

    def text(self, name: str, lang: str) -> str:
        """The item or message in a language."""
        value: str = getattr(self, f"{name}_en" if lang == "en" else name)
        return value or getattr(self, name)


@dataclass(frozen=True)
class SheetBonus:
    """A bonus item (加分项): points per qualifying item up to a cap, and the items that earned it."""

    id: str
    title: str
    title_en: str
    points: float
    max_points: float | None
    earned: float
    items: tuple[Trigger, ...] = ()
    checked: bool = True  # False when the records it reads were not provided
    unknown: tuple[Trigger, ...] = ()  # records that might earn it, were a declaration they lack made

    def text(self, lang: str) -> str:
        """The title in a language."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class SheetVeto:
    """A veto item (一票否决): raised by any of its items; a unit with a veto cannot pass the assessment."""

    id: str
    title: str
    title_en: str
    items: tuple[Trigger, ...] = ()
    checked: bool = True  # False when the records it reads were not provided (said so, never passed silently)
    unknown: tuple[Trigger, ...] = ()  # records that might raise it, were a declaration they lack made: 待核实

    @property
    def raised(self) -> bool:
        """Did any item raise the veto?"""
        return bool(self.items)

    def text(self, lang: str) -> str:
        """The title in a language."""
        return (self.title_en or self.title) if lang == "en" else self.title


@dataclass(frozen=True)
class Sheet:
    """A unit's assessment sheet: categories, bonus, veto, total and grade."""

    scheme: str
    title: str
    title_en: str
    points: float  # the sheet's maximum before bonus (满分)
    categories: tuple[SheetCategory, ...]
    bonuses: tuple[SheetBonus, ...] = ()
    bonus_max: float | None = None  # the cap on all bonuses together
    vetoes: tuple[SheetVeto, ...] = ()
    grade: str = ""
    grade_en: str = ""

    @property
    def base(self) -> float:
        """The categories' scores added up (before bonus)."""
        return round(sum(category.score for category in self.categories), 2)

    @property
    def bonus(self) -> float:
        """The bonus points earned, capped."""
        earned = sum(bonus.earned for bonus in self.bonuses)
        return round(min(earned, self.bonus_max) if self.bonus_max is not None else earned, 2)

    @property
    def vetoed(self) -> bool:
        """Was any veto raised?"""
        return any(veto.raised for veto in self.vetoes)

    @property
    def total(self) -> float:
        """The total points (总分): the categories' scores plus the bonus; a veto does not change the points, it
        decides the grade."""
        return round(self.base + self.bonus, 2)

    def text(self, lang: str) -> str:
        """The title in a language."""
        return (self.title_en or self.title) if lang == "en" else self.title

    def grade_text(self, lang: str) -> str:
        """The grade in a language."""
        return (self.grade_en or self.grade) if lang == "en" else self.grade
