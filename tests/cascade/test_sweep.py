"""Sweeps on any executor, streamed to Parquet; a Dask LocalCluster gives the same rows."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from foedus.arrangements import members
from foedus.cascade import cascade
from foedus.casus import Scenario
from foedus.commitments import obligations_on
from foedus.errors import FoedusError
from foedus.sweep import contiguous_pairs, dask_executor, sweep

ON = "2024-06-01"


@pytest.fixture(scope="module")
def grid() -> list[Scenario]:
    pairs = [
        ("Russia", "Estonia"),
        ("Estonia", "Russia"),
        ("Russia", "Belarus"),
        ("Canada", "United States of America"),
        ("Peru", "Chile"),
    ]
    return [Scenario.build(a, t, ON) for a, t in pairs]


@pytest.fixture(scope="module")
def in_process(grid, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("sweep") / "grid.parquet"
    assert sweep(grid, out, runs=300, seed=4, sources="built-in", chunk=2) == len(grid)
    return pd.read_parquet(out)


def test_rows_follow_the_scenarios(grid, in_process):
    codes = in_process[["attacker_ccodes", "target_ccodes"]]
    assert codes.map(list).map(len).eq(1).all().all()  # one attacker and one target a row
    rows = in_process.set_index([codes[c].str[0].rename(c) for c in codes])
    estonia = rows.loc[(365, 366)]
    deterministic = cascade(grid[0], obligations_on(ON, sources="built-in")).entrants
    joined = deterministic[deterministic["round"] > 0]["side"].value_counts()
    assert estonia["entrants_target"] == joined["target"] == 35  # NATO + EU
    # defending Estonia is not an attack on Russia: the CSTO stays out (docs/cascade.md)
    assert estonia["entrants_attacker"] == 0 == joined.get("attacker", 0)
    assert estonia["rounds"] == 1
    assert 2 < estonia["war_size_mean"] < 40
    reverse = rows.loc[(366, 365)]
    defenders = cascade(grid[1], obligations_on(ON, sources="built-in")).entrants
    csto = set(members("CSTO", on=ON)["ccode"])
    assert set(defenders.loc[defenders["round"] > 0, "ccode"]) <= csto  # the CSTO defends Russia
    assert reverse["entrants_target"] == (defenders["round"] > 0).sum() >= 4
    assert reverse["rounds"] == 1  # and defending Russia is no attack on Estonia
    # a CSTO ally attacking another: Art. 4 covers aggression "by any state", a member too;
    # Armenia's participation is suspended (not honoured by default)
    belarus = rows.loc[(365, 370)]
    assert belarus["entrants_target"] == 3 and belarus["entrants_attacker"] == 0
    assert list(in_process["date"].unique()) == [pd.Timestamp(ON)]
    assert (in_process["runs"] == 300).all()


def test_thread_pool_gives_identical_rows(grid, in_process, tmp_path):
    out = tmp_path / "threads.parquet"
    with ThreadPoolExecutor(max_workers=2) as pool:
        sweep(grid, out, executor=pool, runs=300, seed=4, sources="built-in", chunk=1)
    pd.testing.assert_frame_equal(pd.read_parquet(out), in_process)


@pytest.mark.slow
@pytest.mark.parametrize("processes", [False, True])
def test_dask_local_cluster_gives_identical_rows(grid, in_process, tmp_path, processes):
    pytest.importorskip("distributed")
    out = tmp_path / "dask.parquet"
    with dask_executor(
        n_workers=2 if processes else 1, processes=processes, threads_per_worker=1
    ) as executor:
        sweep(grid, out, executor=executor, runs=300, seed=4, sources="built-in", chunk=2)
    pd.testing.assert_frame_equal(pd.read_parquet(out), in_process)


def test_contiguous_pairs_from_the_store(store):
    contdird = pd.DataFrame(
        {
            "state1no": [2, 20, 2, 70, 2],
            "state2no": [20, 2, 70, 2, 20],
            "year": [2010, 2010, 2010, 2010, 2009],
            "conttype": [1, 1, 1, 1, 1],
        }
    )
    store.write_source("cow_contiguity", "3.2", {"contdird": contdird}, citation="fixture")
    pairs = contiguous_pairs(2010, store=store)
    assert [(s.attackers, s.targets) for s in pairs] == [
        ((2,), (20,)),
        ((2,), (70,)),
        ((20,), (2,)),
        ((70,), (2,)),
    ]
    assert {s.date.isoformat() for s in pairs} == {"2010-07-01"}
    with pytest.raises(FoedusError, match="no contiguous pairs in 1700"):
        contiguous_pairs(1700, store=store)


def test_bad_chunk_is_refused(grid, tmp_path):
    with pytest.raises(FoedusError, match="chunk=0 invalid"):
        sweep(grid, tmp_path / "x.parquet", chunk=0)


@pytest.mark.slow
def test_cli_sweep_on_a_tcp_scheduler(monkeypatch, store, tmp_path):
    distributed = pytest.importorskip("distributed")
    from cli_helpers import invoke

    contdird = pd.DataFrame(
        {
            "state1no": [365, 366, 2],
            "state2no": [366, 365, 20],
            "year": [2016] * 3,
            "conttype": [1] * 3,
        }
    )
    store.write_source("cow_contiguity", "3.2", {"contdird": contdird}, citation="fixture")
    out = tmp_path / "tcp.parquet"
    with distributed.LocalCluster(
        n_workers=1, processes=False, threads_per_worker=1, protocol="tcp", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        result = invoke(
            f"sweep --years 2016 --on 2016-06-01 --runs 50 --chunk 1 "
            f"--scheduler {address} -o {out} --format csv",
            monkeypatch,
        )
    assert result.code == 0, result.err
    rows = pd.read_parquet(out)
    assert [list(a) for a in rows["attacker_ccodes"]] == [[2], [365], [366]]
    assert pd.read_csv(io.StringIO(result.out))["scenarios"].tolist() == [3]


def test_automatic_chunks_give_each_worker_about_four_tasks(grid, in_process, tmp_path):
    from foedus.sweep import _auto_chunk

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert _auto_chunk(626, pool) == 79  # 8 tasks of at most 79 scenarios
        assert _auto_chunk(5, pool) == 1
        out = tmp_path / "auto.parquet"
        sweep(grid, out, executor=pool, runs=300, seed=4, sources="built-in")
    assert _auto_chunk(626, None) == 64  # in this process: progress every 64 scenarios
    pd.testing.assert_frame_equal(pd.read_parquet(out), in_process)


@pytest.mark.slow
def test_local_workers_allocate_from_the_heap():
    pytest.importorskip("distributed")
    import os

    def environment() -> dict:
        import dask

        names = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_")
        profile = dask.config.get("distributed.worker.profile.enabled")
        return {"profile": profile, **{k: os.environ.get(k) for k in names}}

    before = os.environ.get("MALLOC_MMAP_THRESHOLD_")
    with dask_executor(n_workers=1, processes=True, threads_per_worker=1) as executor:
        seen = list(executor._client.run(environment).values())
        from foedus.sweep import _auto_chunk

        assert _auto_chunk(626, executor) == 40  # about 16 tasks per Dask worker
    assert seen == [
        {
            "profile": False,
            "MALLOC_TRIM_THRESHOLD_": None,
            "MALLOC_MMAP_THRESHOLD_": "33554432",
            "MALLOC_TOP_PAD_": "67108864",
        }
    ]
    assert os.environ.get("MALLOC_MMAP_THRESHOLD_") == before  # this process: unchanged
