"""Weekly atmospheric CO₂ at Mauna Loa (Scripps, public domain), committed under ``files/mauna_loa_co2/``
(chapter 08)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

MAUNA_LOA_CO2_PATH = Path(__file__).resolve().parent / "files" / "mauna_loa_co2" / "co2.csv.gz"


def load_mauna_loa_co2() -> tuple[np.ndarray, np.ndarray]:
    """Weekly atmospheric CO₂ at Mauna Loa, 29 March 1958 to 29 December 2001 (Scripps; public domain).

    2,284 consecutive weeks (every date is a Saturday, 7 days after the previous one); 59 weeks have no
    measurement and are NaN here — the loader does not fill them, so the caller decides, and says, how.
    Source, licence and citation (Keeling & Whorf 2004): ``utils/data/files/mauna_loa_co2/README.md``.

    Returns:
        dates: (T,) ``numpy.datetime64[D]`` week dates.
        co2: (T,) float64 concentrations in ppm (parts per million by volume), NaN where missing.
    """
    dates, co2 = [], []
    with gzip.open(MAUNA_LOA_CO2_PATH, "rt", encoding="utf-8") as file:
        header = file.readline().strip()
        if header != "date,co2":
            raise ValueError(f"{MAUNA_LOA_CO2_PATH.name}: expected the header 'date,co2', got {header!r}")
        for line in file:
            date, value = line.strip().split(",")
            dates.append(np.datetime64(f"{date[:4]}-{date[4:6]}-{date[6:]}", "D"))
            co2.append(float(value) if value else np.nan)
    return np.array(dates), np.array(co2, dtype=np.float64)
