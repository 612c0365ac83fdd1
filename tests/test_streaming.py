"""stream_decomposition: chunked bilateral-sector output on disk, resumable, bounded per chunk.

References: decompr 6.8.0 ``wwz()`` on the ``leather`` table (peers' test vectors), the in-memory
single-call ``decompose(..., level="bilateral_sector")`` result, and row counts by hand.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import gvckit
from conftest import shared_path
from gvckit.errors import InputError
from gvckit.measures.decompose import decompose
from gvckit.scale.streaming import STREAM_META, stream_decomposition

WWZ16 = ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN",
         "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC"]


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["exporter", "sector", "importer"], ignore_index=True)


def test_streamed_wwz_matches_decompr_and_in_memory(tmp_path, leather):
    path = stream_decomposition(gvckit.Model(leather), "wwz", tmp_path / "wwz", chunk_exporters=1)
    files = sorted(p.name for p in path.glob("part-*.parquet"))
    assert files == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    got = _sorted(pd.read_parquet(path))
    want = _sorted(decompose(leather, method="wwz", level="bilateral_sector").reset_index())
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert json.loads((path / STREAM_META).read_text())["status"] == "ok"

    peer = pd.read_csv(shared_path("testvectors", "peers", "leather_decompr_wwz_bilateral_sector.csv"))
    peer = peer[peer.Exporting_Country != peer.Importing_Country]
    cmap = dict(zip(pd.unique(peer.Exporting_Country), leather.countries, strict=True))
    smap = dict(zip(pd.unique(peer.Exporting_Industry), leather.sectors, strict=True))
    peer = peer.assign(exporter=peer.Exporting_Country.map(cmap), sector=peer.Exporting_Industry.map(smap),
                       importer=peer.Importing_Country.map(cmap))
    peer = _sorted(peer)
    assert len(peer) == len(got) == 3 * 3 * 2
    np.testing.assert_allclose(got[WWZ16].to_numpy(), peer[WWZ16].to_numpy(), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(got["EXGR"], peer["texp"], rtol=1e-9)


def test_interrupted_stream_resumes_with_the_missing_chunks(tmp_path):
    t = gvckit.load_dataset("wiod2013", year=2011)
    model = gvckit.Model(t)
    exporters = ["CHN", "USA", "DEU", "JPN", "KOR"]
    calls: list[str] = []
    rows: list[int] = []

    def spy(m, method, level, exporter, **kw):
        assert m is model  # the same model (one factorisation) for every chunk
        if "JPN" in exporter and "crash" not in calls:
            calls.append("crash")
            raise RuntimeError("worker lost")
        calls.append(exporter)
        df = decompose(m, method=method, level=level, exporter=exporter, **kw)
        rows.append(len(df))
        return df

    out = tmp_path / "s"
    with pytest.raises(RuntimeError, match="worker lost"):
        stream_decomposition(model, "wwz", out, chunk_exporters=2, exporters=exporters, decompose=spy)
    assert calls == [["CHN", "USA"], "crash"]
    assert [p.name for p in sorted(out.glob("part-*"))] == ["part-00000.parquet"]  # only whole chunks
    assert not list(out.glob(".*"))  # no temporary left
    assert json.loads((out / STREAM_META).read_text())["status"] == "running"

    stream_decomposition(model, "wwz", out, chunk_exporters=2, exporters=exporters, decompose=spy)
    assert calls[2:] == [["DEU", "JPN"], "KOR"]  # CHN and USA were not recomputed
    # one chunk's rows per call: N sectors x (G - 1) partners per exporter
    assert rows == [2 * t.N * (t.G - 1), 2 * t.N * (t.G - 1), t.N * (t.G - 1)]
    got = pd.read_parquet(out)
    assert len(got) == len(exporters) * t.N * (t.G - 1)
    want = decompose(model, method="wwz", level="bilateral_sector", exporter="KOR").reset_index()
    pd.testing.assert_frame_equal(got[got.exporter == "KOR"].reset_index(drop=True), want,
                                  check_dtype=False)

    # another chunking (or table, method, options) does not reuse the files
    stream_decomposition(model, "wwz", out, chunk_exporters=5, exporters=exporters, decompose=spy)
    assert [p.name for p in sorted(out.glob("part-*"))] == ["part-00000.parquet"]
    assert calls[-1] == exporters and len(calls) == 5


def test_stream_bad_arguments(tmp_path, leather):
    with pytest.raises(InputError, match="unknown exporters"):
        stream_decomposition(leather, "wwz", tmp_path, exporters=["XXX"])
    with pytest.raises(InputError, match="chunk_exporters"):
        stream_decomposition(leather, "wwz", tmp_path, chunk_exporters=0)
