"""What an enterprise contributes to the city session and the city summary: its digest."""
from __future__ import annotations

from compliance.records.catalog import CatalogIndex
from compliance.records.city import EnterpriseDigest, HazardSeen
from compliance.records.enterprise import Enterprise


def digest_of(enterprise: Enterprise, catalog: CatalogIndex) -> EnterpriseDigest:
    """What the city session and the city summary need of one enterprise."""
    industry = catalog.industry_code(enterprise.industry) if enterprise.industry else None
    # built from a validated record: model_construct skips validating the same values again, for every enterprise
    hazards = [HazardSeen.model_construct(category=hazard.category, found_on=hazard.found_on)
               for hazard in enterprise.hazards if hazard.category]
    return EnterpriseDigest.model_construct(id=enterprise.id, name=enterprise.name, supervisor=enterprise.supervisor,
                                            district=enterprise.district, industry=industry or enterprise.industry,
                                            hazards=hazards)
