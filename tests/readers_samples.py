"""Sample files in the publishers' documented layouts, built at test time (no binaries committed).

Each builder writes a small table (3-4 countries, a few sectors) with the label, row, column,
sheet and member structure of the real download, and returns the numbers it wrote, so a test can
compare what a reader returns with the truth and with an independent reader (pymrio, or plain
pandas/openpyxl code in the test). The builders are written from the layout facts listed in each
reader's docstring, not from the readers' code, and share nothing with them.

Sources of the layouts: OECD ICIO ReadMe files and exvatools ``extract_icio2016/2018/2021.R``
(OECD); pymrio ``parse_wiod`` and issue #12 (WIOD 2013); ksreyes/mrio-processing
``01-preprocess-mrios.py`` and MARIO's ADB parser tests (ADB MRIO); the CEADs workbook's sheet list
in issue #12 and Mi et al. (2018), Zheng et al. (2021) (CEADs); pymrio ``parse_eora26`` (Eora26).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------------------- OECD
OECD_SECTORS = {"2016": ["C01T05", "C10T14", "C15T16"], "2018": ["01T03", "05T06", "07T08"],
                "2021": ["01T02", "03", "05T06"], "2023": ["A01_02", "A03", "B05_06"]}
OECD_FD = {"2016": ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRP"],
           "2018": ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA"],
           "2021": ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA"],
           "2023": ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"]}
OECD_SPLITS = {"2016": ["MX1", "MX2", "MX3", "CN1", "CN2", "CN3", "CN4"], "2018": ["MX1", "MX2", "CN1", "CN2"],
               "2021": ["MX1", "MX2", "CN1", "CN2"], "2023": ["CN1", "CN2", "MX1", "MX2"]}
OECD_COUNTRIES = ["AUS", "CHN", "MEX", "ROW"]


def oecd_frame(edition: str, *, small: bool = False, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """One year of an OECD ICIO edition as the CSV's frame (row labels as index) and the truth.

    2016: rows Z, ``VA+TAXSUB``, ``OUT``; final demand ``HFCE_AUS .. DIRP_ROW`` (component-major)
    then ``DISC``; no total column. 2018/2021: rows Z, ``<ISO3>_TAXSUB`` per country, ``VALU``,
    ``OUTPUT``; final demand ``AUS_HFCE ..``; column ``TOTAL``. 2023: rows Z, ``TLS``, ``VA``,
    ``OUT``; column ``OUT``; the small table has no splits.
    """
    rng = np.random.default_rng(seed)
    sectors, fd = OECD_SECTORS[edition], OECD_FD[edition]
    splits = [] if small else OECD_SPLITS[edition]
    allc = OECD_COUNTRIES + splits  # splits after ROW (exvatools gx_names)
    n, G, K = len(allc) * len(sectors), len(OECD_COUNTRIES), len(fd)
    rows = [f"{c}_{s}" for c in allc for s in sectors]
    Z = rng.uniform(0, 10, (n, n)).round(4)
    Y = rng.uniform(5, 30, (n, G * K)).round(4)  # country-major (destination, category)
    disc = rng.uniform(-0.5, 0.5, n).round(4) if edition == "2016" else np.zeros(n)
    x = Z.sum(1) + Y.sum(1) + disc
    fd_cm = [f"{c}_{k}" for c in OECD_COUNTRIES for k in fd]
    if edition == "2016":
        fdcols = [f"{k}_{c}" for k in fd for c in OECD_COUNTRIES]
        Yfile = np.column_stack([Y[:, OECD_COUNTRIES.index(c) * K + fd.index(k)] for k in fd for c in OECD_COUNTRIES])
    else:
        fdcols, Yfile = fd_cm, Y
    va_total = x - Z.sum(0)
    m = len(fdcols)
    pad = np.zeros(m)
    if edition == "2016":
        cols = rows + fdcols + ["DISC"]
        body = np.hstack([Z, Yfile, disc[:, None]])
        extra = {"VA+TAXSUB": np.r_[va_total, pad, 0.0], "OUT": np.r_[x, Yfile.sum(0), disc.sum()]}
        va_rows = {"VA+TAXSUB": va_total}
    elif edition in ("2018", "2021"):
        cols = rows + fdcols + ["TOTAL"]
        body = np.hstack([Z, Yfile, x[:, None]])
        tax = rng.uniform(0, 0.3, (G, n)).round(4)
        valu = va_total - tax.sum(0)
        extra = {f"{c}_TAXSUB": np.r_[tax[g], pad, 0.0] for g, c in enumerate(OECD_COUNTRIES)}
        extra["VALU"] = np.r_[valu, pad, 0.0]
        extra["OUTPUT"] = np.r_[x, pad, 0.0]
        va_rows = {**{f"{c}_TAXSUB": tax[g] for g, c in enumerate(OECD_COUNTRIES)}, "VALU": valu}
    else:
        cols = rows + fdcols + ["OUT"]
        body = np.hstack([Z, Yfile, x[:, None]])
        tls = rng.uniform(0, 0.5, n).round(4)
        extra = {"TLS": np.r_[tls, pad, 0.0], "VA": np.r_[va_total - tls, pad, 0.0], "OUT": np.r_[x, pad, 0.0]}
        va_rows = {"TLS": tls, "VA": va_total - tls}
    frame = pd.DataFrame(np.vstack([body] + list(extra.values())), index=rows + list(extra), columns=cols)
    frame.index.name = "V1" if edition == "2023" else ""
    truth = {"rows": rows, "countries": allc, "sectors": sectors, "fd": fd, "Z": Z, "Y": Y, "fd_cols": fd_cm,
             "x": x, "disc": disc, "va_rows": va_rows, "splits": splits}
    return frame, truth


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(float_format="%.10g").encode()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return path


def oecd_file(dirpath: Path, edition: str, year: int, *, seed: int = 0, zipped: bool = False) -> tuple[Path, dict]:
    """``ICIO2016_<year>.csv`` / ``ICIO2018_<year>.CSV`` / ``ICIO2021_<year>.csv`` (optionally in its zip)."""
    frame, truth = oecd_frame(edition, seed=seed)
    name = f"ICIO{edition}_{year}." + ("CSV" if edition == "2018" else "csv")
    if not zipped:
        p = dirpath / name
        p.write_bytes(csv_bytes(frame))
        return p, truth
    outer = f"ICIO{edition}_{year}.zip" if edition in ("2016", "2018") else "ICIO_2015-2018.zip"
    return write_zip(dirpath / outer, {name: csv_bytes(frame)}), truth


def oecd_2023_archives(dirpath: Path, years=(2011, 2012), *, drop: tuple[str, ...] = ()) -> dict:
    """``2011-2015.zip`` (``2011.csv`` ..) and ``2011-2015_SML.zip`` (``2011_SML.csv`` ..)."""
    ext, sml, truth = {}, {}, {}
    for k, y in enumerate(years):
        fe, te = oecd_frame("2023", seed=10 + k)
        fs, ts = oecd_frame("2023", small=True, seed=20 + k)
        if f"{y}.csv" not in drop:
            ext[f"{y}.csv"] = csv_bytes(fe)
        if f"{y}_SML.csv" not in drop:
            sml[f"{y}_SML.csv"] = csv_bytes(fs)
        truth[(y, "extended")], truth[(y, "small")] = te, ts
    y0, y1 = years[0], years[0] + 4
    truth["extended_zip"] = write_zip(dirpath / f"{y0}-{y1}.zip", ext)
    truth["small_zip"] = write_zip(dirpath / f"{y0}-{y1}_SML.zip", sml)
    return truth


# --------------------------------------------------------------------------------------- WIOD 2013
WIOD13_INDUSTRIES = [
    ('AtB', 'Agriculture, Hunting, Forestry and Fishing'),
    ('C', 'Mining and Quarrying'),
    ('15t16', 'Food, Beverages and Tobacco'),
    ('17t18', 'Textiles and Textile Products'),
    ('19', 'Leather, Leather and Footwear'),
    ('20', 'Wood and Products of Wood and Cork'),
    ('21t22', 'Pulp, Paper, Paper, Printing and Publishing'),
    ('23', 'Coke, Refined Petroleum and Nuclear Fuel'),
    ('24', 'Chemicals and Chemical Products'),
    ('25', 'Rubber and Plastics'),
    ('26', 'Other Non-Metallic Mineral'),
    ('27t28', 'Basic Metals and Fabricated Metal'),
    ('29', 'Machinery, Nec'),
    ('30t33', 'Electrical and Optical Equipment'),
    ('34t35', 'Transport Equipment'),
    ('36t37', 'Manufacturing, Nec; Recycling'),
    ('E', 'Electricity, Gas and Water Supply'),
    ('F', 'Construction'),
    ('50', 'Sale, Maintenance and Repair of Motor Vehicles and Motorcycles; Retail Sale of Fuel'),
    ('51', 'Wholesale Trade and Commission Trade, Except of Motor Vehicles and Motorcycles'),
    ('52', 'Retail Trade, Except of Motor Vehicles and Motorcycles; Repair of Household Goods'),
    ('H', 'Hotels and Restaurants'),
    ('60', 'Inland Transport'),
    ('61', 'Water Transport'),
    ('62', 'Air Transport'),
    ('63', 'Other Supporting and Auxiliary Transport Activities; Activities of Travel Agencies'),
    ('64', 'Post and Telecommunications'),
    ('J', 'Financial Intermediation'),
    ('70', 'Real Estate Activities'),
    ('71t74', 'Renting of M&Eq and Other Business Activities'),
    ('L', 'Public Admin and Defence; Compulsory Social Security'),
    ('M', 'Education'),
    ('N', 'Health and Social Work'),
    ('O', 'Other Community, Social and Personal Services'),
    ('P', 'Private Households with Employed Persons'),
]
WIOD13_FD = [("c37", "Final consumption expenditure by households"),
             ("c38", "Final consumption expenditure by non-profit organisations serving households (NPISH)"),
             ("c39", "Final consumption expenditure by government"), ("c41", "Gross fixed capital formation"),
             ("c42", "Changes in inventories and valuables")]
# the 8 rows below Z (issue #12; the margins row has no code; pymrio parse_wiod drops r60 and r69)
WIOD13_TAIL = [("r60", "Total intermediate consumption"), ("r99", "Taxes less subsidies on products"),
               ("r61", "Cif/ fob adjustments on exports"), ("r62", "Direct purchases abroad by residents"),
               ("r63", "Purchases on the domestic territory by non-residents"),
               ("r64", "Value added at basic prices"), ("", "International Transport Margins"),
               ("r69", "Output at basic prices")]
ADB_TAIL = [("r60", "Intermediate input total"), ("r99", "Taxes less subsidies on products"),
            ("r61", "CIF / FOB adjustments"), ("r62", "Direct purchases abroad by residents"),
            ("r63", "Purchases on the domestic territory by non-residents"), ("r64", "Value added at basic prices"),
            ("trs", "International Transport Margins"), ("r69", "TOTAL")]


def _wiot_numbers(G: int, N: int, K: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n = G * N
    Z = rng.uniform(0, 3, (n, n)).round(3)
    Y = rng.uniform(20, 60, (n, G * K)).round(3)
    Y[::7, 4::K] = -rng.uniform(0, 2, Y[::7, 4::K].shape).round(3)  # inventories may be negative
    x = Z.sum(1) + Y.sum(1)
    shares = {"r99": 0.03, "r61": 0.001, "r62": 0.004, "r63": 0.002, "itm": 0.005}
    tail = {k: (x * v).round(3) for k, v in shares.items()}
    tail["r64"] = x - Z.sum(0) - sum(tail.values())
    return {"Z": Z, "Y": Y, "x": x, "tail": tail}


def wiod2013_xlsx(path: Path, countries=("ROM", "USA", "RoW"), year: int = 2011, seed: int = 0, *,
                  mutate=None) -> dict:
    """``wiot11_row_sep12.xlsx`` with sheet ``WIOT_2011`` (WIOD 2013 release layout).

    A1 title ending with the year, A3 ``(industry-by-industry)``, A4 ``(millions of US$)``; header
    rows 3-6 (code, name, country, column code c1..c35, c37..c42); data rows with code, name,
    country, row code in A-D; the 8 rows of ``WIOD13_TAIL``; a last column "Total output" (country
    ``TOT``, code ``c62``). ``mutate(cells)`` may change the list of rows before writing.
    """
    from openpyxl import Workbook

    G, N, K = len(countries), len(WIOD13_INDUSTRIES), len(WIOD13_FD)
    num = _wiot_numbers(G, N, K, seed)
    n = G * N
    fd_short = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]
    rows: list[list] = [[f"World Input-Output Table {year}"], [], ["(industry-by-industry)"], ["(millions of US$)"], [], []]
    rows[2] += [None] * 3 + [c for _ in countries for c, _ in WIOD13_INDUSTRIES] + fd_short * G + ["GO"]
    rows[3] += [None] * 3 + [nm for _ in countries for _, nm in WIOD13_INDUSTRIES] + [nm for _ in countries for _, nm in WIOD13_FD] + ["Total output"]
    rows[4] = [None] * 4 + [c for c in countries for _ in range(N)] + [c for c in countries for _ in range(K)] + ["TOT"]
    rows[5] = [None] * 4 + [f"c{s + 1}" for _ in countries for s in range(N)] + [c for _ in countries for c, _ in WIOD13_FD] + ["c62"]
    for i in range(n):
        g, s = divmod(i, N)
        code, nm = WIOD13_INDUSTRIES[s]
        rows.append([code, nm, countries[g], f"c{s + 1}", *num["Z"][i], *num["Y"][i], num["x"][i]])
    zeros = [0.0] * (G * K + 1)
    t = num["tail"]
    vals = {"r60": num["Z"].sum(0), "r99": t["r99"], "r61": t["r61"], "r62": t["r62"], "r63": t["r63"],
            "r64": t["r64"], "": t["itm"], "r69": num["x"]}
    for code, nm in WIOD13_TAIL:
        rows.append([None, nm, None, code or None, *vals[code], *zeros])
    if mutate is not None:
        mutate(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = f"WIOT_{year}"
    for r in rows:
        ws.append(r)
    wb.save(path)
    num.update(countries=list(countries), n=n, N=N, path=path)
    return num


def adb_xlsx(path: Path, countries=("PRC", "GER", "RoW"), year: int = 2011, seed: int = 1, N: int = 35,
             *, mutate=None) -> dict:
    """``ADB-MRIO-2011_Mar2022.xlsx``: 5 rows above the two header rows (ksreyes ``skiprows=5,
    header=[0,1]``): title, economies text, unit, blank, names; row 6 economies (``ToT`` over
    the total column), row 7 codes ``c1..c35``, ``F1..F5``; data from row 8 with economy and code
    in C-D; the 8 rows of ``ADB_TAIL`` with economy ``ToT``; a footer row; blank cells are ' '."""
    from openpyxl import Workbook

    G, K = len(countries), 5
    num = _wiot_numbers(G, N, K, seed)
    names = [f"Sector {s + 1}" for s in range(N)]
    fdn = ["Final consumption expenditure by households", "Final consumption expenditure by NPISHs",
           "Final consumption expenditure by government", "Gross fixed capital formation",
           "Changes in inventories and valuables"]
    rows: list[list] = [[f"Multiregional Input-Output Table {year}"],
                        [f"{G} economies, at current prices (industry by industry)"], ["In millions of US$"], []]
    rows.append([None] * 4 + names * G + fdn * G + ["TOTAL"])
    rows.append([None] * 4 + [c for c in countries for _ in range(N)] + [c for c in countries for _ in range(K)] + ["ToT"])
    rows.append([None] * 4 + [f"c{s + 1}" for _ in countries for s in range(N)] + [f"F{k + 1}" for _ in countries for k in range(K)] + [" "])
    for i in range(G * N):
        g, s = divmod(i, N)
        rows.append([None, names[s], countries[g], f"c{s + 1}", *num["Z"][i], *num["Y"][i], num["x"][i]])
    t = num["tail"]
    vals = {"r60": num["Z"].sum(0), "r99": t["r99"], "r61": t["r61"], "r62": t["r62"], "r63": t["r63"],
            "r64": t["r64"], "trs": t["itm"], "r69": num["x"]}
    for code, nm in ADB_TAIL:
        rows.append([None, nm, "ToT", code, *vals[code], *([" "] * (G * K + 1))])
    rows.append(["Note: Table may not sum up due to rounding."])
    if mutate is not None:
        mutate(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = f"ADB MRIO {year}"
    for r in rows:
        ws.append(r)
    wb.save(path)
    num.update(countries=list(countries), n=G * N, N=N, path=path)
    return num


# --------------------------------------------------------------------------------------- CEADs
CEADS_PROVS = [("Beijing", "北京"), ("Zhejiang", "浙江"), ("Xinjiang", "新疆")]
CEADS_SECTORS = [("Agriculture", "农林牧渔产品和服务"), ("Textile", "纺织品"), ("Machinery", "通用设备"),
                 ("Services", "其他服务")]
CEADS_FD = [("Rural household consumption", "农村居民消费"), ("Urban household consumption", "城镇居民消费"),
            ("Government consumption", "政府消费"), ("Gross fixed capital formation", "固定资本形成总额"),
            ("Changes in inventories", "存货变动")]
CEADS_VA = [("Compensation of employees", "劳动者报酬"), ("Net taxes on production", "生产税净额"),
            ("Depreciation of fixed assets", "固定资产折旧"), ("Operating surplus", "营业盈余")]


def ceads_xlsx(path: Path, year: int = 2018, seed: int = 2, *, table_sheets=True) -> dict:
    """``MRIO 2018.xlsx``: sheets ``Note``, ``Sector `` (trailing space), ``Province``,
    ``Table_2018`` (Chinese labels) and ``Table_2018_English Version``; the table: a title row, a
    province row over every column, an item row (sector / final-use category), province x sector
    rows, then value-added rows and ``Total input``; trailing columns ``Export``, ``Total output``."""
    from openpyxl import Workbook

    rng = np.random.default_rng(seed)
    G, N, K = len(CEADS_PROVS), len(CEADS_SECTORS), len(CEADS_FD)
    n = G * N
    Z = rng.uniform(1, 20, (n, n)).round(2)
    Y = rng.uniform(5, 50, (n, G * K)).round(2)
    ex = rng.uniform(0, 30, n).round(2)
    x = Z.sum(1) + Y.sum(1) + ex
    va_tot = x - Z.sum(0)
    va = np.vstack([va_tot * 0.5, va_tot * 0.1, va_tot * 0.15, va_tot * 0.25])
    wb = Workbook()
    ws = wb.active
    ws.title = "Note"
    ws.append(["Chinese multi-regional input-output table for 2018"])
    ws.append(["Unit: 10,000 CNY"])
    ws2 = wb.create_sheet("Sector ")
    for k, (en, zh) in enumerate(CEADS_SECTORS):
        ws2.append([k + 1, zh, en])
    ws3 = wb.create_sheet("Province")
    for k, (en, zh) in enumerate(CEADS_PROVS):
        ws3.append([k + 1, zh, en])
    if table_sheets:
        for sheet, lang in ((f"Table_{year}", 1), (f"Table_{year}_English Version", 0)):
            w = wb.create_sheet(sheet)
            w.append([f"{year}年中国多区域投入产出表" if lang else f"China MRIO table {year} (unit: 10,000 CNY)"])
            top = ["", ""] + [p[lang] for p in CEADS_PROVS for _ in range(N)] + [p[lang] for p in CEADS_PROVS for _ in range(K)]
            top += ["出口", "总产出"] if lang else ["Export", "Total output"]
            item = (["地区", "部门"] if lang else ["Region", "Sector"]) + [s[lang] for _ in CEADS_PROVS for s in CEADS_SECTORS]
            item += [c[lang] for _ in CEADS_PROVS for c in CEADS_FD] + ["", ""]
            w.append(top)
            w.append(item)
            for i in range(n):
                g, s = divmod(i, N)
                w.append([CEADS_PROVS[g][lang], CEADS_SECTORS[s][lang], *Z[i], *Y[i], ex[i], x[i]])
            for k, v in enumerate(CEADS_VA):
                w.append([v[lang], "", *va[k]])
            w.append(["总投入" if lang else "Total input", "", *x])
    wb.save(path)
    return {"Z": Z, "Y": Y, "ex": ex, "x": x, "va": va, "path": path}


# --------------------------------------------------------------------------------------- Eora26
EORA_COUNTRIES = [("Afghanistan", "AFG"), ("China", "CHN"), ("Zimbabwe", "ZWE")]
EORA_SECTORS = ["Agriculture", "Fishing", "Textiles and Wearing Apparel", "Financial Intermediation and Business Activities"]
EORA_FD = ["Household final consumption P.3h", "Non-profit institutions serving households P.3n",
           "Government final consumption P.3g", "Gross fixed capital formation P.51",
           "Changes in inventories P.52", "Acquisitions less disposals of valuables P.53"]
EORA_VA = ["Compensation of employees D.1", "Taxes on production D.29", "Subsidies on production D.39",
           "Net operating surplus B.2n", "Net mixed income B.3n", "Consumption of fixed capital K.1"]


def eora26_zip(path: Path, year: int = 2011, seed: int = 3, *, drop: tuple[str, ...] = ()) -> dict:
    """``Eora26_2011_bp.zip``: tab-separated ``Eora26_2011_bp_{T,FD,VA,Q,QY}.txt`` without headers
    and ``labels_{T,FD,VA,Q}.txt`` (country name, code, ``Industries``/``Final Demand``, label);
    the rest of the world ``ROW`` has one sector ``TOTAL`` in T, FD and VA (pymrio parse_eora26)."""
    rng = np.random.default_rng(seed)
    labT = [(nm, c, "Industries", s) for nm, c in EORA_COUNTRIES for s in EORA_SECTORS] + [("Rest of the World", "ROW", "Industries", "TOTAL")]
    labFD = [(nm, c, "Final Demand", k) for nm, c in EORA_COUNTRIES + [("Rest of the World", "ROW")] for k in EORA_FD]
    n, m = len(labT), len(labFD)
    T = rng.uniform(0, 100, (n, n)).round(1)
    FD = rng.uniform(100, 900, (n, m)).round(1)
    va_tot = T.sum(1) + FD.sum(1) - T.sum(0)  # columns balance: x = 1'T + 1'VA
    VA = np.outer([0.5, 0.1, -0.02, 0.3, 0.07, 0.05], va_tot)
    Q = rng.uniform(0, 10, (1, n)).round(2)
    QY = rng.uniform(0, 10, (1, m)).round(2)

    def tsv(a: np.ndarray) -> bytes:
        buf = io.StringIO()
        np.savetxt(buf, a, delimiter="\t", fmt="%.10g")
        return buf.getvalue().encode()

    def lab(rows) -> bytes:
        return ("\n".join("\t".join(r) + "\t" for r in rows) + "\n").encode()

    pre = f"Eora26_{year}_bp_"
    members = {pre + "T.txt": tsv(T), pre + "FD.txt": tsv(FD), pre + "VA.txt": tsv(VA), pre + "Q.txt": tsv(Q),
               pre + "QY.txt": tsv(QY), "labels_T.txt": lab(labT), "labels_FD.txt": lab(labFD),
               "labels_VA.txt": lab([("Primary Inputs", v) for v in EORA_VA]),
               "labels_Q.txt": lab([("I-GHG-CO2 emissions (Gg)", "Total")])}
    for d in drop:
        members.pop(d)
    write_zip(path, members)
    return {"T": T, "FD": FD, "VA": VA, "labT": labT, "labFD": labFD, "path": path}
