"""Assemble the city session's record from a bundle, and the digest each enterprise contributes to it."""
from __future__ import annotations

from compliance.catalog import CatalogIndex, merged_catalog
from compliance.city_records import City, EnterpriseDigest, HazardSeen, ScopeIndustry, UnitRef
from compliance.enterprise_records import Enterprise
from compliance.load import Bundle
from compliance.records import Unit

CITY_ID = "city"


def city_record(bundle: Bundle) -> City | None:
    """The city's record, or None when the bundle has no city files (a unit checking itself)."""
    if not bundle.has_city:
        return None
    catalog = merged_catalog(bundle.catalog)  # the city's entries over the shipped ones, field by field
    listed = [catalog.industries[entry.code] for entry in bundle.catalog.industry] if bundle.industries_file else []
    industries = [ScopeIndustry(code=entry.code, name=entry.name or None, key=entry.key,
                                new_business_form=entry.new_business_form) for entry in listed if entry.in_scope]
    units = [UnitRef(id=loaded.unit.id, name=loaded.unit.name, kind=loaded.kind, supervises=loaded.unit.supervises,
                     file=loaded.file)
             for loaded in bundle.units if isinstance(loaded.unit, Unit) and loaded.kind in ("department", "district")]
    return City(id=CITY_ID, name=bundle.audit.jurisdiction, industries=industries, units=units,
                directives=bundle.directives.directive if bundle.directives else [],
                reports=bundle.statistics.report if bundle.statistics else [])


def digest_of(enterprise: Enterprise, catalog: CatalogIndex) -> EnterpriseDigest:
    """What the city session and the city summary need of one enterprise."""
    industry = catalog.industry_code(enterprise.industry) if enterprise.industry else None
    # built from a validated record: model_construct skips validating the same values again, for every enterprise
    hazards = [HazardSeen.model_construct(category=hazard.category, found_on=hazard.found_on)
               for hazard in enterprise.hazards if hazard.category]
    return EnterpriseDigest.model_construct(id=enterprise.id, name=enterprise.name, supervisor=enterprise.supervisor,
                                            district=enterprise.district, industry=industry or enterprise.industry,
                                            hazards=hazards)
