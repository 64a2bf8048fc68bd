"""What an enterprise's records say about its emergency drills, period by period (办法 art. 33 counts them by kind).

`emergency_plan.drills` lists the drills, each with its kind; the older contract's `emergency_plan.last_drill_on`
counts as one drill of unknown kind on that day, and, when no drill is listed, as the only record: no drill after
it, and before it nothing known. A period the records cannot tell about has no count (missing data, 资料缺失).
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from compliance.core.dates import day_number
from compliance.records.enterprise import EmergencyPlan

PLAN_DRILLS = frozenset({"comprehensive", "special"})  # 综合应急预案演练或者专项应急预案演练
ON_SITE = frozenset({"on_site"})  # 现场处置方案演练


@dataclass(frozen=True)
class DrillRecord:
    """The dated drills of a plan (kind None: not said) and the first day from which no drill is unrecorded."""

    drills: tuple[tuple[int, str | None], ...] = ()
    complete_from: int | None = None  # None: the list is the whole record

    def count(self, start: int, end: int, kinds: Collection[str] | None = None) -> int | None:
        """Drills of those kinds (None: of any kind) from start to end; None when the records cannot tell."""
        inside = [kind for day, kind in self.drills if start <= day <= end]
        matching = sum(1 for kind in inside if kinds is None or kind in kinds)
        if matching:
            return matching
        kind_unknown = kinds is not None and any(kind is None for kind in inside)
        before_record = self.complete_from is not None and self.complete_from > start
        return None if kind_unknown or before_record else 0

    def last(self) -> int | None:
        """The day of the last drill recorded."""
        return max((day for day, _ in self.drills), default=None)


def drill_record(plan: EmergencyPlan | None) -> DrillRecord:
    """The drills a plan's record shows, the older last_drill_on included."""
    if plan is None:
        return DrillRecord()
    listed = [(day_number(drill.date), drill.kind) for drill in plan.drills]
    last = day_number(plan.last_drill_on) if plan.last_drill_on is not None else None
    if last is not None and all(day != last for day, _ in listed):
        listed.append((last, None))
    return DrillRecord(tuple(sorted(listed, key=lambda item: (item[0], item[1] or ""))),
                       last if last is not None and not plan.drills else None)
