"""Assemble the city session's record from a bundle's city files and the units read from its folders."""
from __future__ import annotations

from compliance.bundle.documents import relative
from compliance.bundle.load import CITY_FILES, Bundle, city_file, city_folder
from compliance.records.catalog import merged_catalog
from compliance.records.city import City, ScopeIndustry, UnitRef
from compliance.records.unit import Unit

CITY_ID = "city"


def city_record(bundle: Bundle) -> City | None:
    """The city's record, or None when the bundle has no city files (a unit checking itself)."""
    if not bundle.has_city:
        return None
    catalog = merged_catalog(bundle.catalog)  # the city's entries over the shipped ones, field by field
    listed = [catalog.industries[entry.code] for entry in bundle.catalog.industry] if bundle.industries_file else []
    industries = [ScopeIndustry(code=entry.code, name=entry.name or None, key=entry.key,
                                new_business_form=entry.new_business_form) for entry in listed if entry.in_scope]
    units = [UnitRef(id=loaded.unit.id, name=loaded.unit.name, kind=loaded.kind, file=loaded.file,
                     supervises=loaded.unit.supervises if isinstance(loaded.unit, Unit) else [])
             for loaded in bundle.units]  # every unit read from a folder: departments, districts, …
    folder = city_folder(bundle.root)
    files = {name: relative(path, bundle.root) for name in CITY_FILES if (path := city_file(folder, name)) is not None}
    return City(id=CITY_ID, name=bundle.audit.jurisdiction, industries=industries, units=units,
                directives=bundle.directives.directive if bundle.directives else [],
                reports=bundle.statistics.report if bundle.statistics else [],
                accidents=bundle.accidents.accident if bundle.accidents else [],
                commendations=bundle.commendations.commendation if bundle.commendations else [],
                has_accidents="accidents" in files, has_commendations="commendations" in files,
                files={name: file for name, file in files.items() if not file.endswith(".toml")})
