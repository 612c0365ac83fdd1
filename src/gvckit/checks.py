"""Input checks on an :class:`~gvckit.table.ICIO` table: named findings, errors and warnings.

:func:`check` runs on every table gvckit builds or reads. Each :class:`Finding` has a stable
``code`` (for example ``"negative_intermediate"``), a severity, a message a user can act on, the
labels at fault and the size of the problem. Errors stop the work (raise :class:`InputError` or
:class:`SingularError`); warnings and notes are reported and kept.

Checks (code: severity)

* ``nan_or_inf``: error. NaN or infinite values in Z, Y, x, value added, exports or imports.
* ``negative_intermediate``: error. ``Z_ij < 0``.
* ``negative_output``: error. ``x_i < 0`` in a sector that buys or sells intermediates.
* ``nonpositive_output``: warning. Sectors with ``x_i <= 0`` and no intermediate flows but
  non-zero final demand or exports (WIOD 2013, 2011: LUX sectors 19 and 23, inventory changes
  of -1 USD million and nothing else; 2005: exports of -2 and -3). They are treated as
  inactive, as decompr and pymrio treat them: their column of A is zero (``1/x`` taken as 0);
  with residual value added their value-added coefficient is ``1 - 1'A = 1`` (the limit of
  ``va/x``), so every decomposition still adds up to gross exports at those cells.
* ``output_rebalanced``: note. The table's ``x`` was set to its row sums
  (:meth:`~gvckit.table.ICIO.balance`; the bundled datasets by default) and the reported
  output ``x_reported`` differs: how many cells, the largest absolute and relative differences.
* ``negative_final_demand``: warning. ``Y_ir < 0`` in a final-demand category other than
  changes in inventories.
* ``negative_inventory_change``: note. ``Y_ir < 0`` in a changes-in-inventories column
  (``INVEN``, ``INVNT``, "changes in inventories", ...): a stock drawn down, normal in every
  publisher's tables (WIOD 2013, 2011: 352 cells), so it is kept, not printed as a warning.
* ``row_imbalance``: error. ``|x - Z1 - Y1 - exports1 + imports| > rtol |x| + atol``,
  worst offenders listed; ``atol`` defaults to ``rtol`` times the mean output, so rounding noise
  in small sectors of a table published in whole numbers passes.
* ``column_imbalance``: error. Only when value-added rows are reported:
  ``|x' - 1'Z - 1'imports_Z - 1'va_rows|`` beyond the same tolerance.
* ``negative_value_added``: warning. Residual value added below zero (inputs exceed output).
* ``zero_output``: note. Sectors with ``x = 0``; their columns of A are set to zero on purpose and
  they are listed (peers set 1/0 to 0 silently); their residual value-added coefficient is
  ``1 - 1'A = 1``.
* ``zero_output_with_flows``: error. A sector with ``x = 0`` that still sells or buys.
* ``not_productive``: error. (I - A) is singular or the spectral radius of A is >= 1
  (the Hawkins–Simon condition fails), so the Leontief inverse does not exist or is not
  non-negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvckit.errors import InputError, SingularError

__all__ = ["Finding", "CheckReport", "check", "spectral_radius"]

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    """One result of the input checks."""

    code: str
    severity: str
    message: str
    labels: tuple = field(default_factory=tuple)
    size: float = 0.0
    #: the message's fields (catalogue ``chk_<code>``); a field that holds words is a dict
    #: language -> text. Empty for a finding made by hand, whose ``message`` is all there is.
    params: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __str__(self) -> str:
        return f"[{self.severity}] {self.code}: {self.message}"

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (``message`` is the English one).

        >>> f = _found("zero_output", "note", ("A/s",), 1.0, n=1, codes="A/s", more="")
        >>> f.text("zh").startswith("1 个部门的总产出为零")
        True
        """
        if not self.params:
            return self.message
        from gvckit.messages import tr

        return tr(f"chk_{self.code}", lang, **_in(self.params, lang))


