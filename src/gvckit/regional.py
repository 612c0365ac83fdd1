"""Regionalise a national table: a province and the rest of the country with location quotients.

A national input-output table (a single-country open table such as China's NBS table, or one
country of a world table such as WIOD's CHN) is split into two regions, the province ``r`` (for
example ``"ZJ"``, Zhejiang) and the rest of the country ``s`` (``"ROC"``), from the province's
output (or employment) by sector. The province buys from itself what the location quotient allows
and the rest from the rest of the country (Miller & Blair 2009, section 8.3; Flegg, Webber &
Elliott 1995; Flegg & Webber 1997).

Location quotients (``x^r_i`` provincial, ``x_i`` national output of sector i; ``X^r``, ``X``
totals; employment can replace output):

* simple: ``SLQ_i = (x^r_i / X^r) / (x_i / X)``;
* cross-industry: ``CILQ_ij = SLQ_i / SLQ_j`` (``CILQ_ii = SLQ_i`` on the diagonal);
* Flegg: ``FLQ_ij = CILQ_ij * lambda*`` with ``lambda* = [log2(1 + X^r / X)]^delta``,
  ``0 <= delta < 1`` (default 0.3; Flegg & Webber 1997).

Regional input coefficients: ``a^rr_ij = a_ij * min(1, LQ_ij)``, with ``a_ij`` the national
*domestic* input coefficient. Assumptions (see ``docs/regionalisation.md``):

1. Same technology as the nation in both regions: domestic input, imported input and value-added
   coefficients of every sector are the national ones (``Z^rr + Z^sr = A diag(x^r)``).
2. Province's purchases from itself follow the LQ rule; the remainder of its domestic inputs
   (``(a_ij - a^rr_ij) x^r_j``) comes from the rest of the country.
3. Final demand (by consumer location) is split in proportion to total output ``X^r / X`` in every
   category, unless the province's final demand by sector is given; the province supplies its own
   final demand with the diagonal quotient ``min(1, LQ_ii)`` and buys the rest from ``s``.
4. Exports and sales to foreign countries are split by producer in proportion to output
   ``x^r_i / x_i`` (keeping the destination mix), unless provincial exports are given; imported
   inputs follow the national import coefficients, imported final use the final-demand split.
5. Interregional flows close the balance: what the province produces and neither uses itself nor
   exports is sold to the rest of the country, spread over ``s``'s intermediate and (non-negative)
   final use of the product in proportion; ``s``'s purchases from itself are the residual. When the
   province's own use at the LQ coefficients plus its exports exceeds its output, its own-supply
   coefficients of that product are scaled down (listed in ``meta["regionalisation"]``).

A competitive-import national table (imports inside ``Z`` and ``Y``) is first made
non-competitive with the proportionality assumption: every user of product i takes the same
import share ``m_i / (sum_j z_ij + sum_k y_ik)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.measures.tidy import result_frame
from gvckit.table import FD_LEVELS, ICIO, ROW_LEVELS

__all__ = [
    "location_quotients",
    "flegg_lambda",
    "read_regional_data",
    "regionalise",
    "sourcing_shares",
    "METHODS",
    "template_path",
]

METHODS = ("FLQ", "CILQ", "SLQ")
REFERENCES = [
    "Flegg, A. T., Webber, C. D. and Elliott, M. V. (1995), On the appropriate use of location "
    "quotients in generating regional input-output tables, Regional Studies 29(6): 547-561.",
    "Flegg, A. T. and Webber, C. D. (1997), On the appropriate use of location quotients in "
    "generating regional input-output tables: reply, Regional Studies 31(8): 795-805.",
    "Miller, R. E. and Blair, P. D. (2009), Input-Output Analysis: Foundations and Extensions, "
    "2nd ed., Cambridge University Press, section 8.3 (location quotients).",
]


# ---------------------------------------------------------------------------------- quotients
def flegg_lambda(regional_total: float, national_total: float, delta: float = 0.3) -> float:
    """Flegg's regional-size factor ``lambda* = [log2(1 + RE/NE)]^delta``.

    Parameters
    ----------
    regional_total, national_total : float
        Total regional and national output (or employment), ``RE`` and ``NE``.
    delta : float, default 0.3
        ``0 <= delta < 1``; ``delta = 0`` gives ``lambda* = 1`` (FLQ = CILQ).

    References
    ----------
    Flegg & Webber (1997), Regional Studies 31(8): 795-805.

    Examples
    --------
    >>> round(flegg_lambda(1, 3, 0.3), 6)   # [log2(4/3)]^0.3
    0.768115
    """
    if not 0 <= delta < 1:
        raise InputError(f"delta must satisfy 0 <= delta < 1, got {delta}")
    if not 0 < regional_total <= national_total:
        raise InputError(
            f"the regional total ({regional_total:g}) must be positive and not above the "
            f"national total ({national_total:g})"
        )
    return float(np.log2(1.0 + regional_total / national_total) ** delta)


def location_quotients(
    regional: Any, national: Any, method: str = "FLQ", delta: float = 0.3
) -> np.ndarray:
    """Matrix of location quotients ``LQ_ij`` (row: selling sector i, column: buying sector j).

    ``SLQ_i = (r_i / R) / (n_i / N)``; method ``"SLQ"`` repeats ``SLQ_i`` along row i,
    ``"CILQ"`` is ``SLQ_i / SLQ_j`` with ``SLQ_i`` on the diagonal, ``"FLQ"`` is the CILQ matrix
    times ``lambda* = [log2(1 + R/N)]^delta``. A sector absent from the region (``r_i = 0``) has
    ``SLQ_i = 0``; a buying column with ``r_j = 0`` is set to ``SLQ_i`` (it has no purchases).

    Parameters
    ----------
    regional, national : array-like (N,)
        Regional and national output (or employment) by sector.
    method : {"FLQ", "CILQ", "SLQ"}
    delta : float
        FLQ's parameter (ignored otherwise).

    Returns
    -------
    ndarray (N, N)

    Examples
    --------
    >>> location_quotients([10, 30], [100, 100], "SLQ").round(3).tolist()
    [[0.5, 0.5], [1.5, 1.5]]
    """
    r = np.asarray(regional, dtype=float).reshape(-1)
    n = np.asarray(national, dtype=float).reshape(-1)
    method = str(method).upper()
    if method not in METHODS:
        raise InputError(f"unknown location-quotient method {method!r}; use one of {METHODS}")
    if r.shape != n.shape:
        raise InputError(f"regional data has {r.size} sectors, the national data {n.size}")
    if not (np.isfinite(r).all() and np.isfinite(n).all()):
        raise InputError("regional and national figures must be finite numbers")
    if (r < 0).any() or (n < 0).any():
        raise InputError("regional and national output (employment) must not be negative")
    over = np.nonzero(r > n * (1 + 1e-9))[0]
    if over.size:
        raise InputError(f"regional figure exceeds the national one in sector positions {over[:10].tolist()}")
    R, Nt = r.sum(), n.sum()
    if R <= 0:
        raise InputError("the regional total is zero")
    share_n = np.divide(n, Nt)
    slq = np.divide(r / R, share_n, out=np.zeros_like(r), where=share_n > 0)
    if method == "SLQ":
        return np.repeat(slq[:, None], r.size, axis=1)
    cilq = np.divide(slq[:, None], slq[None, :], out=np.repeat(slq[:, None], r.size, axis=1),
                     where=slq[None, :] > 0)
    np.fill_diagonal(cilq, slq)
    if method == "CILQ":
        return cilq
    return cilq * flegg_lambda(R, Nt, delta)


# ---------------------------------------------------------------------------------- inputs
def read_regional_data(data: Any, sectors: Sequence[str], national_employment: Any = None) -> pd.DataFrame:
    """Read a province's sector data: a CSV path or DataFrame with ``sector`` and ``output`` or
    ``employment`` (optionally ``national_employment``, ``final_demand``, ``exports``).

    Returns a frame indexed by the table's sector codes. Every sector of the national table must
    appear once with a number; errors name the file, row and sector at fault.
    """
    name = str(data) if isinstance(data, str | Path) else "regional data"
    if isinstance(data, str | Path):
        try:
            df = pd.read_csv(data, dtype={"sector": str})
        except (OSError, ValueError, pd.errors.ParserError) as exc:
            raise InputError(f"{name}: cannot read the regional data CSV ({exc})") from exc
    elif isinstance(data, pd.DataFrame):
        df = data.copy()
        if "sector" not in df.columns:
            df = df.rename_axis("sector").reset_index()
    elif isinstance(data, pd.Series | Mapping):
        s = pd.Series(data)
        df = pd.DataFrame({"sector": s.index, "output": s.to_numpy()})
    else:
        raise InputError(f"regional data must be a CSV path, a DataFrame or a Series, not {type(data).__name__}")
    if "sector" not in df.columns:
        raise InputError(f"{name}: a column 'sector' (sector codes of the national table) is required")
    measure = "output" if "output" in df.columns else "employment" if "employment" in df.columns else None
    if measure is None:
        raise InputError(f"{name}: a column 'output' or 'employment' is required; found {list(df.columns)}")
    df["sector"] = df["sector"].astype(str).str.strip()
    dup = df["sector"][df["sector"].duplicated()].tolist()
    if dup:
        raise InputError(f"{name}: sectors {dup[:10]} appear more than once")
    unknown = [s for s in df["sector"] if s not in set(sectors)]
    if unknown:
        raise InputError(f"{name}: sectors {unknown[:10]} are not sectors of the national table "
                         f"(it has {list(sectors)[:6]} ...)")
    missing = [s for s in sectors if s not in set(df["sector"])]
    if missing:
        raise InputError(f"{name}: sectors {missing[:10]} of the national table are missing")
    df = df.set_index("sector").loc[list(sectors)]
    cols = [measure] + [c for c in ("national_employment", "final_demand", "exports") if c in df.columns]
    for col in cols:
        vals = pd.to_numeric(df[col], errors="coerce")
        blank = vals.isna()
        if blank.any():
            bad = df.index[blank].tolist()
            raise InputError(f"{name}: column {col!r} is blank or not a number for sectors {bad[:10]} "
                             f"(first value {df[col][blank].iloc[0]!r}); fill every sector")
        if (vals < 0).any():
            raise InputError(f"{name}: column {col!r} is negative for sectors {df.index[vals < 0].tolist()[:10]}")
        df[col] = vals.astype(float)
    if measure == "employment":
        if national_employment is not None:
            ne = pd.Series(national_employment, dtype=float)
            ne.index = ne.index.astype(str)
            df["national_employment"] = ne.reindex(df.index)
        if "national_employment" not in df.columns or df["national_employment"].isna().any():
            raise InputError(f"{name}: with 'employment' the national employment by sector is needed "
                             f"(a column 'national_employment' or the national_employment argument)")
    df.attrs["measure"] = measure
    return df[cols + (["national_employment"] if measure == "employment" and "national_employment" not in cols else [])]


# ---------------------------------------------------------------------------------- national parts
def _national_parts(t: ICIO, country: str | None) -> dict:
    """The national economy as domestic blocks plus its links to the outside world."""
    Z, Y, x = t.arrays()
    if t.G == 1:
        if country is not None and country != t.countries[0]:
            raise InputError(f"the table's only country is {t.countries[0]!r}, not {country!r}")
        parts = {"Zd": Z.copy(), "Fd": Y.copy(), "x": x.copy(), "fd_cats": [c for _, c in t.fd_columns]}
        ex = t.exports.to_numpy().copy() if t.exports is not None else np.zeros((t.N, 0))
        parts["Ex"] = ex
        parts["ex_cols"] = list(t.exports.columns) if t.exports is not None else []
        if t.import_mode == "competitive":
            m = t.imports_competitive.to_numpy()
            use = Z.sum(axis=1) + Y.sum(axis=1)
            share = np.divide(m, use, out=np.zeros_like(m), where=use > 0)
            if ((share < -1e-9) | (share > 1 + 1e-9)).any():
                bad = [t.sectors[i] for i in np.nonzero((share < 0) | (share > 1))[0]]
                raise InputError(f"imports exceed total domestic use (or are negative) for sectors "
                                 f"{bad[:10]}; the proportional import split is impossible")
            d = 1.0 - share
            parts["Zd"], parts["Fd"] = Z * d[:, None], Y * d[:, None]
            parts["Mz"], parts["My"] = Z * share[:, None], Y * share[:, None]
            parts["m_rows"] = [f"M{s}" for s in t.sectors]
            parts["competitive_converted"] = True
        elif t.import_mode == "noncompetitive":
            parts["Mz"] = t.imports_Z.to_numpy().copy()
            parts["My"] = t.imports_Y.to_numpy().copy() if t.imports_Y is not None else np.zeros((len(t.imports_Z), Y.shape[1]))
            parts["m_rows"] = list(t.imports_Z.index)
        else:
            parts["Mz"] = np.zeros((0, t.N))
            parts["My"] = np.zeros((0, Y.shape[1]))
            parts["m_rows"] = []
        parts["va"] = t.va_rows
        return parts
    # world table: one country's block, with the other countries as the outside world
    if country is None:
        raise InputError(f"the table has {t.G} countries: name the country to regionalise (country=...)")
    if country not in t.countries:
        raise InputError(f"unknown country {country!r}; the table has {t.countries}")
    if t.is_open:
        raise InputError("regionalising one country of an open multi-country table is not supported")
    c = t.countries.index(country)
    rows = slice(c * t.N, (c + 1) * t.N)
    own_fd = np.asarray(t.fd_columns.get_level_values(0) == country)
    other_cols = np.r_[0:c * t.N, (c + 1) * t.N:t.n]
    return {
        "Zd": Z[rows, rows].copy(), "Fd": Y[rows][:, own_fd].copy(), "x": x[rows].copy(),
        "fd_cats": [k for k, own in zip(t.fd_columns.get_level_values(1), own_fd, strict=True) if own],
        "Ex": np.hstack([Z[rows][:, other_cols], Y[rows][:, ~own_fd]]),
        "Mz": Z[other_cols][:, rows], "My": Y[other_cols][:, own_fd],
        "world": {"c": c, "other_cols": other_cols, "own_fd": own_fd},
        "va": t.va_rows,
    }


# ---------------------------------------------------------------------------------- the split
def _split(parts: dict, xr: np.ndarray, L: np.ndarray, fshare: np.ndarray,
           fd_r: np.ndarray | None, ex_r: np.ndarray | None, sectors: list[str]) -> dict:
    Zd, Fd, Ex, x = parts["Zd"], parts["Fd"], parts["Ex"], parts["x"]
    N = len(x)
    xs = x - xr
    A = np.divide(Zd, x[None, :], out=np.zeros_like(Zd), where=x[None, :] > 0)
    share = np.divide(xr, x, out=np.zeros_like(xr), where=x > 0)
    trim = np.minimum(1.0, L)
    Zrr = A * trim * xr[None, :]
    Zsr = A * xr[None, :] - Zrr
    # final demand by consumer location
    if fd_r is None:
        Fr = Fd * fshare[None, :]
    else:
        tot = Fd.sum(axis=1)
        Fr = Fd * np.divide(fd_r, tot, out=np.zeros_like(fd_r), where=tot != 0)[:, None]
    Fs = Fd - Fr
    p = np.minimum(1.0, np.diag(L))
    Yrr = Fr * p[:, None]
    Ysr = Fr - Yrr
    # exports by producer
    if ex_r is None:
        Exr = Ex * share[:, None]
    else:
        tot = Ex.sum(axis=1)
        if ((ex_r > 0) & (tot <= 0)).any():
            bad = [sectors[i] for i in np.nonzero((ex_r > 0) & (tot <= 0))[0]]
            raise InputError(f"provincial exports are given for sectors the nation does not export: {bad[:10]}")
        Exr = Ex * np.divide(ex_r, tot, out=np.zeros_like(ex_r), where=tot > 0)[:, None]
    Exs = Ex - Exr
    tol = 1e-9 * max(1.0, float(np.abs(x).max()))
    if (Exr.sum(axis=1) > xr + tol).any():
        bad = [sectors[i] for i in np.nonzero(Exr.sum(axis=1) > xr + tol)[0]]
        raise InputError(f"the province exports more than it produces in sectors {bad[:10]}")
    own = Zrr.sum(axis=1) + Yrr.sum(axis=1)
    room = xr - Exr.sum(axis=1)
    scaled = own > room + tol
    if scaled.any():
        f = np.where(scaled, np.divide(room, own, out=np.ones_like(own), where=own > 0), 1.0)
        Zsr += Zrr * (1 - f)[:, None]
        Ysr += Yrr * (1 - f)[:, None]
        Zrr *= f[:, None]
        Yrr *= f[:, None]
    q = xr - Zrr.sum(axis=1) - Yrr.sum(axis=1) - Exr.sum(axis=1)
    q = np.where(np.abs(q) <= tol, 0.0, q)
    use_s = A * xs[None, :]
    w_f = np.clip(Fs, 0.0, None)
    W = use_s.sum(axis=1) + w_f.sum(axis=1)
    stuck = (q > tol) & (W <= 0)
    if stuck.any():
        bad = [sectors[i] for i in np.nonzero(stuck)[0]]
        raise InputError(f"the province sells sectors {bad[:10]} to the rest of the country, which does not use them")
    k = np.divide(q, W, out=np.zeros_like(q), where=W > 0)
    Zrs = use_s * k[:, None]
    Yrs = w_f * k[:, None]
    Zss = use_s - Zrs
    Yss = Fs - Yrs
    neg = (Zss < -tol).any(axis=1) | ((Yss < -tol) & (w_f > 0)).any(axis=1)
    if neg.any():
        bad = [sectors[i] for i in np.nonzero(neg)[0]]
        raise InputError(
            f"the province's sales to the rest of the country exceed that region's use of sectors "
            f"{bad[:10]}: the provincial output is too large relative to the national table "
            f"(check units: the national table is in {parts.get('unit', 'its unit')})")
    Zss = np.clip(Zss, 0.0, None)
    return {
        "Z": np.block([[Zrr, Zrs], [Zsr, Zss]]),
        "Yrr": Yrr, "Yrs": Yrs, "Ysr": Ysr, "Yss": Yss, "Exr": Exr, "Exs": Exs,
        "share": share, "scaled": [sectors[i] for i in np.nonzero(scaled)[0]], "N": N,
        "Fr": Fr, "Fs": Fs,
    }


def regionalise(
    table: ICIO,
    regional: Any,
    *,
    region: str = "ZJ",
    rest: str = "ROC",
    country: str | None = None,
    method: str = "FLQ",
    delta: float = 0.3,
    national_employment: Any = None,
    region_name: str | None = None,
    rest_name: str | None = None,
    check: bool = True,
) -> ICIO:
    """Split a national economy into a province and the rest of the country (two regions).

    Formulas (``A`` national domestic coefficients, ``LQ`` from :func:`location_quotients`):
    ``Z^rr = (A o min(1, LQ)) diag(x^r)``, ``Z^sr = A diag(x^r) - Z^rr``,
    ``y^rr_i = min(1, LQ_ii) y^r_i``, ``x^s = x - x^r``; the province's remaining output
    ``q = x^r - Z^rr 1 - y^rr - e^r`` is sold to ``s`` in proportion to ``s``'s use,
    ``Z^rs = diag(q / u^s) A diag(x^s)``; ``Z^ss`` is the residual. Imported inputs and value
    added keep the national coefficients; exports are split by ``x^r_i / x_i``; final demand by
    ``X^r / X``. See the module docstring and ``docs/regionalisation.md`` for every assumption.

    Parameters
    ----------
    table : ICIO
        A single-country table (open: competitive or non-competitive imports) or a world table;
        with a world table give ``country`` and the province is nested in it (its rows and
        columns trade with every other country).
    regional : str, Path, DataFrame or Series
        The province's data by sector of ``table``: columns ``sector`` and ``output`` (same unit
        as the table) or ``employment`` (then national employment is needed: a column
        ``national_employment`` or the ``national_employment`` argument; provincial output is
        then ``x_i e^r_i / e_i``). Optional columns ``final_demand`` (the province's final
        demand for domestic products, by sector) and ``exports`` (the province's exports).
    region, rest : str
        Codes of the province and the rest of the country.
    country : str, optional
        The country to split in a world table.
    method : {"FLQ", "CILQ", "SLQ"}
    delta : float, default 0.3
        FLQ's parameter.
    check : bool
        Run the input checks on the result.

    Returns
    -------
    ICIO
        Two regions (or G + 1 countries); ``meta["regionalisation"]`` records the method, delta,
        ``lambda*``, the quotients and any adjusted sectors.

    References
    ----------
    Flegg, Webber & Elliott (1995), Regional Studies 29(6); Flegg & Webber (1997), Regional
    Studies 31(8); Miller & Blair (2009), section 8.3.

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.regional import regionalise
    >>> nat = gvckit.ICIO([[20, 30], [10, 40]], [[40], [40]], exports=[[10], [10]],
    ...                   countries=["CHN"], sectors=["a", "b"])
    >>> two = regionalise(nat, {"a": 50, "b": 10}, region="P", rest="R")
    >>> two.countries, two.x.round(6).tolist()
    (['P', 'R'], [50.0, 10.0, 50.0, 90.0])
    """
    if region == rest:
        raise InputError("region and rest must be different codes")
    method = str(method).upper()
    parts = _national_parts(table, country)
    sectors = table.sectors
    country = country or table.countries[0]
    if region in table.countries and region != country or rest in table.countries and rest != country:
        raise InputError(f"region codes {region!r}/{rest!r} clash with countries of the table")
    data = read_regional_data(regional, sectors, national_employment)
    measure = data.attrs["measure"]
    x = parts["x"]
    if measure == "output":
        xr = data["output"].to_numpy()
        lq_r, lq_n = xr, x
    else:
        er, en = data["employment"].to_numpy(), data["national_employment"].to_numpy()
        if ((er > 0) & (en <= 0)).any():
            raise InputError("provincial employment is positive where national employment is zero")
        xr = x * np.divide(er, en, out=np.zeros_like(er), where=en > 0)
        lq_r, lq_n = er, en
    over = xr > x * (1 + 1e-9) + 1e-12
    if over.any():
        bad = [(sectors[i], float(xr[i]), float(x[i])) for i in np.nonzero(over)[0][:5]]
        raise InputError(f"provincial output exceeds national output (sector, province, nation): {bad}; "
                         f"check the unit (the table is in {table.unit or 'an unstated unit'})")
    L = location_quotients(lq_r, lq_n, method, delta)
    lam = flegg_lambda(lq_r.sum(), lq_n.sum(), delta) if method == "FLQ" else 1.0
    fshare_total = xr.sum() / x.sum()
    fshare = np.full(parts["Fd"].shape[1], fshare_total)
    fd_r = data["final_demand"].to_numpy() if "final_demand" in data.columns else None
    ex_r = data["exports"].to_numpy() if "exports" in data.columns else None
    parts["unit"] = table.unit
    out = _split(parts, xr, L, fshare, fd_r, ex_r, sectors)
    out["xr"] = xr
    out["fd_scale"] = fshare if fd_r is None else _fd_scale(parts["Fd"], out["Fr"])
    info = {
        "region": region, "rest": rest, "country": country, "method": method,
        "delta": delta if method == "FLQ" else None, "lambda": lam, "measure": measure,
        "final_demand_share": float(fshare_total) if fd_r is None else "given by sector",
        "exports": "split by x^r/x" if ex_r is None else "given by sector",
        "own_supply_scaled_down": out["scaled"],
        "location_quotients": pd.DataFrame(L, index=sectors, columns=sectors),
        "competitive_imports_converted": bool(parts.get("competitive_converted", False)),
        "references": REFERENCES,
    }
    cinfo_src = table.country_info
    cname = str(cinfo_src.loc[country, "name"]) if country in cinfo_src.index else country
    meta = dict(table.meta)
    meta["regionalisation"] = info
    cinfo = {region: region_name or region, rest: rest_name or f"Rest of {cname}"}
    xr_full, xs_full = xr, x - xr
    fd_cats = parts["fd_cats"]
    if "world" not in parts:
        idx = pd.MultiIndex.from_product([[region, rest], sectors], names=ROW_LEVELS)
        fdc = pd.MultiIndex.from_tuples([(region, k) for k in fd_cats] + [(rest, k) for k in fd_cats],
                                        names=FD_LEVELS)
        Y = np.block([[out["Yrr"], out["Yrs"]], [out["Ysr"], out["Yss"]]])
        ex = None
        if parts["Ex"].shape[1]:
            ex = pd.DataFrame(np.vstack([out["Exr"], out["Exs"]]), index=idx, columns=parts["ex_cols"])
        mz = my = None
        if parts["Mz"].shape[0]:
            mrows = pd.Index(parts["m_rows"], name="import")
            Mz = parts["Mz"]
            mzr = Mz * out["share"][None, :]
            mz = pd.DataFrame(np.hstack([mzr, Mz - mzr]), index=mrows, columns=idx)
            My = parts["My"]
            myr = My * out["fd_scale"][None, :]
            my = pd.DataFrame(np.hstack([myr, My - myr]), index=mrows, columns=fdc)
        va = None
        if parts["va"] is not None:
            v = parts["va"].to_numpy()
            var = v * out["share"][None, :]
            va = pd.DataFrame(np.hstack([var, v - var]), index=parts["va"].index, columns=idx)
        sinfo = table.sector_info
        res = ICIO(
            pd.DataFrame(out["Z"], index=idx, columns=idx), pd.DataFrame(Y, index=idx, columns=fdc),
            x=np.concatenate([xr_full, xs_full]), va=va, exports=ex, imports_Z=mz, imports_Y=my,
            country_info=cinfo, sector_info=sinfo, unit=table.unit, year=table.year,
            source=(f"{table.source} regionalised ({method})"
                    + (", imports made non-competitive" if parts.get("competitive_converted") else "")).strip(),
            meta=meta, check=False,
        )
    else:
        res = _nest_in_world(table, parts, out, region, rest, fd_cats, fshare, cinfo, meta, method)
    if check:
        from gvckit.checks import check as run_check

        run_check(res).raise_for_errors()
    return res


def _fd_scale(Fd: np.ndarray, Fr: np.ndarray) -> np.ndarray:
    tot = Fd.sum(axis=0)
    return np.divide(Fr.sum(axis=0), tot, out=np.zeros_like(tot), where=tot != 0)


def _nest_in_world(t: ICIO, parts, out, region, rest, fd_cats, fshare, cinfo, meta, method) -> ICIO:
    """Replace one country of a world table by the two regions (rows, columns and FD columns)."""
    Z, Y, x = t.arrays()
    N, c = t.N, parts["world"]["c"]
    other, own_fd = parts["world"]["other_cols"], parts["world"]["own_fd"]
    countries = t.countries[:c] + [region, rest] + t.countries[c + 1:]
    idx = pd.MultiIndex.from_product([countries, t.sectors], names=ROW_LEVELS)
    n2 = len(idx)
    pos_r = slice(c * N, (c + 1) * N)
    pos_s = slice((c + 1) * N, (c + 2) * N)
    new_other = np.r_[0:c * N, (c + 2) * N:n2]
    share = out["share"]
    Zn = np.zeros((n2, n2))
    Zn[np.ix_(new_other, new_other)] = Z[np.ix_(other, other)]
    Zn[c * N:(c + 2) * N, c * N:(c + 2) * N] = out["Z"]
    nz_other = Z.shape[0] - N  # foreign columns of Z in the export block
    Zn[pos_r, new_other] = out["Exr"][:, :nz_other]
    Zn[pos_s, new_other] = out["Exs"][:, :nz_other]
    Mz = parts["Mz"]
    Zn[new_other, pos_r] = Mz * share[None, :]
    Zn[new_other, pos_s] = Mz * (1 - share)[None, :]
    # final demand columns: the country's categories become region's and rest's
    fd_old = list(t.fd_columns)
    # keep region's and rest's categories adjacent in country order
    ordered = []
    for cc in countries:
        if cc == region:
            ordered += [(region, k) for k in fd_cats]
        elif cc == rest:
            ordered += [(rest, k) for k in fd_cats]
        else:
            ordered += [(a, k) for a, k in fd_old if a == cc]
    fdc = pd.MultiIndex.from_tuples(ordered, names=FD_LEVELS)
    col_pos = {lab: i for i, lab in enumerate(fdc)}
    Yn = np.zeros((n2, len(fdc)))
    foreign_fd = [lab for lab, own in zip(fd_old, own_fd, strict=True) if not own]
    fcols = [col_pos[lab] for lab in foreign_fd]
    rcols = [col_pos[(region, k)] for k in fd_cats]
    scols = [col_pos[(rest, k)] for k in fd_cats]
    Yn[np.ix_(new_other, fcols)] = Y[np.ix_(other, np.nonzero(~own_fd)[0])]
    Yn[pos_r, fcols] = out["Exr"][:, nz_other:]
    Yn[pos_s, fcols] = out["Exs"][:, nz_other:]
    Yn[pos_r, rcols] = out["Yrr"]
    Yn[pos_r, scols] = out["Yrs"]
    Yn[pos_s, rcols] = out["Ysr"]
    Yn[pos_s, scols] = out["Yss"]
    My = parts["My"]
    myr = My * out["fd_scale"][None, :]
    Yn[np.ix_(new_other, rcols)] = myr
    Yn[np.ix_(new_other, scols)] = My - myr
    xn = np.zeros(n2)
    xn[new_other] = x[other]
    xn[pos_r] = out["xr"]
    xn[pos_s] = parts["x"] - out["xr"]
    ci = t.country_info.reindex(countries)
    ci.loc[region, "name"] = cinfo[region]
    ci.loc[rest, "name"] = cinfo[rest]
    ci["name_zh"] = ci["name_zh"].fillna("")
    ci.index.name = "code"
    keep = [c_ for c_ in ("name", "name_zh") if c_ in ci.columns]
    meta["regionalisation"]["nested_in_world_table"] = True
    va = None
    if t.va_rows is not None:
        v = t.va_rows.to_numpy()
        vn = np.zeros((v.shape[0], n2))
        vn[:, new_other] = v[:, other]
        vc = v[:, c * N:(c + 1) * N]
        vn[:, pos_r] = vc * share[None, :]
        vn[:, pos_s] = vc - vn[:, pos_r]
        va = pd.DataFrame(vn, index=t.va_rows.index, columns=idx)
    return ICIO(
        pd.DataFrame(Zn, index=idx, columns=idx), pd.DataFrame(Yn, index=idx, columns=fdc), x=xn, va=va,
        country_info=ci[keep].reset_index(), sector_info=t.sector_info, unit=t.unit, year=t.year,
        source=f"{t.source} with {t.countries[c]} regionalised ({method})".strip(), meta=meta, check=False,
    )


# ---------------------------------------------------------------------------------- sourcing
def sourcing_shares(table: ICIO, region: str, domestic: Sequence[str] | None = None) -> pd.DataFrame:
    """Where a region's intermediate inputs come from: itself, the rest of its country, abroad.

    For every sector j of ``region`` r (and a ``"total"`` row):
    ``intra_j = sum_i z^rr_ij / u_j``, ``rest_of_country_j = sum_{s in D, s != r} sum_i z^sr_ij / u_j``,
    ``foreign_j = (sum_{f not in D} sum_i z^fr_ij + sum_k m_kj) / u_j``, with ``u_j`` all
    intermediate inputs of the column (domestic plus imported) and D the regions of the same
    country.

    Parameters
    ----------
    table : ICIO
        A regionalised table (:func:`regionalise`), a provincial MRIO (CEADs) or any table with
        non-competitive imports.
    region : str
    domestic : sequence of str, optional
        Regions of the same country. Default: from ``meta["regionalisation"]`` (region and rest);
        otherwise every region of an open table (a national MRIO such as CEADs), else ``[region]``.

    Returns
    -------
    DataFrame
        Columns ``intra``, ``rest_of_country``, ``foreign`` (shares summing to 1) and
        ``intermediate_inputs`` (the total, in the table's unit).

    Examples
    --------
    >>> import gvckit
    >>> from gvckit.regional import regionalise, sourcing_shares
    >>> nat = gvckit.ICIO([[20, 30], [10, 40]], [[40], [40]], exports=[[10], [10]],
    ...                   countries=["CHN"], sectors=["a", "b"])
    >>> s = sourcing_shares(regionalise(nat, {"a": 50, "b": 10}, region="P", rest="R"), "P")
    >>> bool(abs(s.loc["total", ["intra", "rest_of_country", "foreign"]].sum() - 1) < 1e-12)
    True
    """
    if region not in table.countries:
        raise InputError(f"unknown region {region!r}; the table has {table.countries}")
    if table.import_mode == "competitive":
        raise InputError("sourcing shares need imported inputs apart from domestic ones; this table "
                         "has competitive imports (inside Z)")
    if domestic is None:
        info = table.meta.get("regionalisation")
        if info and region in (info.get("region"), info.get("rest")):
            domestic = [info["region"], info["rest"]]
        elif table.is_open:
            domestic = table.countries
        else:
            domestic = [region]
    domestic = [str(d) for d in domestic]
    unknown = [d for d in domestic if d not in table.countries]
    if unknown:
        raise InputError(f"domestic regions {unknown} are not in the table")
    Z, _, _ = table.arrays()
    N = table.N
    r = table.countries.index(region)
    cols = slice(r * N, (r + 1) * N)
    by_country = Z[:, cols].reshape(table.G, N, N).sum(axis=1)  # G x N
    intra = by_country[r]
    dom = [table.countries.index(d) for d in domestic if d != region]
    rest = by_country[dom].sum(axis=0) if dom else np.zeros(N)
    foreign_idx = [g for g in range(table.G) if g != r and g not in dom]
    foreign = by_country[foreign_idx].sum(axis=0) if foreign_idx else np.zeros(N)
    if table.imports_Z is not None:
        foreign = foreign + table.imports_Z.to_numpy()[:, cols].sum(axis=0)
    total = intra + rest + foreign
    vals = np.vstack([intra, rest, foreign])
    tot_row = vals.sum(axis=1, keepdims=True)
    vals = np.hstack([vals, tot_row])
    total = np.append(total, total.sum())
    shares = np.divide(vals, total[None, :], out=np.full_like(vals, np.nan), where=total[None, :] > 0)
    index = pd.Index(table.sectors + ["total"], name="sector")
    return result_frame(
        {"intra": shares[0], "rest_of_country": shares[1], "foreign": shares[2],
         "intermediate_inputs": total},
        index, table=table, method="sourcing_shares", level="sector", perspective=region,
        references=REFERENCES[:2], region=region, domestic=domestic,
    )


# ---------------------------------------------------------------------------------- template
def template_path(name: str = "zhejiang_output_template.csv"):
    """Path of a shipped provincial-data template (China's 42 NBS sectors, blank ``output``).

    Fill ``output`` with the province's gross output by sector in the unit of the national table
    (10,000 CNY for ``china_nbs``), then pass the file to :func:`regionalise`.

    Examples
    --------
    >>> import pandas as pd
    >>> from gvckit.regional import template_path
    >>> with template_path().open("r", encoding="utf-8") as fh:
    ...     list(pd.read_csv(fh, dtype=str).columns)
    ['sector', 'name', 'name_zh', 'output']
    """
    from importlib import resources

    return resources.files("gvckit.datasets").joinpath("templates", name)
