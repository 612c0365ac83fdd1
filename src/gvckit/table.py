"""The inter-country input-output table (:class:`ICIO`).

A table of G countries (or regions) by N sectors holds

* ``Z`` (GN x GN): intermediate flows, rows supplying and columns using country-sectors;
* ``Y`` (GN x m): final demand, columns labelled by destination country and category;
* ``va_rows`` (k x GN): the value-added rows as the source gives them (value added at basic prices,
  taxes less subsidies, ...), optional;
* ``x`` (GN): gross output;
* for tables that are open to a world outside them (a single country, a set of provinces):
  ``exports`` (GN x k) to destinations outside the table, imported inputs ``imports_Z`` (k x GN)
  and imported final use ``imports_Y`` (k x m) for a non-competitive-import layout, or a
  competitive-import vector ``imports_competitive`` (GN) already included in ``Z`` and ``Y``.

The accounting identities are

* rows: ``x = Z 1 + Y 1 + exports 1 - imports_competitive``;
* columns: ``x' = 1'Z + 1'imports_Z + va'``.

Rows and columns are labelled by a :class:`pandas.MultiIndex` with levels ``country`` and
``sector`` (country-major order); final demand columns by ``country`` and ``category``.
Sector and country metadata (English and Chinese names) travel in :attr:`ICIO.sector_info` and
:attr:`ICIO.country_info`.

Names follow the GVC literature (Koopman, Wang & Wei 2014; Borin & Mancini 2019): ``B`` is the
Leontief inverse and ``G`` the Ghosh inverse; pymrio calls the Leontief inverse ``L`` and the Ghosh
*coefficients* ``B``. The bridge :meth:`ICIO.to_pymrio` / :meth:`ICIO.from_pymrio` maps the names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from gvckit.errors import InputError
from gvckit.pages import prefer_small_pages

prefer_small_pages()  # numpy's huge-page advice stalls on fresh big arrays: see gvckit.pages

__all__ = ["ICIO", "Labels"]

ROW_LEVELS = ("country", "sector")
RESIDUAL_VA_ROW = "value added (residual)"
FD_LEVELS = ("country", "category")


@dataclass(frozen=True)
class Labels:
    """Country and sector codes of a table, with English and Chinese names."""

    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    country_info: pd.DataFrame = field(compare=False, repr=False)
    sector_info: pd.DataFrame = field(compare=False, repr=False)

    @property
    def index(self) -> pd.MultiIndex:
        return _product_index(tuple(self.countries), tuple(self.sectors), ROW_LEVELS)


@lru_cache(maxsize=32)
def _product_index(outer: tuple[str, ...], inner: tuple[str, ...], names: tuple[str, str]) -> pd.MultiIndex:
    """``MultiIndex.from_product([outer, inner], names=names)``, built once per label set and
    shared (a pandas index is immutable; a year series of one table has one row index)."""
    return pd.MultiIndex.from_product([list(outer), list(inner)], names=list(names))


def _info_frame(codes: Sequence[str], info: Any, what: str) -> pd.DataFrame:
    """Normalise country/sector metadata to a frame indexed by code with name, name_zh."""
    if (isinstance(info, pd.DataFrame) and info.index.name == "code" and list(info.index) == list(codes)
            and {"name", "name_zh"} <= set(info.columns) and not info[["name", "name_zh"]].isna().to_numpy().any()):
        # already normal (a bundled dataset's labels, another table's info): what the steps
        # below would build from it, without a dozen pandas operations per table read
        if list(info.columns[:2]) == ["name", "name_zh"]:
            return info.copy()
        return info[["name", "name_zh", *(c for c in info.columns if c not in ("name", "name_zh"))]].copy()
    frame = pd.DataFrame(index=pd.Index(list(codes), name="code"))
    frame["name"] = list(codes)
    frame["name_zh"] = ""
    if info is None:
        return frame
    if isinstance(info, Mapping):
        info = pd.DataFrame({"name": pd.Series(info)})
    if isinstance(info, pd.Series):
        info = info.to_frame("name")
    info = pd.DataFrame(info)
    if "code" in info.columns:
        info = info.set_index("code")
    unknown = [c for c in info.index if c not in frame.index]
    if unknown:
        raise InputError(f"{what} metadata names codes that are not in the table: {unknown[:10]}")
    for col in info.columns:
        values = info[col].reindex(frame.index)
        if col in frame.columns:
            frame[col] = values.where(values.notna(), frame[col])
        else:
            frame[col] = values
    return frame


def _as_array(obj: Any, what: str) -> np.ndarray:
    try:
        arr = np.asarray(obj, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} holds values that are not numbers: {exc}") from exc
    return arr


def _check_index(got: pd.Index, want: pd.Index, what: str) -> None:
    if got.equals(want):
        return
    if len(got) != len(want):
        raise InputError(f"{what} has {len(got)} labels, expected {len(want)}")
    bad = [(g, w) for g, w in zip(got, want, strict=True) if g != w]
    raise InputError(
        f"{what} labels do not match the table's country-sector labels; first mismatches "
        f"(found, expected): {bad[:5]}"
    )


class ICIO:
    """An inter-country (or single-country) input-output table.

    Parameters
    ----------
    Z : array-like or DataFrame, shape (GN, GN)
        Intermediate flows. A DataFrame must have (country, sector) MultiIndex rows and columns
        in the same order; an array needs ``countries`` and ``sectors`` (country-major order).
    Y : array-like or DataFrame, shape (GN, m)
        Final demand by destination country and category. A DataFrame has (country, category)
        columns; an array has ``G' x K`` columns in country-major order with ``fd_categories``
        (K) and ``fd_countries`` (G', defaulting to ``countries``). Destination countries must be
        countries of the table (a country without final-demand columns, such as OECD's
        processing-trade rows CN1/CN2, simply has none).
    x : array-like, optional
        Gross output. Computed from the row identity when not given.
    x_reported : array-like, optional
        The gross output the source reported, kept beside ``x`` when ``x`` was recomputed
        from the row identity (see :meth:`balance`); :func:`gvckit.check` reports the
        difference as the finding ``output_rebalanced``.
    va : DataFrame or array-like, optional
        Value-added rows as the source reports them (k x GN). Measures use the residual
        ``x' - 1'Z - 1'imports_Z`` by default; see :meth:`value_added`.
    exports, imports_Z, imports_Y, imports_competitive : optional
        The open-economy parts described in the module docstring.
    countries, sectors : sequence of str
        Codes, required when ``Z`` is an array.
    country_info, sector_info : DataFrame or mapping, optional
        Metadata by code: columns ``name`` and ``name_zh`` (and any others).
    unit, year, source : metadata carried into every result and export.
    meta : dict, optional
        Anything else (citation, processing-trade splits ``{"CN1": "CHN", ...}``, ...).
    check : bool, default True
        Run :func:`gvckit.check` and raise :class:`gvckit.InputError` on errors.

    Examples
    --------
    >>> import numpy as np
    >>> from gvckit import ICIO
    >>> t = ICIO(Z=[[150, 500], [200, 100]], Y=[[350], [1700]], countries=["AAA"],
    ...          sectors=["s1", "s2"], fd_categories=["FD"])
    >>> t.x.tolist()
    [1000.0, 2000.0]
    """

    def __init__(
        self,
        Z: Any,
        Y: Any,
        *,
        x: Any = None,
        x_reported: Any = None,
        va: Any = None,
        exports: Any = None,
        imports_Z: Any = None,
        imports_Y: Any = None,
        imports_competitive: Any = None,
        countries: Sequence[str] | None = None,
        sectors: Sequence[str] | None = None,
        fd_categories: Sequence[str] | None = None,
        fd_countries: Sequence[str] | None = None,
        va_rows: Sequence[str] | None = None,
        country_info: Any = None,
        sector_info: Any = None,
        unit: str = "",
        year: int | None = None,
        source: str = "",
        meta: dict | None = None,
        check: bool = True,
    ) -> None:
        # ---- labels -------------------------------------------------------------------------
        if isinstance(Z, pd.DataFrame):
            idx = Z.index
            if not isinstance(idx, pd.MultiIndex) or idx.nlevels != 2:
                raise InputError("Z must have a two-level (country, sector) row index")
            c_found = list(dict.fromkeys(idx.get_level_values(0)))
            s_found = list(dict.fromkeys(idx.get_level_values(1)))
            countries = countries or c_found
            sectors = sectors or s_found
        if countries is None or sectors is None:
            raise InputError("countries and sectors are required when Z is not a labelled DataFrame")
        countries = [str(c) for c in countries]
        sectors = [str(s) for s in sectors]
        for what, codes in (("country", countries), ("sector", sectors)):
            dup = pd.Index(codes)[pd.Index(codes).duplicated()].tolist()
            if dup:
                raise InputError(f"duplicate {what} codes: {dup[:10]}")
        index = _product_index(tuple(countries), tuple(sectors), ROW_LEVELS)
        n = len(index)

        # ---- Z --------------------------------------------------------------------------------
        if isinstance(Z, pd.DataFrame):
            _check_index(Z.index, index, "Z rows")
            _check_index(Z.columns, index, "Z columns")
        z = _as_array(Z, "Z")
        if z.shape != (n, n):
            raise InputError(
                f"Z has shape {z.shape}, expected ({n}, {n}) for {len(countries)} countries x "
                f"{len(sectors)} sectors"
            )

        # ---- Y --------------------------------------------------------------------------------
        if isinstance(Y, pd.Series):
            Y = Y.to_frame()
        if isinstance(Y, pd.DataFrame):
            _check_index(Y.index, index, "Y rows")
            cols = Y.columns
            if not isinstance(cols, pd.MultiIndex):
                cols = pd.MultiIndex.from_arrays(
                    [[str(c) for c in cols], ["FD"] * len(cols)], names=FD_LEVELS
                )
            fd_cols = pd.MultiIndex.from_tuples(
                [(str(a), str(b)) for a, b in cols], names=FD_LEVELS
            )
        else:
            ya = _as_array(Y, "Y")
            if ya.ndim == 1:
                ya = ya[:, None]
            dest = [str(c) for c in (fd_countries or countries)]
            cats = [str(c) for c in (fd_categories or ["FD"])]
            if ya.shape[1] != len(dest) * len(cats):
                if fd_categories is None and ya.shape[1] % len(dest) == 0:
                    k = ya.shape[1] // len(dest)
                    cats = [f"FD{i + 1}" for i in range(k)] if k > 1 else ["FD"]
                else:
                    raise InputError(
                        f"Y has {ya.shape[1]} columns, expected {len(dest)} destination countries "
                        f"x {len(cats)} categories = {len(dest) * len(cats)}"
                    )
            fd_cols = _product_index(tuple(dest), tuple(cats), FD_LEVELS)
        y = _as_array(Y, "Y")
        if y.ndim == 1:
            y = y[:, None]
        if y.shape != (n, len(fd_cols)):
            raise InputError(f"Y has shape {y.shape}, expected ({n}, {len(fd_cols)})")
        unknown_dest = sorted(set(fd_cols.get_level_values(0)) - set(countries))
        if unknown_dest:
            raise InputError(
                f"final-demand columns name destination countries that are not in the table: "
                f"{unknown_dest[:10]}"
            )

        # ---- open-economy parts ----------------------------------------------------------------
        self._exports = self._optional_frame(exports, index, None, "exports", default_col="EX")
        self._imports_Z = self._optional_rows(imports_Z, index, "imports_Z")
        self._imports_Y = self._optional_rows(imports_Y, fd_cols, "imports_Y")
        if self._imports_Y is not None and self._imports_Z is not None:
            if not self._imports_Y.index.equals(self._imports_Z.index):
                raise InputError("imports_Z and imports_Y must have the same import-product rows")
        if imports_competitive is not None:
            mc = _as_array(imports_competitive, "imports_competitive").reshape(-1)
            if mc.shape != (n,):
                raise InputError(f"imports_competitive has {mc.size} values, expected {n}")
            self._imports_comp: np.ndarray | None = mc
        else:
            self._imports_comp = None

        # ---- value-added rows ------------------------------------------------------------------
        if va is not None:
            if isinstance(va, pd.Series):
                va = va.to_frame().T
            if isinstance(va, pd.DataFrame):
                _check_index(va.columns, index, "value-added columns")
                rows = [str(r) for r in va.index]
            else:
                rows = None
            vaa = _as_array(va, "value added")
            if vaa.ndim == 1:
                vaa = vaa[None, :]
            if vaa.shape[1] != n:
                raise InputError(f"value added has {vaa.shape[1]} columns, expected {n}")
            rows = rows or [str(r) for r in (va_rows or [f"VA{i + 1}" for i in range(len(vaa))])]
            if len(rows) != vaa.shape[0]:
                raise InputError("va_rows does not match the number of value-added rows")
            self._va_rows: pd.DataFrame | None = pd.DataFrame(vaa, index=pd.Index(rows, name="component"), columns=index)
        else:
            self._va_rows = None

        # ---- output ----------------------------------------------------------------------------
        if x is None:
            xv = _row_identity(z, y, self._exports, self._imports_comp)
        else:
            if isinstance(x, pd.Series | pd.DataFrame) and isinstance(x.index, pd.MultiIndex):
                _check_index(x.index, index, "x")
            xv = _as_array(x, "x").reshape(-1)
            if xv.shape != (n,):
                raise InputError(f"x has {xv.size} values, expected {n}")

        if x_reported is not None:
            xr = _as_array(x_reported, "x_reported").reshape(-1)
            if xr.shape != (n,):
                raise InputError(f"x_reported has {xr.size} values, expected {n}")
            self._x_reported: np.ndarray | None = xr
        else:
            self._x_reported = None
        self._z = z
        self._y = y
        self._x = xv
        self.labels = Labels(
            tuple(countries),
            tuple(sectors),
            _info_frame(countries, country_info, "country"),
            _info_frame(sectors, sector_info, "sector"),
        )
        self._index = index
        self._fd_cols = fd_cols
        self.unit = unit
        self.year = year
        self.source = source
        self.meta = dict(meta or {})
        if check:
            from gvckit.checks import check as run_check

            run_check(self).raise_for_errors()

    # ------------------------------------------------------------------ helpers for __init__
    @staticmethod
    def _optional_frame(obj, index, cols, what, default_col):
        if obj is None:
            return None
        if isinstance(obj, pd.Series):
            obj = obj.to_frame(obj.name or default_col)
        if isinstance(obj, pd.DataFrame):
            _check_index(obj.index, index, f"{what} rows")
            frame = pd.DataFrame(_as_array(obj, what), index=index, columns=[str(c) for c in obj.columns])
        else:
            arr = _as_array(obj, what)
            if arr.ndim == 1:
                arr = arr[:, None]
            if arr.shape[0] != len(index):
                raise InputError(f"{what} has {arr.shape[0]} rows, expected {len(index)}")
            names = [default_col] if arr.shape[1] == 1 else [f"{default_col}{i + 1}" for i in range(arr.shape[1])]
            frame = pd.DataFrame(arr, index=index, columns=names)
        frame.columns.name = "destination"
        return frame

    @staticmethod
    def _optional_rows(obj, columns, what):
        if obj is None:
            return None
        if isinstance(obj, pd.DataFrame):
            if not obj.columns.equals(columns):
                _check_index(obj.columns, columns, f"{what} columns")
            return pd.DataFrame(_as_array(obj, what), index=obj.index.astype(str), columns=columns)
        arr = _as_array(obj, what)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.shape[1] != len(columns):
            raise InputError(f"{what} has {arr.shape[1]} columns, expected {len(columns)}")
        return pd.DataFrame(arr, index=[f"M{i + 1}" for i in range(arr.shape[0])], columns=columns)

    # ------------------------------------------------------------------ basic properties
    @property
    def countries(self) -> list[str]:
        """Country (region) codes in table order."""
        return list(self.labels.countries)

    @property
    def sectors(self) -> list[str]:
        """Sector codes in table order."""
        return list(self.labels.sectors)

    @property
    def G(self) -> int:
        """Number of countries (regions)."""
        return len(self.labels.countries)

    @property
    def N(self) -> int:
        """Number of sectors."""
        return len(self.labels.sectors)

    @property
    def n(self) -> int:
        """Number of country-sectors, G x N."""
        return self._z.shape[0]

    @property
    def index(self) -> pd.MultiIndex:
        """Row (and Z column) labels, levels ``country`` and ``sector``."""
        return self._index

    @property
    def fd_columns(self) -> pd.MultiIndex:
        """Final-demand column labels, levels ``country`` and ``category``."""
        return self._fd_cols

    @property
    def fd_categories(self) -> list[str]:
        return list(dict.fromkeys(self._fd_cols.get_level_values(1)))

    @property
    def country_info(self) -> pd.DataFrame:
        return self.labels.country_info

    @property
    def sector_info(self) -> pd.DataFrame:
        return self.labels.sector_info

    @property
    def Z(self) -> pd.DataFrame:
        """Intermediate flows as a labelled DataFrame (a view on the stored array)."""
        return pd.DataFrame(self._z, index=self._index, columns=self._index, copy=False)

    @property
    def Y(self) -> pd.DataFrame:
        """Final demand by destination country and category."""
        return pd.DataFrame(self._y, index=self._index, columns=self._fd_cols, copy=False)

    @property
    def x(self) -> pd.Series:
        """Gross output."""
        return pd.Series(self._x, index=self._index, name="x")

    @property
    def x_reported(self) -> pd.Series | None:
        """Gross output as the source reported it, when ``x`` was rebalanced; else None."""
        if self._x_reported is None:
            return None
        return pd.Series(self._x_reported, index=self._index, name="x_reported")

    def row_sums(self) -> np.ndarray:
        """The row identity's right-hand side ``Z 1 + Y 1 + exports 1 - imports_competitive``."""
        return _row_identity(self._z, self._y, self._exports, self._imports_comp)

    def balance(self) -> ICIO:
        """This table with gross output set to its row sums, ``x = Z 1 + Y 1 (+ exports 1
        - imports_competitive)``; the output it had is kept as :attr:`x_reported`.

        Decompositions of gross exports close exactly only on a balanced table (every term
        adds up to exports, ``1'V B = 1'`` with residual value added); tables published in
        rounded figures (WIOD 2013 as bundled) are balanced only to the rounding.

        Examples
        --------
        >>> from gvckit import ICIO
        >>> t = ICIO([[150, 500], [200, 100]], [[350], [1700]], x=[1001, 2000],
        ...          countries=["A"], sectors=["s1", "s2"], check=False)
        >>> b = t.balance()
        >>> b.x.tolist(), b.x_reported.tolist()
        ([1000.0, 2000.0], [1001.0, 2000.0])
        """
        xr = self._x if self._x_reported is None else self._x_reported
        return self._rebuild(self._z, self._y, self.row_sums(), x_reported=xr.copy())

    @property
    def va_rows(self) -> pd.DataFrame | None:
        """Value-added rows as reported by the source, or None."""
        return self._va_rows

    @property
    def exports(self) -> pd.DataFrame | None:
        """Exports to destinations outside the table (open tables), or None."""
        return self._exports

    @property
    def imports_Z(self) -> pd.DataFrame | None:
        """Imported intermediate inputs (non-competitive layout), or None."""
        return self._imports_Z

    @property
    def imports_Y(self) -> pd.DataFrame | None:
        """Imported final use (non-competitive layout), or None."""
        return self._imports_Y

    @property
    def imports_competitive(self) -> pd.Series | None:
        """Competitive imports by product, included in Z and Y, or None."""
        if self._imports_comp is None:
            return None
        return pd.Series(self._imports_comp, index=self._index, name="imports")

    @property
    def is_open(self) -> bool:
        """True when the table trades with a world outside it (single-country or regional tables)."""
        return (
            self._exports is not None
            or self._imports_Z is not None
            or self._imports_comp is not None
        )

    @property
    def import_mode(self) -> str:
        """``"noncompetitive"``, ``"competitive"`` or ``"closed"`` (world table)."""
        if self._imports_Z is not None:
            return "noncompetitive"
        if self._imports_comp is not None:
            return "competitive"
        return "closed"

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The raw ``(Z, Y, x)`` arrays (not copies: do not modify them)."""
        return self._z, self._y, self._x

    def value_added(self, kind: str = "residual") -> pd.Series:
        """Value added by country-sector.

        ``kind="residual"`` (default): ``va' = x' - 1'Z - 1'imports_Z``, the definition decompr,
        exvatools and Stata's icio use; with it each column of ``V B`` sums to one.
        ``kind="reported"``: the sum of the reported value-added rows (error if there are none).
        """
        if kind == "residual":
            va = self._x - self._z.sum(axis=0)
            if self._imports_Z is not None:
                va = va - self._imports_Z.to_numpy().sum(axis=0)
        elif kind == "reported":
            if self._va_rows is None:
                raise InputError("this table has no reported value-added rows; use kind='residual'")
            va = self._va_rows.to_numpy().sum(axis=0)
        else:
            raise InputError(f"unknown value-added kind {kind!r}; use 'residual' or 'reported'")
        return pd.Series(va, index=self._index, name="va")

    def final_demand_by_destination(self) -> np.ndarray:
        """Final demand summed over categories, one column per country of the table (GN x G)."""
        dest = self._fd_cols.get_level_values(0)
        pos = {c: i for i, c in enumerate(self.labels.countries)}
        cols = np.fromiter((pos[c] for c in dest), dtype=np.intp, count=len(dest))
        onehot = np.zeros((len(dest), self.G))
        onehot[np.arange(len(dest)), cols] = 1.0
        return self._y @ onehot

    # ------------------------------------------------------------------ dunder
    def __repr__(self) -> str:
        kind = {"closed": "world", "competitive": "open, competitive imports",
                "noncompetitive": "open, non-competitive imports"}[self.import_mode]
        return (
            f"<ICIO {self.source or 'table'} {self.year or ''}: {self.G} countries x {self.N} sectors "
            f"({kind}), {len(self._fd_cols)} final-demand columns, unit {self.unit or '?'}>"
        )

    def copy(self) -> ICIO:
        return self._rebuild(self._z.copy(), self._y.copy(), self._x.copy())

    def equals(self, other: ICIO) -> bool:
        """Same labels, metadata and numbers (exactly)."""
        if not isinstance(other, ICIO):
            return False
        same = (
            self._index.equals(other._index)
            and self._fd_cols.equals(other._fd_cols)
            and np.array_equal(self._z, other._z)
            and np.array_equal(self._y, other._y)
            and np.array_equal(self._x, other._x)
            and (self._x_reported is None) == (other._x_reported is None)
            and (self._x_reported is None or np.array_equal(self._x_reported, other._x_reported))
            and self.unit == other.unit
            and self.year == other.year
        )
        for a, b in (
            (self._va_rows, other._va_rows),
            (self._exports, other._exports),
            (self._imports_Z, other._imports_Z),
            (self._imports_Y, other._imports_Y),
        ):
            if (a is None) != (b is None) or (a is not None and not a.equals(b)):
                return False
        if (self._imports_comp is None) != (other._imports_comp is None):
            return False
        if self._imports_comp is not None and not np.array_equal(self._imports_comp, other._imports_comp):
            return False
        return bool(same)

    def _rebuild(self, z, y, x, **overrides) -> ICIO:
        kw: dict[str, Any] = dict(
            x=x,
            x_reported=self._x_reported,
            va=self._va_rows,
            exports=self._exports,
            imports_Z=self._imports_Z,
            imports_Y=self._imports_Y,
            imports_competitive=self._imports_comp,
            countries=self.countries,
            sectors=self.sectors,
            country_info=self.country_info,
            sector_info=self.sector_info,
            unit=self.unit,
            year=self.year,
            source=self.source,
            meta=self.meta,
            check=False,
        )
        kw.update(overrides)
        fd = kw.pop("fd_cols", self._fd_cols)
        Yf = pd.DataFrame(y, index=pd.MultiIndex.from_product([kw["countries"], kw["sectors"]], names=ROW_LEVELS), columns=fd)
        return ICIO(z, Yf, **kw)

    # ------------------------------------------------------------------ aggregation
    def aggregate(
        self,
        countries: Mapping[str, str] | pd.DataFrame | None = None,
        sectors: Mapping[str, str] | pd.DataFrame | None = None,
        *,
        country_names: Mapping[str, str] | None = None,
        sector_names: Mapping[str, str] | None = None,
        country_order: Sequence[str] | None = None,
    ) -> ICIO:
        """Aggregate countries and/or sectors into groups.

        ``countries`` / ``sectors`` map each code to its group code (codes left out keep their own
        code), or are a concordance DataFrame with columns ``from`` and ``to``. Flows are summed:
        ``Z* = S Z S'``, ``Y* = S Y C'``, ``x* = S x`` with 0/1 aggregation matrices S (rows) and
        C (final-demand destination columns). Value-added and import rows are summed by column.
        Group order follows first appearance in the table unless ``country_order`` (a
        permutation of the group codes) is given.
        """
        cmap = _mapping(countries, self.countries, "country")
        smap = _mapping(sectors, self.sectors, "sector")
        new_c = list(dict.fromkeys(cmap[c] for c in self.countries))
        if country_order is not None:
            if sorted(country_order) != sorted(new_c):
                raise InputError(f"country_order must list the groups {new_c}")
            new_c = list(country_order)
        new_s = list(dict.fromkeys(smap[s] for s in self.sectors))
        new_index = pd.MultiIndex.from_product([new_c, new_s], names=ROW_LEVELS)
        pos = {lab: i for i, lab in enumerate(new_index)}
        rows = np.fromiter((pos[(cmap[c], smap[s])] for c, s in self._index), dtype=np.intp, count=self.n)
        S = np.zeros((len(new_index), self.n))
        S[rows, np.arange(self.n)] = 1.0
        z = S @ self._z @ S.T
        # final demand columns: aggregate destination countries, keep categories
        fd_new = [(cmap[c], k) for c, k in self._fd_cols]
        corder = {c: i for i, c in enumerate(new_c)}
        fd_unique = sorted(dict.fromkeys(fd_new), key=lambda t: corder[t[0]])
        fd_index = pd.MultiIndex.from_tuples(fd_unique, names=FD_LEVELS)
        fpos = {lab: i for i, lab in enumerate(fd_index)}
        C = np.zeros((len(fd_index), len(self._fd_cols)))
        C[[fpos[t] for t in fd_new], np.arange(len(self._fd_cols))] = 1.0
        y = S @ self._y @ C.T
        x = S @ self._x

        def agg_cols(frame):
            return None if frame is None else pd.DataFrame(frame.to_numpy() @ S.T, index=frame.index, columns=new_index)

        def agg_rows(frame):
            return None if frame is None else pd.DataFrame(S @ frame.to_numpy(), index=new_index, columns=frame.columns)

        imp_y = None if self._imports_Y is None else pd.DataFrame(self._imports_Y.to_numpy() @ C.T, index=self._imports_Y.index, columns=fd_index)
        cinfo = _group_info(self.country_info, cmap, new_c, country_names)
        sinfo = _group_info(self.sector_info, smap, new_s, sector_names)
        meta = dict(self.meta)
        meta.setdefault("aggregation", []).append({"countries": {k: v for k, v in cmap.items() if k != v}, "sectors": {k: v for k, v in smap.items() if k != v}})
        return ICIO(
            pd.DataFrame(z, index=new_index, columns=new_index),
            pd.DataFrame(y, index=new_index, columns=fd_index),
            x=x,
            x_reported=None if self._x_reported is None else S @ self._x_reported,
            va=agg_cols(self._va_rows),
            exports=agg_rows(self._exports),
            imports_Z=agg_cols(self._imports_Z),
            imports_Y=imp_y,
            imports_competitive=None if self._imports_comp is None else S @ self._imports_comp,
            country_info=cinfo,
            sector_info=sinfo,
            unit=self.unit,
            year=self.year,
            source=self.source,
            meta=meta,
            check=False,
        )

    def select(self, countries: Sequence[str], rest: str = "ROW") -> ICIO:
        """Keep ``countries`` and fold every other country into one rest-of-world ``rest``."""
        keep = [str(c) for c in countries]
        unknown = [c for c in keep if c not in self.countries]
        if unknown:
            raise InputError(f"unknown countries {unknown}; the table has {self.countries}")
        if rest in keep:
            raise InputError(f"the rest-of-world code {rest!r} is one of the kept countries")
        mapping = {c: (c if c in keep else rest) for c in self.countries}
        return self.aggregate(countries=mapping, country_names={rest: "Rest of the world"},
                              country_order=[c for c in self.countries if c in keep] + [rest])

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write the table to one Parquet file, losslessly
        (:func:`gvckit.readers.gvckit_parquet.write_parquet`; ``gvckit.read(path)`` reads it
        back)."""
        from gvckit.readers.gvckit_parquet import write_parquet

        write_parquet(self, path)

    # ------------------------------------------------------------------ pymrio bridge
    def to_pymrio(self):
        """Convert to a :class:`pymrio.IOSystem` (needs the ``pymrio`` extra).

        pymrio's levels are ``region``/``sector`` and ``region``/``category``. Reported value-added
        rows (or the residual when none are reported) go to the extension ``factor_inputs``.
        Note pymrio's names: its ``L`` is gvckit's ``B`` (Leontief inverse), its ``B`` is the Ghosh
        coefficient matrix ``x^-1 Z``.
        """
        try:
            import pymrio
        except ImportError as exc:  # pragma: no cover - depends on environment
            raise ImportError("to_pymrio needs pymrio: pip install 'gvckit[pymrio]'") from exc
        ridx = self._index.set_names(["region", "sector"])
        Z = pd.DataFrame(self._z.copy(), index=ridx, columns=ridx)
        Y = pd.DataFrame(self._y.copy(), index=ridx, columns=self._fd_cols.set_names(["region", "category"]))
        x = pd.DataFrame(self._x.copy(), index=ridx, columns=["indout"])
        if self._va_rows is not None:
            F = self._va_rows.copy()
        else:
            F = self.value_added().to_frame().T.rename(index={"va": RESIDUAL_VA_ROW})
        F.columns = ridx
        F.index.name = "stressor"
        io = pymrio.IOSystem(Z=Z, Y=Y, x=x, unit=pd.DataFrame({"unit": [self.unit] * self.n}, index=ridx), name=self.source or "gvckit table")
        io.factor_inputs = pymrio.Extension(name="factor_inputs", F=F, unit=pd.DataFrame({"unit": [self.unit] * len(F)}, index=F.index))
        io.meta.note(f"exported by gvckit; year={self.year}; source={self.source}")
        # what pymrio has no place for travels as an attribute (kept in memory, not by pymrio's
        # own save/load): labels' names, meta, open-economy parts
        io.gvckit = {
            "year": self.year, "source": self.source, "unit": self.unit, "meta": dict(self.meta),
            "country_info": self.country_info.copy(), "sector_info": self.sector_info.copy(),
            "exports": self._exports, "imports_Z": self._imports_Z, "imports_Y": self._imports_Y,
            "imports_competitive": self._imports_comp, "x_reported": self._x_reported,
        }
        return io

    @classmethod
    def from_pymrio(cls, io, *, year: int | None = None, source: str | None = None, check: bool = True) -> ICIO:
        """Build a table from a :class:`pymrio.IOSystem` with ``Z`` and ``Y`` set.

        The extension ``factor_inputs`` (if present) becomes the reported value-added rows,
        except the single residual row that :meth:`to_pymrio` writes for a table without
        reported rows. A system made by :meth:`to_pymrio` in the same session also brings back
        the metadata pymrio has no place for (names, ``meta``, open-economy parts), so the round
        trip is lossless.
        """
        extra = getattr(io, "gvckit", None) or {}
        if getattr(io, "Z", None) is None or getattr(io, "Y", None) is None:
            raise InputError("the pymrio system has no Z or Y: call io.calc_system() or load a full system")
        Z = io.Z.copy()
        Z.index = Z.index.set_names(ROW_LEVELS)
        Z.columns = Z.columns.set_names(ROW_LEVELS)
        Y = io.Y.copy()
        Y.index = Y.index.set_names(ROW_LEVELS)
        Y.columns = Y.columns.set_names(FD_LEVELS)
        x = None if getattr(io, "x", None) is None else io.x.iloc[:, 0].to_numpy()
        va = None
        fi = getattr(io, "factor_inputs", None)
        if fi is not None and getattr(fi, "F", None) is not None:
            va = fi.F.copy()
            va.columns = va.columns.set_names(ROW_LEVELS)
            if list(va.index) == [RESIDUAL_VA_ROW]:
                va = None
        unit = extra.get("unit", "")
        if not unit and getattr(io, "unit", None) is not None and len(io.unit):
            unit = str(io.unit.iloc[0, 0])
        return cls(
            Z, Y, x=x, va=va, unit=unit,
            year=year if year is not None else extra.get("year"),
            source=source if source is not None else extra.get("source", "pymrio"),
            meta=extra.get("meta"), country_info=extra.get("country_info"),
            sector_info=extra.get("sector_info"), exports=extra.get("exports"),
            imports_Z=extra.get("imports_Z"), imports_Y=extra.get("imports_Y"),
            imports_competitive=extra.get("imports_competitive"),
            x_reported=extra.get("x_reported"), check=check,
        )


def _row_identity(z: np.ndarray, y: np.ndarray, exports: pd.DataFrame | None,
                  imports_comp: np.ndarray | None) -> np.ndarray:
    """``Z 1 + Y 1 + exports 1 - imports_competitive`` (the row identity's right-hand side)."""
    xv = z.sum(axis=1) + y.sum(axis=1)
    if exports is not None:
        xv = xv + exports.to_numpy().sum(axis=1)
    if imports_comp is not None:
        xv = xv - imports_comp
    return xv


def _mapping(spec, codes: list[str], what: str) -> dict[str, str]:
    if spec is None:
        return {c: c for c in codes}
    if isinstance(spec, pd.DataFrame):
        if not {"from", "to"} <= set(spec.columns):
            raise InputError(f"a {what} concordance table needs columns 'from' and 'to'")
        dup = spec["from"][spec["from"].duplicated()].tolist()
        if dup:
            raise InputError(f"the {what} concordance maps {dup[:5]} to more than one group")
        spec = dict(zip(spec["from"].astype(str), spec["to"].astype(str), strict=True))
    unknown = [k for k in spec if k not in codes]
    if unknown:
        raise InputError(f"the {what} mapping names codes that are not in the table: {unknown[:10]}")
    return {c: str(spec.get(c, c)) for c in codes}


def _group_info(info: pd.DataFrame, mapping: dict[str, str], groups: list[str], names) -> pd.DataFrame:
    out = pd.DataFrame(index=pd.Index(groups, name="code"))
    out["name"] = groups
    out["name_zh"] = ""
    for g in groups:
        members = [c for c, grp in mapping.items() if grp == g]
        if members == [g]:
            out.loc[g, "name"] = info.loc[g, "name"]
            out.loc[g, "name_zh"] = info.loc[g, "name_zh"]
        elif names and g in names:
            out.loc[g, "name"] = names[g]
        else:
            out.loc[g, "name"] = " + ".join(str(info.loc[m, "name"]) for m in members) if len(members) <= 4 else f"{g} ({len(members)} members)"
    return out