def _in(params: dict, lang: str) -> dict:
    return {k: (v[lang] if isinstance(v, dict) else v) for k, v in params.items()}


def _found(code: str, severity: str, labels: tuple, size: float, **params) -> Finding:
    """A finding whose message comes from the catalogue (``chk_<code>``), English in ``message``
    and any language through :meth:`Finding.text`."""
    from gvckit.messages import tr

    return Finding(code, severity, tr(f"chk_{code}", "en", **_in(params, "en")), tuple(labels),
                   float(size), params)


@dataclass
class CheckReport:
    """All findings on one table."""

    findings: list[Finding]
    table_name: str = ""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def get(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"code": f.code, "severity": f.severity, "message": f.message,
                 "labels": "; ".join(map(_fmt, f.labels)), "size": f.size}
                for f in self.findings
            ],
            columns=["code", "severity", "message", "labels", "size"],
        )

    def raise_for_errors(self) -> None:
        """Raise :class:`InputError` (or :class:`SingularError`) naming every error found."""
        errs = self.errors
        if not errs:
            return
        where = f" in {self.table_name}" if self.table_name else ""
        msg = f"{len(errs)} input error(s){where}:\n" + "\n".join(f"  - {e.code}: {e.message}" for e in errs)
        if all(e.code == "not_productive" for e in errs):
            raise SingularError(msg)
        raise InputError(msg, errs)

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """One line per finding, ``[severity] code: message`` with the message in ``lang``."""
        if not self.findings:
            from gvckit.messages import tr

            return tr("chk_none", lang)
        return "\n".join(f"[{f.severity}] {f.code}: {f.text(lang)}" for f in self.findings)


def _fmt(label) -> str:
    if isinstance(label, tuple):
        return "/".join(str(p) for p in label)
    return str(label)


def _worst(labels: pd.Index, values: np.ndarray, k: int = 5) -> list[tuple]:
    order = np.argsort(-np.abs(values))[:k]
    return [(labels[i], float(values[i])) for i in order]


def _describe(items: list[tuple], unit: str = "") -> str:
    return ", ".join(f"{_fmt(lab)} ({val:.6g}{' ' + unit if unit else ''})" for lab, val in items)


def spectral_radius(A: np.ndarray) -> float:
    """Spectral radius of a square matrix.

    For a non-negative ``A`` it is bounded by the largest column sum, which is checked first;
    only when that bound is >= 1 is the dominant eigenvalue computed (ARPACK for large
    matrices, LAPACK for small ones).
    """
    n = A.shape[0]
    if n == 0:
        return 0.0
    bound = float(np.abs(A).sum(axis=0).max())
    if bound < 1.0:
        return bound if bound == 0.0 else _exact_radius(A) if n <= 400 else bound
    return _exact_radius(A)


#: A final-demand category holding changes in inventories (WIOD ``INVEN``, OECD ``INVNT``,
#: ADB/Eora "changes in inventories", "inventories", "stocks", the NBS tables' ``FU202``
#: 存货增加, see readers/nbs.py).
_INVENTORY = re.compile(r"inven|invnt|inventor|stock|^fu202$", re.IGNORECASE)


