"""The city: checked first, from a cheap first pass over the enterprises, so that each gap it finds is charged to the
unit that answers for it (a late relay to the department, a wrong report to the reporting unit) before that unit is
checked; what no unit answers for stays with the city, reported last as the committee office's coordination
findings."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from compliance.bundle.city import city_record
from compliance.bundle.load import Bundle, LoadedUnit, claimed_ids
from compliance.bundle.streams import RawRecord, iter_records
from compliance.bundle.unique import UnitIds
from compliance.check.checker import Checker, UnitOutcome
from compliance.check.evaluate import MISSING_DATA
from compliance.check.workers import Digested, digested
from compliance.facts.city import build_with
from compliance.facts.city_aggregate import CityAggregate
from compliance.facts.schema import facts_of
from compliance.records.catalog import CatalogIndex
from compliance.records.city import EnterpriseDigest
from compliance.records.kinds import kinds
from compliance.report.model import Finding


class CityCheck:
    """The city's outcome and the gaps it charges to other units, by unit id (empty when the city is not checked:
    no city files, or no loaded rule for the city). `in_workers`: the streamed records' digests read in workers, in
    order (a cluster's), instead of here."""

    def __init__(self, bundle: Bundle, checker: Checker,
                 in_workers: Callable[[], Iterator[Digested]] | None = None) -> None:
        self.outcome: UnitOutcome | None = None
        self.charged: dict[str, list[Finding]] = {}
        self.context: dict[str, list[Finding]] = {}  # missing data about a unit in the office's own registers
        city_kinds = kinds().reading("city")
        kind = city_kinds[0].name if city_kinds else ""
        city = city_record(bundle) if kind in checker.programs else None
        if city is None:
            return
        aggregate = CityAggregate(city, checker.audit, checker.catalog)
        ids = claimed_ids(bundle)
        found = digests(bundle.root, checker.catalog, ids) if in_workers is None else first_digests(in_workers(), ids)
        for digest in found:
            aggregate.add(digest)
        loaded = LoadedUnit(kind, city, "")  # no one file: each city fact names its own
        findings, warnings = checker.findings(loaded, build_with(loaded, checker.audit, checker.catalog, aggregate))
        answerable = {unit.unit.id for unit in bundle.units if unit.kind in checker.programs}
        items = checker.assessment.item_rules if checker.assessment is not None else frozenset()
        own = []
        for finding in findings:
            unit = finding.charged_to
            if unit in answerable and finding.gap == MISSING_DATA and finding.rule_id not in items:
                # what the office's own register lacks is the office's to supply, not the unit's gap; the unit's
                # sheet still learns of it (a veto it might decide is 待核实, not 未触发)
                own.append(finding.changed(charged_to=""))
                self.context.setdefault(unit, []).append(finding)
            elif unit in answerable:
                self.charged.setdefault(unit, []).append(finding)
            else:
                own.append(finding)
        self.outcome = checker.finish(loaded, own, warnings)
        checker.city_checked = True

    def outcomes(self) -> Iterator[UnitOutcome]:
        """The city's own outcome: what no other unit answers for."""
        if self.outcome is not None:
            yield self.outcome


def digests(root: Path, catalog: CatalogIndex, ids: UnitIds | None = None) -> Iterator[EnterpriseDigest]:
    """What every streamed unit contributes to the city, read with only the fields its digest needs (records that
    cannot be checked contribute nothing, as when they are checked; nor does a record whose id an earlier unit has,
    claimed in ids)."""
    for kind in kinds().reading("stream"):
        if facts_of(kind).digest is None:
            continue
        records = (item for item in iter_records(root, kind) if isinstance(item, RawRecord))
        yield from first_digests((digested(item, catalog) for item in records), ids)


def first_digests(found: Iterable[Digested], ids: UnitIds | None) -> Iterator[EnterpriseDigest]:
    """The digests of the records whose id no earlier unit has (claimed in ids, in order)."""
    for entry in found:
        if entry is not None and (ids is None or ids.claim(entry[0], entry[1], entry[2]) is None):
            yield entry[3]
