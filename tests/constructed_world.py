"""A constructed 3-country x 4-sector world table with WIOD 2013 sector codes, shared by the
classification and diagnosis tests: the right answers are known by construction."""

from __future__ import annotations

import numpy as np

import gvckit

COUNTRIES = ["CHN", "USA", "DEU"]
SECTORS = ["17t18", "24", "29", "71t74"]


def world(*, imp=0.0, serv=0.1, tex_exp=50.0, chem_exp=0.0, mach_imp=0.0, mach_exp=0.0,
          mach_dom=100.0, year=2000):
    """A constructed 3-country x 4-sector world table with WIOD 2013 sector codes.

    Textiles (17t18) is never an input, so its output equals its final demand: CHN sells
    ``50`` at home and ``tex_exp`` to the USA; USA and DEU each sell 75 at home and 25 abroad
    (their pooled export orientation is 50/200 = 0.25). ``imp``: USA chemicals per unit of CHN
    textiles; ``serv``: CHN business services (71t74) per unit of CHN textiles; ``chem_exp``:
    CHN chemicals final goods sold to DEU; ``mach_*``: CHN machinery (29) imported inputs from
    USA chemicals, exports to the USA (investment goods) and home investment demand.
    """
    G, N = 3, 4
    n = G * N
    A = np.zeros((n, n))

    def ix(c, s):
        return COUNTRIES.index(c) * N + SECTORS.index(s)

    for c in COUNTRIES:
        A[ix(c, "24"), ix(c, "17t18")] = 0.1
        A[ix(c, "71t74"), ix(c, "17t18")] = serv if c == "CHN" else 0.1
        A[ix(c, "24"), ix(c, "24")] = 0.1
        A[ix(c, "71t74"), ix(c, "24")] = 0.1
        A[ix(c, "24"), ix(c, "29")] = 0.1
        A[ix(c, "71t74"), ix(c, "29")] = 0.1
        A[ix(c, "71t74"), ix(c, "71t74")] = 0.05
    A[ix("USA", "24"), ix("CHN", "17t18")] = imp
    A[ix("USA", "24"), ix("DEU", "17t18")] = 0.05
    A[ix("USA", "24"), ix("CHN", "29")] = mach_imp
    Y = np.zeros((n, G * 2))  # (destination, CONS_h / GFCF), country-major

    def fd(c, s, dest, amount, cat="CONS_h"):
        Y[ix(c, s), COUNTRIES.index(dest) * 2 + (0 if cat == "CONS_h" else 1)] += amount

    fd("CHN", "17t18", "CHN", 50)
    fd("CHN", "17t18", "USA", tex_exp)
    fd("USA", "17t18", "USA", 75)
    fd("USA", "17t18", "DEU", 25)
    fd("DEU", "17t18", "DEU", 75)
    fd("DEU", "17t18", "USA", 25)
    for c in COUNTRIES:
        fd(c, "24", c, 100)
        fd(c, "29", c, mach_dom if c == "CHN" else 100, "GFCF")
        fd(c, "71t74", c, 100)
    fd("CHN", "24", "DEU", chem_exp)
    fd("CHN", "29", "USA", mach_exp, "GFCF")
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    Z = A * x[None, :]
    return gvckit.ICIO(Z, Y, countries=COUNTRIES, sectors=SECTORS, fd_categories=["CONS_h", "GFCF"],
                       year=year, source="WIOD 2013 layout (constructed test table)", unit="USD")


def two_years(start: dict, end: dict) -> dict:
    """The constructed world in 2000 and 2010 with the given parameters."""
    return {2000: world(year=2000, **start), 2010: world(year=2010, **end)}


def chn_output(*, tex_exp=50.0, chem_exp=0.0, mach_exp=0.0, mach_dom=100.0):
    """CHN gross output of textiles, chemicals and machinery, solved by hand from the
    construction: textiles and machinery are never inputs; chemicals use 0.1 of themselves and
    supply 0.1 per unit to textiles and machinery."""
    x_t = 50.0 + tex_exp
    x_m = mach_dom + mach_exp
    x_c = (100.0 + chem_exp + 0.1 * x_t + 0.1 * x_m) / 0.9
    return x_t, x_c, x_m


_SERIES = {}


def wiod_series():
    """One WIOD 2013 ModelSeries shared by the test modules (models and indicators memoised)."""
    from gvckit.framework import ModelSeries

    if "wiod2013" not in _SERIES:
        _SERIES["wiod2013"] = ModelSeries("wiod2013")
    return _SERIES["wiod2013"]