def productive_by_bound(Z: np.ndarray, x: np.ndarray, steps: int = 50) -> bool:
    """True when ``rho(A) < 1`` for ``A = Z diag(x)^-1`` (zero columns where ``x = 0``) is
    certified by a Collatz-Wielandt bound, without an eigensolver and without forming ``A``.

    For ``M = |A|`` (``rho(A) <= rho(M)``) and any positive vector ``w``,
    ``rho(M) <= max_i (M w)_i / w_i`` (Collatz-Wielandt; Horn and Johnson, *Matrix Analysis*,
    2nd ed., Cor. 8.1.29), with ``M w = |Z| (w / |x|)``. Starting from ``w = x`` the first bound
    is each sector's intermediate sales over its output, below one wherever final demand is
    positive; then ``w <- M w`` (power iteration) tightens it towards ``rho``. At most ``steps``
    matrix-vector products; False means only "not certified". (For a matrix ``A`` itself, pass
    ``Z = A`` and ``x = 1``.)
    """
    x = np.abs(np.asarray(x, dtype=float))
    scale = np.divide(1.0, x, out=np.zeros_like(x), where=x != 0)
    M = np.abs(Z) if (Z < 0).any() else Z
    n = M.shape[0]
    w = np.where(np.isfinite(x), x, 0.0)
    top = float(w.max(initial=0.0))
    w = (w / top if top > 0 else np.ones(n)) + 1e-12
    for _ in range(steps):
        u = M @ (w * scale)
        if float(np.max(u / w)) < 1.0 - 1e-9:
            return True
        top = float(u.max(initial=0.0))
        if not np.isfinite(top):
            return False
        if top <= 0.0:
            return True  # M w = 0 for a positive w: M = 0
        w = u / top + 1e-12  # rescaled, kept positive
    return False


def _exact_radius(A: np.ndarray) -> float:
    n = A.shape[0]
    if n <= 400:
        return float(np.max(np.abs(np.linalg.eigvals(A))))
    from scipy.sparse.linalg import ArpackNoConvergence, eigs

    try:
        vals = eigs(A, k=1, which="LM", return_eigenvectors=False, maxiter=5000, tol=1e-8)
        return float(np.abs(vals).max())
    except ArpackNoConvergence:  # pragma: no cover - rare
        return float(np.max(np.abs(np.linalg.eigvals(A))))


