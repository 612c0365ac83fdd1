"""The Leontief (and Ghosh) model of an ICIO table, factorised once.

Notation (Koopman, Wang & Wei 2014; Borin & Mancini 2019; Miller & Blair 2009 ch. 2 and 12):

* ``A = Z x^-1`` technical coefficients (columns of zero-output sectors set to zero);
* ``B = (I - A)^-1`` the global Leontief inverse (pymrio calls it ``L``);
* ``L = (I - A^D)^-1`` block-diagonal local inverses, ``L_ss = (I - A_ss)^-1``;
* ``A^G = x^-1 Z`` and ``G = (I - A^G)^-1 = x^-1 B x`` the Ghosh inverse;
* ``v = va / x`` value-added coefficients, ``V = diag(v)``; with residual value added
  ``va' = x' - 1'Z`` every column of ``V B`` sums to one. An inactive sector (``x <= 0``, no
  intermediate inputs; WIOD 2013 has a few with a non-zero final-demand cell) has a zero column
  of A and, with residual value added, ``v = 1 - 1'A = 1`` (the limit of ``va/x``; decompr's
  ``0/0 -> 0`` would leave its exports out of every value-added term);
* ``E_sr = A_sr x_r + Y_sr`` exports of country s to r (zero for r = s).

One LU factorisation of ``(I - A)`` serves every product with ``B``: ``B b`` is a solve and
``c' B`` a transposed solve; the dense ``B`` is formed only when asked for and can be released.
The diagonal blocks ``B_ss`` come from the same factors by triangular inversion
(:attr:`Model.B_diag_blocks`), about the cost of the LU itself, without the ``GN x GN``
inverse; Borin-Mancini's exporter measures need only row vectors times ``F_s^-1`` and get them
by a series of solves (:mod:`gvckit.measures.decompose.feedback`), with these blocks as the
fallback. Products with ``A`` (:meth:`Model.A_dot`, :meth:`Model.dot_A`,
:meth:`Model.A_rows`) use ``Z`` and ``1/x`` unless ``A`` was already formed, so that a big table
holds only ``Z`` and the LU factors (two ``GN x GN`` arrays) while measures run.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import scipy.linalg as sla
from scipy.linalg import lapack

from gvckit.errors import InputError, SingularError
from gvckit.table import ICIO

__all__ = ["Model", "technical_coefficients"]

if sys.version_info >= (3, 12):
    from functools import cached_property
else:

    class cached_property:  # noqa: N801 - functools.cached_property as Python 3.12 has it
        """``functools.cached_property`` without Python 3.11's lock.

        Python 3.11's version holds one lock per property for *every* instance of the class
        while the value is computed, so two threads factorising two models (two years, in
        :func:`gvckit.threadpool.map_threads`) waited for each other; Python 3.12 removed
        the lock. A value computed by two threads at once for the *same* model is computed
        twice, and either result is kept (they are equal).
        """

        def __init__(self, func):
            self.func = func
            self.attrname = None
            self.__doc__ = func.__doc__
            self.__module__ = func.__module__

        def __set_name__(self, owner, name):
            self.attrname = name

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            cache = instance.__dict__
            if self.attrname in cache:
                return cache[self.attrname]
            val = self.func(instance)
            cache[self.attrname] = val
            return val


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A = Z diag(x)^-1`` with the columns of zero-output sectors set to zero (deliberately)."""
    inv = np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)
    return Z * inv[None, :]


