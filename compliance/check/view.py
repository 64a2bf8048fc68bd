"""Build the report's view: the kinds in use, the bundle's industry names, the labels of evidence fields."""
from __future__ import annotations

from compliance.facts.schema import fact_types
from compliance.records.catalog import CatalogIndex
from compliance.records.kinds import kinds
from compliance.report.view import KindView, ReportView


def build_view(catalog: CatalogIndex) -> ReportView:
    """The view of a run over a bundle whose catalog (shipped entries and the city's own) is given."""
    return ReportView(
        kinds=tuple(KindView(kind.name, kind.label, kind.plural, kind.order, kind.ranking, kind.linked)
                    for kind in kinds()),
        industries={code: (entry.name or code, entry.name_en or code) for code, entry in catalog.industries.items()},
        fields={name: {field: (spec.shown("zh"), spec.shown("en")) for field, spec in fact_type.fields.items()}
                for name, fact_type in fact_types().items()})