def check(table, *, rtol: float | None = None, atol: float | None = None) -> CheckReport:
    """Run the input checks on a table and return a :class:`CheckReport`.

    Parameters
    ----------
    table : ICIO
    rtol, atol : float
        Balance tolerance: a row (column) is out of balance when
        ``|difference| > rtol * |x_i| + atol``. Defaults: ``table.meta["balance_rtol"]`` /
        ``table.meta["balance_atol"]`` when the table's source justifies a tolerance (the bundled
        WIOD 2013 tables were rounded to whole USD million, so their rows balance only to about
        +-110), else ``rtol = 1e-3`` and ``atol = rtol * mean(|x|)``.

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"],
    ...                 sectors=["s1", "s2"])
    >>> gvckit.check(t).ok
    True
    """
    Z, Y, x = table.arrays()
    idx = table.index
    name = f"{table.source} {table.year}".strip() if (table.source or table.year) else ""
    f: list[Finding] = []

    # -- NaN / inf --------------------------------------------------------------------------
    parts: list[tuple[str, np.ndarray, pd.Index | None]] = [("Z", Z, idx), ("Y", Y, idx), ("x", x, idx)]
    for nm, frame in (("value-added rows", table.va_rows), ("exports", table.exports),
                      ("imports_Z", table.imports_Z), ("imports_Y", table.imports_Y)):
        if frame is not None:
            arr = frame.to_numpy()
            parts.append((nm, arr.T if nm in ("value-added rows", "imports_Z", "imports_Y") else arr,
                          frame.columns if nm in ("value-added rows", "imports_Z", "imports_Y") else idx))
    if table.imports_competitive is not None:
        parts.append(("imports", table.imports_competitive.to_numpy(), idx))
    bad_any = False
    for nm, arr, labels in parts:
        bad = ~np.isfinite(arr)
        if bad.any():
            bad_any = True
            rows = np.nonzero(bad.any(axis=1) if arr.ndim == 2 else bad)[0]
            labs = tuple(labels[i] for i in rows[:10]) if labels is not None else ()
            f.append(_found("nan_or_inf", "error", labs, float(bad.sum()), n=int(bad.sum()), where=nm,
                            rows=", ".join(map(_fmt, labs)), more=" ..." if len(rows) > 10 else ""))
    if bad_any:
        return CheckReport(f, name)  # nothing else is meaningful

    # -- signs -------------------------------------------------------------------------------
    neg = Z < 0
    if neg.any():
        r, c = np.nonzero(neg)
        order = np.argsort(Z[r, c])[:5]
        cells = [((idx[r[i]], idx[c[i]]), float(Z[r[i], c[i]])) for i in order]
        f.append(_found("negative_intermediate", "error", tuple(c for c, _ in cells), float(-Z[neg].sum()),
                        n=len(r), cells=", ".join(f"{_fmt(a)} -> {_fmt(b)} ({v:.6g})" for (a, b), v in cells)))
    flows = (Z != 0).any(axis=1) | (Z != 0).any(axis=0)
    # a negative output within the source's stated rounding (meta["balance_atol"]; WIOD 2013
    # rebalanced: LUX/23 in 1999 is -2) is rounding noise, reported below, not an error
    neg_tol = float(table.meta.get("balance_atol", 0.0))
    negx = (x < -neg_tol) & flows
    if ((x < 0) & flows & ~negx).any():
        small = (x < 0) & flows & ~negx
        items = _worst(idx[small], x[small])
        f.append(_found("negative_output_within_rounding", "warning", tuple(i for i, _ in items),
                        float(-x[small].sum()), n=int(small.sum()), atol=f"{neg_tol:g}",
                        items=_describe(items, table.unit)))
    if negx.any():
        items = _worst(idx[negx], x[negx])
        f.append(_found("negative_output", "error", tuple(i for i, _ in items), float(-x[negx].sum()),
                        n=int(negx.sum()), items=_describe(items, table.unit)))
    final_use = (Y != 0).any(axis=1)
    if table.exports is not None:
        final_use |= (table.exports.to_numpy() != 0).any(axis=1)
    inactive = (x <= 0) & ~flows & final_use
    if inactive.any():
        rows = np.nonzero(inactive)[0]
        what: dict[str, list[str]] = {"en": [], "zh": []}
        for i in rows[:10]:
            nz = np.nonzero(Y[i])[0]
            cells = ", ".join(f"{_fmt(table.fd_columns[j])} {Y[i, j]:.6g}" for j in nz[:4])
            what["en"].append(f"{_fmt(idx[i])} (x = {x[i]:.6g}; final use: {cells or 'exports only'})")
            what["zh"].append(f"{_fmt(idx[i])}（x = {x[i]:.6g}；最终使用：{cells or '仅出口'}）")
        f.append(_found("nonpositive_output", "warning", tuple(idx[i] for i in rows), float(np.abs(Y[rows]).sum()),
                        n=len(rows), what={"en": "; ".join(what["en"]), "zh": "；".join(what["zh"])},
                        more=" ..." if len(rows) > 10 else ""))
    if (Y < 0).any():
        cols = table.fd_columns
        cats = cols.get_level_values(-1) if isinstance(cols, pd.MultiIndex) else cols
        inven = np.array([bool(_INVENTORY.search(str(c))) for c in cats], dtype=bool)
        for code, severity, mask in (("negative_final_demand", "warning", ~inven),
                                     ("negative_inventory_change", "note", inven)):
            neg = (Y < 0) & mask[None, :]
            if not neg.any():
                continue
            r, c = np.nonzero(neg)
            order = np.argsort(Y[r, c])[:5]
            cells = [(idx[r[i]], cols[c[i]], float(Y[r[i], c[i]])) for i in order]
            f.append(_found(code, severity, tuple((a, b) for a, b, _ in cells), float(-Y[neg].sum()),
                            n=len(r), cells=", ".join(f"{_fmt(a)} -> {_fmt(b)} ({v:.6g})" for a, b, v in cells)))

    # -- balance ---------------------------------------------------------------------------
    if rtol is None:
        rtol = float(table.meta.get("balance_rtol", 1e-3))
    if atol is None and "balance_atol" in table.meta:
        atol = float(table.meta["balance_atol"])
    scale = float(np.mean(np.abs(x))) if x.size else 0.0
    tol_abs = rtol * scale if atol is None else atol
    d = x - table.row_sums()
    out = np.abs(d) > rtol * np.abs(x) + tol_abs
    if out.any():
        items = _worst(idx[out], d[out])
        f.append(_found("row_imbalance", "error", tuple(i for i, _ in items), float(np.abs(d[out]).max()),
                        n=int(out.sum()), rtol=f"{rtol:g}", atol=f"{tol_abs:.3g}",
                        items=_describe(items, table.unit)))
    elif np.abs(d).max(initial=0.0) > 0:
        f.append(_found("row_balance_within_tolerance", "note", (), float(np.abs(d).max()),
                        d=f"{np.abs(d).max():.6g}"))
    if table.va_rows is not None:
        colsum = Z.sum(axis=0) + table.va_rows.to_numpy().sum(axis=0)
        if table.imports_Z is not None:
            colsum = colsum + table.imports_Z.to_numpy().sum(axis=0)
        dc = x - colsum
        outc = np.abs(dc) > rtol * np.abs(x) + tol_abs
        if outc.any():
            items = _worst(idx[outc], dc[outc])
            f.append(_found("column_imbalance", "error", tuple(i for i, _ in items), float(np.abs(dc[outc]).max()),
                            n=int(outc.sum()), items=_describe(items, table.unit)))

    xr = table.x_reported
    if xr is not None:
        dr = x - xr.to_numpy()
        if np.abs(dr).max(initial=0.0) > 0:
            rel = np.abs(dr) / np.maximum(np.abs(xr.to_numpy()), np.finfo(float).tiny)
            items = _worst(idx, dr)
            f.append(_found("output_rebalanced", "note", tuple(i for i, _ in items), float(np.abs(dr).max()),
                            k=int((dr != 0).sum()), n=dr.size,
                            most=f"{np.abs(dr).max():.6g}{' ' + table.unit if table.unit else ''}",
                            rel=f"{rel[xr.to_numpy() != 0].max(initial=0.0):.3g}",
                            items=_describe(items, table.unit)))

    va = table.value_added("residual").to_numpy()
    vneg = (va < -(rtol * np.abs(x) + tol_abs))
    if vneg.any():
        items = _worst(idx[vneg], va[vneg])
        f.append(_found("negative_value_added", "warning", tuple(i for i, _ in items), float(-va[vneg].sum()),
                        n=int(vneg.sum()), items=_describe(items, table.unit)))

    # -- zero output -------------------------------------------------------------------------
    zero = x == 0
    if zero.any():
        zl = tuple(idx[zero])
        f.append(_found("zero_output", "note", zl, float(len(zl)), n=len(zl),
                        codes=", ".join(map(_fmt, zl[:20])), more=" ..." if len(zl) > 20 else ""))
        zflows = (np.abs(Z[zero]).sum(axis=1) + np.abs(Z[:, zero]).sum(axis=0)) > tol_abs
        if zflows.any():
            bad = tuple(np.array(zl, dtype=object)[zflows])
            f.append(_found("zero_output_with_flows", "error", bad, float(len(bad)), n=len(bad),
                            codes=", ".join(map(_fmt, bad[:10]))))

    # -- productivity (Hawkins-Simon) ---------------------------------------------------------
    if not any(e.severity == "error" for e in f):
        with np.errstate(divide="ignore", invalid="ignore"):
            colsum_a = np.where(x > 0, Z.sum(axis=0) / np.where(x > 0, x, 1.0), 0.0)
        if colsum_a.max(initial=0.0) >= 1.0:
            from gvckit.leontief import technical_coefficients

            rho = 0.0 if productive_by_bound(Z, x) else spectral_radius(technical_coefficients(Z, x))
            if rho >= 1.0 - 1e-12:
                over = _worst(idx[colsum_a >= 1.0], colsum_a[colsum_a >= 1.0])
                f.append(_found("not_productive", "error", tuple(i for i, _ in over), rho, rho=f"{rho:.6g}",
                                items=_describe(over)))
    return CheckReport(f, name)