def _lu_in_place(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``P M = L U`` by LAPACK ``getrf`` in ``M``'s own memory (Fortran order), as scipy's
    ``lu_factor`` returns it (``(lu, piv)``, 0-based pivots).

    ``getrf`` is called directly rather than through ``lu_factor``: a zero pivot is its ``info``,
    not a warning that a process-wide warning filter would have to turn into an error (models
    are factorised in threads, :mod:`gvckit.threadpool`).
    """
    (getrf,) = lapack.get_lapack_funcs(("getrf",), (M,))
    lu, piv, info = getrf(M, overwrite_a=True)
    if info < 0:  # pragma: no cover - an argument LAPACK refused: a bug, not the data
        raise SingularError(f"LAPACK getrf refused argument {-info} while factorising (I - A)")
    if info > 0:
        raise SingularError(f"(I - A) is singular: pivot {info} of its LU factorisation is exactly zero")
    return lu, piv


class Model:
    """Leontief model of a table: A, one LU of (I - A), B on demand, local inverses, Ghosh.

    Parameters
    ----------
    table : ICIO
    va : {"residual", "reported"}
        Value added used for ``v``. ``"residual"`` (default) is ``x' - 1'Z`` (minus imported
        inputs in non-competitive tables), as in decompr, exvatools and Stata's icio: it makes
        ``1'VB = 1'`` and gross exports add up in every decomposition. ``"reported"`` uses the
        table's value-added rows (taxes and discrepancies then break that identity).

    Examples
    --------
    >>> import gvckit
    >>> t = gvckit.ICIO([[150, 500], [200, 100]], [[350], [1700]], countries=["A"],
    ...                 sectors=["s1", "s2"])
    >>> m = gvckit.Model(t)
    >>> m.B.round(6).tolist()
    [[1.254125, 0.330033], [0.264026, 1.122112]]

    References
    ----------
    Miller, R. E. and Blair, P. D. (2009), *Input-Output Analysis*, 2nd ed., ch. 2 and 12.
    """

    def __init__(self, table: ICIO, va: str = "residual") -> None:
        if not isinstance(table, ICIO):
            raise InputError(f"Model needs a gvckit.ICIO table, got {type(table).__name__}")
        self.table = table
        self.va_kind = va
        Z, _, x = table.arrays()
        self.x = x
        self.va = table.value_added(va).to_numpy()
        self.v = np.divide(self.va, x, out=np.zeros_like(x), where=x != 0)
        if va == "residual":
            # inactive sectors: v = 1 - 1'A (A's column is zero), so 1'VB = 1' holds there too
            idle = x == 0
            if idle.any():
                Z = table.arrays()[0]
                cols = np.nonzero(idle)[0]
                used = (Z[:, cols] != 0).any(axis=0)
                if table.imports_Z is not None:
                    used |= (table.imports_Z.to_numpy()[:, cols] != 0).any(axis=0)
                self.v[cols[~used]] = 1.0
        self.zero_output = list(table.index[x <= 0])
        self.G, self.N, self.n = table.G, table.N, table.n
        # country index of every row
        self.country_of = np.repeat(np.arange(self.G), self.N)
        self._B: np.ndarray | None = None

    @classmethod
    def of(cls, obj: ICIO | Model, va: str = "residual") -> Model:
        """Return ``obj`` if it is already a Model (with the same ``va``), else ``Model(obj, va)``.

        Measures accept a table or a model; passing a model reuses its factorisation.
        """
        if isinstance(obj, Model):
            if obj.va_kind != va:
                raise InputError(f"the model uses va={obj.va_kind!r}, but va={va!r} was asked for")
            return obj
        return cls(obj, va=va)

    # ------------------------------------------------------------------ coefficients
    @cached_property
    def A(self) -> np.ndarray:
        """Technical coefficients ``A = Z x^-1`` (GN x GN)."""
        Z, _, x = self.table.arrays()
        return technical_coefficients(Z, x)

    def block(self, s: int) -> slice:
        """Row/column slice of country ``s`` (by position)."""
        return slice(s * self.N, (s + 1) * self.N)

    def country_pos(self, code: str) -> int:
        try:
            return self.table.countries.index(code)
        except ValueError:
            raise InputError(f"unknown country {code!r}; the table has {self.table.countries}") from None

    @cached_property
    def inv_x(self) -> np.ndarray:
        """``1/x`` with 0 where ``x = 0`` (the convention of :func:`technical_coefficients`)."""
        x = self.x
        return np.divide(1.0, x, out=np.zeros_like(x, dtype=float), where=x != 0)

    def A_dot(self, X: np.ndarray) -> np.ndarray:
        """``A X`` for a GN-vector or a GN x k matrix, from ``Z`` and ``1/x`` unless A exists."""
        if "A" in self.__dict__:
            return self.A @ X
        X = np.asarray(X, dtype=float)
        w = X * self.inv_x if X.ndim == 1 else X * self.inv_x[:, None]
        return self.table.arrays()[0] @ w

    def dot_A(self, R: np.ndarray) -> np.ndarray:
        """``R A`` for a row vector or a k x GN matrix."""
        if "A" in self.__dict__:
            return R @ self.A
        return (np.asarray(R, dtype=float) @ self.table.arrays()[0]) * self.inv_x

    def A_rows(self, rows) -> np.ndarray:
        """Rows of ``A`` (a new array), e.g. an exporter's rows ``A_S.``."""
        if "A" in self.__dict__:
            return self.A[rows]
        return self.table.arrays()[0][rows] * self.inv_x[None, :]

    @cached_property
    def A_own_blocks(self) -> np.ndarray:
        """The domestic blocks ``A_ss`` stacked, shape (G, N, N)."""
        Z = self.table.arrays()[0]
        out = np.empty((self.G, self.N, self.N))
        for s in range(self.G):
            b = self.block(s)
            out[s] = Z[b, b] * self.inv_x[None, b]
        return out

    # ------------------------------------------------------------------ factorisation
    @cached_property
    def lu(self) -> tuple[np.ndarray, np.ndarray]:
        """LU factorisation of ``(I - A)`` (LAPACK ``getrf``, as scipy's ``lu_factor``), computed once.

        ``I - A`` is built in Fortran order and factorised in place (no copy); when ``A`` has
        not been formed it is built from ``Z`` and ``1/x`` directly.
        """
        M = np.empty((self.n, self.n), order="F")
        if "A" in self.__dict__:
            np.negative(self.A, out=M)
        else:
            np.multiply(self.table.arrays()[0], -self.inv_x[None, :], out=M)
        M[np.diag_indices_from(M)] += 1.0
        lu = _lu_in_place(M)
        piv = np.abs(np.diag(lu[0]))
        if piv.min(initial=1.0) < 1e-14 * max(piv.max(initial=1.0), 1.0):
            raise SingularError("(I - A) is singular: a zero pivot appeared in its LU factorisation")
        return lu

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """``B rhs = (I - A)^-1 rhs`` through the LU factors (no inverse formed)."""
        if self._B is not None:
            return self._B @ rhs
        return sla.lu_solve(self.lu, rhs, check_finite=False)

    def solve_left(self, lhs: np.ndarray) -> np.ndarray:
        """``lhs B`` for a row vector or a (k x GN) matrix, by a transposed solve."""
        if self._B is not None:
            return lhs @ self._B
        lhs = np.asarray(lhs, dtype=float)
        out = sla.lu_solve(self.lu, lhs.T, trans=1, check_finite=False)
        return out.T

    @property
    def B(self) -> np.ndarray:
        """The global Leontief inverse ``B = (I - A)^-1`` (formed on first use, then kept).

        When the LU factors already exist, ``B`` is ``lu_solve`` on the identity; otherwise
        LAPACK's ``getrf`` + ``getri`` (about 2 n^3 flops instead of 2/3 n^3 + 2 n^3), and later
        solves use ``B`` directly. Call :meth:`release` to free it: its GN x GN float64 array is
        the largest object of the model (100 MB at 3,600 country-sectors).
        """
        if self._B is None:
            if "lu" in self.__dict__:
                self._B = sla.lu_solve(self.lu, np.eye(self.n), check_finite=False)
            else:
                M = np.negative(self.A)
                M[np.diag_indices_from(M)] += 1.0
                try:
                    B = np.linalg.inv(M)
                except np.linalg.LinAlgError as exc:
                    raise SingularError(f"(I - A) is singular: {exc}") from exc
                del M
                if not np.isfinite(B).all():
                    raise SingularError("(I - A) is singular or ill-conditioned: its inverse is not finite")
                self._B = B
        return self._B

    @cached_property
    def B_diag_blocks(self) -> np.ndarray:
        """The diagonal blocks ``B_ss`` of the Leontief inverse, shape (G, N, N).

        From ``B`` when it is formed; otherwise from the LU factors ``P (I - A) = L U`` (LAPACK
        ``getrf``, row interchanges ``P``): ``B = U^-1 L^-1 P``, with the triangular inverses
        computed in place in one copy of the factors (``trtri``, ``n^3/3`` flops each, against
        ``2 n^3`` for solving for all of ``B``), and
        ``B_ss = (U^-1)_{s.} (L^-1)_{.pi(s)}``, where ``pi`` sends column ``j`` of ``B`` to
        column ``pi(j)`` of ``L^-1`` (``P e_j = e_pi(j)``; ``pi`` is the identity when no row
        was interchanged, as for ``I - A`` with every column sum of A below one). The products
        cost ``2 N^2 n`` flops a block. Memory: one ``GN x GN`` array, released on return.
        """
        G, N, n = self.G, self.N, self.n
        out = np.empty((G, N, N))
        if self._B is not None:
            for s in range(G):
                b = self.block(s)
                out[s] = self._B[b, b]
            return out
        lu, piv = self.lu
        perm = np.arange(n)  # (P v)[i] = v[perm[i]]: LAPACK's interchanges applied in order
        for i, p in enumerate(piv):  # n swaps of a vector, not a loop over matrix elements
            if p != i:
                perm[i], perm[p] = perm[p], perm[i]
        pi = np.empty(n, dtype=np.intp)
        pi[perm] = np.arange(n)
        T = np.array(lu, order="F", copy=True)
        T, info = lapack.dtrtri(T, lower=0, unitdiag=0, overwrite_c=1)
        if info != 0:  # pragma: no cover - a zero pivot was already refused by lu
            raise SingularError(f"(I - A) is singular: trtri info={info}")
        T, info = lapack.dtrtri(T, lower=1, unitdiag=1, overwrite_c=1)
        rows = np.arange(n)[:, None]
        for s in range(G):
            a = s * N
            cols = pi[a:a + N]  # columns of L^-1 (unit lower) that B's block columns come from
            # rows a..a+N of U^-1 are zero left of column a, those columns of L^-1 above row
            # min(cols): the product runs over k >= lo only (k >= a without interchanges)
            lo = max(a, int(cols.min()))
            Ui = np.triu(T[a:a + N, lo:], k=a - lo)  # upper, diagonal included
            Li = np.where(rows[lo:] > cols[None, :], T[lo:, cols], 0.0)
            inside = cols >= lo
            Li[cols[inside] - lo, np.flatnonzero(inside)] = 1.0
            out[s] = Ui @ Li
        del T
        return out

    def B_columns(self, cols: np.ndarray) -> np.ndarray:
        """Columns ``B[:, cols]`` (GN x ``len(cols)``): a slice of ``B`` if formed, else a
        multi-RHS solve."""
        if self._B is not None:
            return self._B[:, cols]
        rhs = np.zeros((self.n, len(cols)))
        rhs[cols, np.arange(len(cols))] = 1.0
        return self.solve(rhs)

    @property
    def has_B(self) -> bool:
        return self._B is not None

    def release(self) -> None:
        """Drop the dense inverse and derived caches (keep the LU factors)."""
        self._B = None
        for name in ("VB_country", "local_inverses"):
            self.__dict__.pop(name, None)

    # ------------------------------------------------------------------ local inverses
    @cached_property
    def local_inverses(self) -> np.ndarray:
        """The local (domestic) inverses ``L_ss = (I - A_ss)^-1``, shape (G, N, N)."""
        N = self.N
        M = np.eye(N)[None, :, :] - self.A_own_blocks
        try:
            return np.linalg.solve(M, np.broadcast_to(np.eye(N), M.shape))
        except np.linalg.LinAlgError as exc:
            raise SingularError(f"a domestic block (I - A_ss) is singular: {exc}") from exc

    def local_solve(self, rhs: np.ndarray) -> np.ndarray:
        """``L rhs`` with the block-diagonal ``L = (I - A^D)^-1``."""
        rhs = np.asarray(rhs, dtype=float)
        vec = rhs.ndim == 1
        r = rhs.reshape(self.G, self.N, -1)
        out = np.einsum("gij,gjk->gik", self.local_inverses, r).reshape(self.n, -1)
        return out[:, 0] if vec else out

    def local_solve_left(self, lhs: np.ndarray) -> np.ndarray:
        """``lhs L`` for a row vector or (k x GN) matrix."""
        lhs = np.asarray(lhs, dtype=float)
        vec = lhs.ndim == 1
        l2 = np.atleast_2d(lhs).reshape(-1, self.G, self.N)
        out = np.einsum("kgi,gij->kgj", l2, self.local_inverses).reshape(-1, self.n)
        return out[0] if vec else out

    # ------------------------------------------------------------------ Ghosh
    def ghosh(self) -> np.ndarray:
        """The Ghosh inverse ``G = (I - x^-1 Z)^-1 = x^-1 B x`` (GN x GN).

        Rows and columns of zero-output sectors are unit vectors, since those sectors neither
        buy nor sell. Reference: Ghosh (1958); Miller & Blair (2009) sec. 12.1.
        """
        x = self.x
        pos = x != 0
        B = self.B
        G = B * x[None, :]
        G /= np.where(pos, x, 1.0)[:, None]
        if not pos.all():
            zi = np.nonzero(~pos)[0]
            G[zi, :] = 0.0
            G[:, zi] = 0.0
            G[zi, zi] = 1.0
        return G

    # ------------------------------------------------------------------ final demand, exports
    @cached_property
    def Yd(self) -> np.ndarray:
        """Final demand by destination country (GN x G), categories summed."""
        return self.table.final_demand_by_destination()

    @cached_property
    def y(self) -> np.ndarray:
        """Total final demand within the table ``y = Y 1`` (GN)."""
        return self.Yd.sum(axis=1)

    def _by_destination(self, M: np.ndarray) -> np.ndarray:
        """Sum the columns of a (k x GN) or (GN x GN) matrix by destination country -> (. x G)."""
        return M.reshape(M.shape[0], self.G, self.N).sum(axis=2)

    @cached_property
    def Z_dest(self) -> np.ndarray:
        """Intermediate sales by destination country (GN x G): ``Z_ir = sum_{j in r} Z_ij``."""
        return self._by_destination(self.table.arrays()[0])

    def _offdiag(self, M: np.ndarray) -> np.ndarray:
        out = M.copy()
        out[np.arange(self.n), self.country_of] = 0.0
        return out

    @cached_property
    def E_int(self) -> np.ndarray:
        """Intermediate exports by partner (GN x G), zero for the own country."""
        return self._offdiag(self.Z_dest)

    @cached_property
    def E_fin(self) -> np.ndarray:
        """Final-good exports by partner (GN x G), zero for the own country."""
        return self._offdiag(self.Yd)

    @property
    def E(self) -> np.ndarray:
        """Exports by partner ``E_sr = A_sr x_r + Y_sr`` (GN x G), zero for r = s."""
        return self.E_int + self.E_fin

    @cached_property
    def E_ext(self) -> np.ndarray:
        """Exports to destinations outside the table (GN); zero for a world table."""
        ex = self.table.exports
        return np.zeros(self.n) if ex is None else ex.to_numpy().sum(axis=1)

    @cached_property
    def e(self) -> np.ndarray:
        """Gross exports ``E_s*`` of each country-sector (GN): to partners plus outside."""
        return self.E.sum(axis=1) + self.E_ext

    # ------------------------------------------------------------------ VA multipliers
    def VB(self) -> np.ndarray:
        """Value-added multipliers ``V B = diag(v) B`` (GN x GN): VA of source i per unit of
        final output of j (Hummels, Ishii & Yi 2001; decompr ``leontief(post="none")``)."""
        return self.v[:, None] * self.B

    @cached_property
    def VB_country(self) -> np.ndarray:
        """``V_t B`` collapsed by source country t (G x GN), by one transposed solve with G
        right-hand sides: row t is ``sum_{i in t} v_i B_ij``."""
        Vc = np.zeros((self.G, self.n))
        Vc[self.country_of, np.arange(self.n)] = self.v
        return self.solve_left(Vc)

    def VBE(self, post: str = "exports") -> np.ndarray:
        """``V B diag(E)`` (exports), ``V B diag(y)`` (final demand) or ``V B diag(x)`` (output).

        Entry (i, j): value added from source i embodied in the exports (final demand, output)
        of j. Hummels, Ishii & Yi (2001), JIE 54; decompr ``leontief(post=...)``.
        """
        vec = {"exports": self.e, "final_demand": self.y, "output": self.x}.get(post)
        if vec is None:
            raise InputError(f"post must be 'exports', 'final_demand' or 'output', not {post!r}")
        return self.VB() * vec[None, :]

    # ------------------------------------------------------------------ labelled views
    def frame(self, M: np.ndarray, columns: str | pd.Index = "index") -> pd.DataFrame:
        """Label a GN-row matrix: columns ``"index"`` (country-sector) or ``"countries"``."""
        if isinstance(columns, str):
            columns = self.table.index if columns == "index" else pd.Index(self.table.countries, name="partner")
        return pd.DataFrame(M, index=self.table.index, columns=columns)

    def __repr__(self) -> str:
        return f"<Model of {self.table!r}; va={self.va_kind}; B {'formed' if self.has_B else 'not formed'}>"
