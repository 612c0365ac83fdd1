"""ADB MRIO, EORA26, EXIOBASE 3, FIGARO and China NBS readers; format detection and registry.

Mocks are written at test time in each publisher's layout (ADB: the WIOD-style sheet handled by
ksreyes/mrio-processing; EORA26 and EXIOBASE: the layouts pymrio's parsers read; FIGARO: Eurostat's
``rowLabels`` CSV). References: numbers placed in the mocks by hand, accounting identities, the
NBS tables' published balances (``/work/shared/data/china_nbs_io/README.md``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gvckit
from gvckit.errors import FormatError, UnknownNameError
from gvckit.readers import formats, read

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NBS = SHARED / "data" / "china_nbs_io" / "csv"


def _world(G, N, K, seed=0):
    rng = np.random.default_rng(seed)
    n = G * N
    Z = rng.integers(1, 40, (n, n)).astype(float)
    Y = rng.integers(0, 60, (n, G * K)).astype(float)
    x = Z.sum(1) + Y.sum(1)
    return Z, Y, x


# ----------------------------------------------------------------------------------- ADB
def _adb_rows(countries, N=2, seed=0):
    G, K = len(countries), 5
    Z, Y, x = _world(G, N, K, seed)
    tx = np.full(G * N, 3.0)
    va = x - Z.sum(0) - tx
    cols = [(c, f"c{s + 1}") for c in countries for s in range(N)] + [(c, f"F{k + 1}") for c in countries for k in range(K)]
    cols.append(("ToT", "ToT"))
    width = 4 + len(cols)
    rows = [["Multiregional Input-Output Table 2019"] + [None] * (width - 1), ["(millions of US dollars)"] + [None] * (width - 1)]
    rows += [[None] * width for _ in range(3)]
    rows.append([None] * 4 + [c for c, _ in cols])
    rows.append([None] * 4 + [k for _, k in cols])
    for i in range(G * N):
        rows.append([None, f"sector {i % N + 1}", countries[i // N], f"c{i % N + 1}"] + list(Z[i]) + list(Y[i]) + [x[i]])
    for code, vals in (("r60", Z.sum(0)), ("r61", tx), ("r64", va), ("r69", x)):
        rows.append([None, code, "ToT" if code in ("r60", "r69") else None, code] + list(vals) + [None] * (len(cols) - G * N))
    rows.append(["Source: ADB MRIO database"] + [None] * (width - 1))
    return rows, dict(Z=Z, Y=Y, x=x, tx=tx, va=va)


def test_adb_mock(tmp_path):
    rows, ref = _adb_rows(["PRC", "TAP", "USA", "RoW"])
    p = tmp_path / "ADB-MRIO-2019.xlsx"
    pd.DataFrame(rows).to_excel(p, header=False, index=False)
    t = read(p)
    assert t.meta["format"] == "adb_mrio" and t.year == 2019
    assert list(t.countries) == ["CHN", "TWN", "USA", "ROW"]
    assert list(t.country_info["source_code"]) == ["PRC", "TAP", "USA", "RoW"]
    np.testing.assert_array_equal(t.arrays()[0], ref["Z"])
    np.testing.assert_array_equal(t.arrays()[2], ref["x"])
    assert list(t.va_rows.index) == ["r61", "r64"]
    assert list(dict.fromkeys(t.Y.columns.get_level_values(1))) == ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT"]
    # renamed total column -> clear error
    rows[6][-1] = "Total"
    rows[5][-1] = "Sum"
    bad = tmp_path / "ADB-MRIO-2018.xlsx"
    pd.DataFrame([r[:-1] for r in rows if r[3] != "r69"]).to_excel(bad, header=False, index=False)
    with pytest.raises(FormatError, match="ADB-MRIO-2018.xlsx.*total-output"):
        read(bad)


# ----------------------------------------------------------------------------------- EORA26
def _eora_members(year=2013, price="bp", G=3, N=2, K=2, with_labels=True, seed=0):
    rng = np.random.default_rng(seed)
    countries = ["AUS", "CHN", "USA"][:G]
    n = G * N + 1  # + ROW with one TOTAL sector
    T = rng.integers(1, 30, (n, n)).astype(float)
    FD = rng.integers(0, 50, (n, (G + 1) * K)).astype(float)
    out = T.sum(1) + FD.sum(1)
    VA = np.vstack([out - T.sum(0) - 1.0, np.ones(n)])
    labT = [[f"Name {c}", c, "Industries", f"Sector {s}"] for c in countries for s in range(N)]
    labT.append(["Rest of the World", "ROW", "Industries", "TOTAL"])
    labFD = [[f"Name {c}", c, "Final Demand", f"Cat {k}"] for c in countries + ["ROW"] for k in range(K)]
    labVA = [["Primary Inputs", "Compensation of employees D.1"], ["Primary Inputs", "Taxes on production D.29"]]

    def tsv(a):
        return "\n".join("\t".join(str(v) for v in row) for row in a) + "\n"

    m = {f"Eora26_{year}_{price}_T.txt": tsv(T), f"Eora26_{year}_{price}_FD.txt": tsv(FD),
         f"Eora26_{year}_{price}_VA.txt": tsv(VA), f"Eora26_{year}_{price}_Q.txt": tsv(np.zeros((1, n)))}
    labels = {"labels_T.txt": tsv(labT), "labels_FD.txt": tsv(labFD), "labels_VA.txt": tsv(labVA)}
    if with_labels:
        m.update(labels)
    return m, labels, dict(T=T, FD=FD, VA=VA, out=out, G=G, N=N, K=K)


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return path


def test_eora_zip_folder_and_indices(tmp_path):
    m, labels, ref = _eora_members()
    p = _zip(tmp_path / "Eora26_2013_bp.zip", m)
    t = read(p)
    G, N = ref["G"], ref["N"]
    n = G * N
    assert t.meta["format"] == "eora26" and t.year == 2013 and t.unit == "USD thousand"
    assert list(t.countries) == ["AUS", "CHN", "USA"]
    np.testing.assert_array_equal(t.arrays()[0], ref["T"][:n, :n])
    # ROW is outside the table: x is the true output (sales to ROW are exports)
    np.testing.assert_allclose(t.arrays()[2], ref["out"][:n])
    np.testing.assert_allclose(t.imports_Z.to_numpy()[0], ref["T"][n, :n])
    np.testing.assert_allclose(t.exports.to_numpy().sum(1), ref["T"][:n, n] + ref["FD"][:n, -ref["K"]:].sum(1))
    assert t.equals(read(p))
    # unpacked folder
    d = tmp_path / "eora_folder"
    d.mkdir()
    for k, v in m.items():
        (d / k).write_text(v)
    assert read(d).equals(t)
    # labels in a sibling indices.zip
    d2 = tmp_path / "with_indices"
    d2.mkdir()
    m2, _, _ = _eora_members(with_labels=False)
    _zip(d2 / "Eora26_2013_bp.zip", m2)
    _zip(d2 / "indices.zip", labels)
    assert read(d2 / "Eora26_2013_bp.zip").equals(t)


def test_eora_errors(tmp_path):
    m, _, _ = _eora_members()
    del m["labels_FD.txt"]
    with pytest.raises(FormatError, match=r"labels_FD.txt.*missing"):
        read(_zip(tmp_path / "Eora26_2013_bp.zip", m))
    m, _, _ = _eora_members()
    m["Eora26_2013_bp_T.txt"] = m["Eora26_2013_bp_T.txt"].replace("\t", "\tx", 1)
    with pytest.raises(FormatError, match="line 1, field 2"):
        read(_zip(tmp_path / "Eora26_2013_bp.zip", m))
    m, _, _ = _eora_members()
    m2, _, _ = _eora_members(year=2014)
    m.update(m2)
    with pytest.raises(FormatError, match="several years"):
        read(_zip(tmp_path / "Eora26_all.zip", m), format="eora26")


# ----------------------------------------------------------------------------------- EXIOBASE / FIGARO
def test_exiobase3_archive_via_pymrio(tmp_path):
    import shutil

    import pymrio

    io = pymrio.load_test()
    io.calc_system()
    # make the factor inputs the full value added (the test system's are not), split in two rows
    resid = io.x.iloc[:, 0].to_numpy() - io.Z.to_numpy().sum(0)
    F = pd.DataFrame([0.25 * resid, 0.75 * resid], columns=io.Z.columns,
                     index=pd.Index(["Taxes less subsidies", "Compensation of employees"], name="stressor"))
    io.factor_inputs.F = F
    io.factor_inputs.unit = pd.DataFrame({"unit": ["M.EUR"] * 2}, index=F.index)
    io.factor_inputs.F_Y = None
    folder = tmp_path / "IOT_2011_ixi"
    io.save_all(folder)
    archive = shutil.make_archive(str(tmp_path / "IOT_2011_ixi"), "zip", tmp_path, "IOT_2011_ixi")
    t = read(archive)
    assert t.meta["format"] == "exiobase3" and t.meta["release"] == "exiobase3_ixi" and t.year == 2011
    np.testing.assert_allclose(t.arrays()[0], io.Z.to_numpy())
    np.testing.assert_allclose(t.arrays()[2], io.x.to_numpy()[:, 0])
    assert list(t.countries) == list(io.get_regions())  # test regions are not ISO2: kept as they are
    np.testing.assert_allclose(t.va_rows.to_numpy(), F.to_numpy())
    (folder / "x.txt").unlink()
    shutil.rmtree(tmp_path / "IOT_2011_ixi.zip", ignore_errors=True)
    archive = shutil.make_archive(str(tmp_path / "IOT_2012_ixi"), "zip", tmp_path, "IOT_2011_ixi")
    with pytest.raises(FormatError, match="x.txt is missing"):
        read(archive)


def test_figaro_csv(tmp_path):
    Z, Y, x = _world(3, 2, 2, seed=4)
    codes = ["EL", "CN", "FIGW1"]
    secs = ["A01", "C10T12"]
    lab = [f"{c}_{s}" for c in codes for s in secs]
    fd = [f"{c}_{k}" for c in codes for k in ("P3_S14", "P51G")]
    va = x - Z.sum(0)
    frame = pd.DataFrame(np.vstack([np.hstack([Z, Y]), np.r_[va, np.zeros(6)]]), columns=lab + fd,
                         index=pd.Index(lab + ["W2_B2A3G"], name="rowLabels")).reset_index()
    p = tmp_path / "matrix_eu-ic-io_ind-ind_23ed_2021.csv"
    frame.to_csv(p, index=False)
    t = read(p)
    assert t.meta["format"] == "figaro" and t.meta["release"] == "figaro23ed" and t.year == 2021
    assert list(t.countries) == ["GRC", "CHN", "ROW"]
    assert list(t.country_info["source_code"]) == codes
    np.testing.assert_array_equal(t.arrays()[2], x)
    assert list(t.va_rows.index) == ["W2_B2A3G"]


# ----------------------------------------------------------------------------------- NBS, registry
@pytest.mark.skipif(not NBS.exists(), reason="shared NBS data absent")
def test_nbs_detected_and_balanced(tmp_path):
    t = read(NBS / "china_2017_42.csv")
    assert t.meta["format"] == "china_nbs" and t.year == 2017 and t.import_mode == "noncompetitive"
    assert t.equals(gvckit.load_dataset("china_nbs", year=2017, output="reported"))
    # README: TI = 1'(Zd + Zm) + TVA exactly
    raw = pd.read_csv(NBS / "china_2017_42.csv", dtype={"Code": str})
    tot = raw[raw.Origin == "TOT"].set_index("Code")
    secs = list(t.sectors)
    np.testing.assert_allclose(t.Z.to_numpy().sum(0) + t.imports_Z.to_numpy().sum(0) + t.va_rows.to_numpy().sum(0),
                               tot.loc["TI", secs].to_numpy(float), atol=0.5)
    z = _zip(tmp_path / "nbs.zip", {"china_2012_139.csv": (NBS / "china_2012_139.csv").read_bytes()})
    u = read(z)
    assert u.year == 2012 and u.import_mode == "competitive"


def test_formats_listing():
    f = formats()
    assert list(f.columns) == ["name", "description", "patterns", "extra", "module"]
    for name in ("wiod2013", "wiod2013_rdata", "wiod2016", "wiod_longrun", "oecd_icio", "adb_mrio", "eora26",
                 "exiobase3", "figaro", "generic", "stata_icio", "gvckit_parquet", "china_nbs"):
        assert name in set(f["name"])
    assert f["name"].is_unique


def test_unknown_format_message(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello world\n")
    with pytest.raises(FormatError) as err:
        read(p)
    msg = str(err.value)
    assert "notes.txt" in msg and "not in a format gvckit recognises" in msg and "oecd_icio" in msg
    assert "\n" not in msg and len(msg) < 400 and "gvckit formats" in msg
    with pytest.raises(UnknownNameError, match="unknown format 'nope'; valid: .*oecd_icio"):
        read(p, format="nope")
    with pytest.raises(FormatError, match="no such file"):
        read(tmp_path / "missing.csv")


def test_truncated_zip(tmp_path):
    m, _, _ = _eora_members()
    p = _zip(tmp_path / "Eora26_2013_bp.zip", m)
    cut = tmp_path / "Eora26_2013_pp.zip"
    cut.write_bytes(p.read_bytes()[: p.stat().st_size // 2])
    with pytest.raises(FormatError, match="Eora26_2013_pp.zip"):
        read(cut)


def test_an_option_the_format_does_not_take_is_named_before_reading(tmp_path):
    """``meld=True`` (``--meld``) on a table that is not OECD ICIO: an error naming the option and
    what the reader takes, not a TypeError from inside the reader."""
    from gvckit.app.cli import main

    p = tmp_path / "t.parquet"
    gvckit.load_dataset("wiod2013", year=2011).to_parquet(p)
    with pytest.raises(FormatError, match=r"t\.parquet: the gvckit_parquet reader takes no option 'meld' "
                                          r"\(--meld is for OECD ICIO tables only\); its options: check"):
        read(p, meld=True)
    with pytest.raises(FormatError, match="takes no option 'sheet'"):
        read(p, sheet=2)
    assert main(["inspect", str(p), "--meld", "--quiet"]) == 2
