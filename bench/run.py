"""Import benchmark: lcdash's import against a bare DuckDB read_csv of the same file.

    .venv/bin/python bench/run.py [--rows N[,N...]] [--reps 3] [--no-profile]   (make bench)

For each size it generates N rows of canonical long CSV (bench/generate.py, fixed seed) in a
temp dir, then times, in the same run and interleaved:

  (a) import  lcdash.ingest.import_file() into a fresh store.connect() database file
  (b) bare    CREATE TABLE t AS SELECT * FROM read_csv(file) into a fresh database file

each followed by CHECKPOINT so both have their data on disk. Every repetition runs in its
own subprocess: the child times the operation itself, and the parent reads that child's
peak RSS from os.wait4(), so neither number is polluted by the generator or by the other
measurement. Reported: median seconds of the repetitions, the ratio import / bare, and peak
memory (max over repetitions; "python + duckdb loaded" is what an idle child holds).

Then the import is profiled once per size (bench/profile_import.py): seconds per SQL step.
Results are printed and written to bench/results/import.md (git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5  # issue 2; issue 7 later asks 1.3
TARGET_RATIO_LATER = 1.3
TARGET_PEAK_MB = 1500


# ---------------------------------------------------------------- child side


def _vm_hwm_mb() -> float | None:
    """Peak resident memory of this process since exec (Linux /proc; None elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _child(mode: str, csv_path: str, db_path: str) -> None:
    """Run one measured operation; print {"seconds", "hwm_mb", ...} as JSON on stdout."""
    import duckdb

    def emit(**data) -> None:
        print(json.dumps({**data, "hwm_mb": _vm_hwm_mb()}))

    def cpu() -> float:  # user + system seconds of this process, all threads
        ru = resource.getrusage(resource.RUSAGE_SELF)
        return ru.ru_utime + ru.ru_stime

    if mode == "noop":
        from lcdash import ingest, store  # noqa: F401  (what every import child loads)

        con = store.connect(db_path)
        con.close()
        emit(seconds=0.0, cpu_s=0.0)
        return
    if mode == "bare":
        con = duckdb.connect(db_path)
        con.execute("SET enable_progress_bar = false")
        t, c = time.perf_counter(), cpu()
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [csv_path])
        con.execute("CHECKPOINT")
        seconds, cpu_s = time.perf_counter() - t, cpu() - c
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        con.close()
        emit(seconds=seconds, cpu_s=cpu_s, rows=rows)
        return
    if mode == "import":
        from lcdash import store
        from lcdash.config import load_config
        from lcdash.ingest import import_file

        config = load_config()
        con = store.connect(db_path)
        con.execute("SET enable_progress_bar = false")
        t, c = time.perf_counter(), cpu()
        result = import_file(con, csv_path, config)
        con.execute("CHECKPOINT")
        seconds, cpu_s = time.perf_counter() - t, cpu() - c
        con.close()
        emit(seconds=seconds, cpu_s=cpu_s, rows=result.rows, missing=result.missing_answers)
        return
    raise SystemExit(f"unknown child mode {mode}")


# ---------------------------------------------------------------- parent side


def measure(mode: str, csv_path: Path, workdir: Path, tag: str) -> dict:
    """Run MODE in a fresh subprocess with a fresh db file; return its seconds and peak RSS."""
    db = workdir / f"{mode}-{tag}.duckdb"
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    out_f, err_f = workdir / f"{mode}-{tag}.out", workdir / f"{mode}-{tag}.err"
    with open(out_f, "wb") as out, open(err_f, "wb") as err:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(csv_path), str(db)],
            stdout=out,
            stderr=err,
            cwd=ROOT,
        )
        # wait4, not proc.wait(): it also returns the rusage of this one child (its peak RSS).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    stdout, stderr = out_f.read_text(), err_f.read_text(errors="replace")
    for p in (db, Path(str(db) + ".wal"), out_f, err_f):
        p.unlink(missing_ok=True)
    if code != 0:
        raise RuntimeError(f"{mode} child failed ({code}):\n{stderr[-3000:]}")
    data = json.loads(stdout.strip().splitlines()[-1])
    # ru_maxrss survives exec and so also counts the parent's pages at fork time; VmHWM, read by
    # the child itself, is the new process's own peak. Report VmHWM, keep ru_maxrss as a check.
    data["ru_maxrss_mb"] = usage.ru_maxrss / 1024  # Linux: kilobytes
    data["peak_mb"] = data["hwm_mb"] if data.get("hwm_mb") is not None else data["ru_maxrss_mb"]
    return data


def machine() -> dict:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    probe = "import duckdb; print(duckdb.__version__, duckdb.connect().execute(\"SELECT current_setting('threads')\").fetchone()[0])"
    version, threads = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.split()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "duckdb_threads": threads,
        "memory": mem,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "duckdb": version,
    }


def run_size(rows: int, reps: int, workdir: Path, profile: bool) -> dict:
    csv_path = workdir / f"observations-{rows}.csv"
    t = time.perf_counter()
    # In a subprocess, so this (parent) process stays small: see measure().
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--out", str(csv_path)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    gen_s = time.perf_counter() - t
    size_mb = csv_path.stat().st_size / 1e6
    print(f"generated {rows:,} rows ({size_mb:.0f} MB) in {gen_s:.1f} s", file=sys.stderr)

    baseline = measure("noop", csv_path, workdir, "noop")
    runs: dict[str, list[dict]] = {"import": [], "bare": []}
    for i in range(reps):
        for mode in ("bare", "import"):  # interleaved, so drift hits both alike
            r = measure(mode, csv_path, workdir, str(i))
            runs[mode].append(r)
            print(
                f"  rep {i + 1} {mode:6s} {r['seconds']:7.2f} s  cpu {r['cpu_s']:6.2f} s  peak {r['peak_mb']:6.0f} MB",
                file=sys.stderr,
            )
    res = {
        "rows": rows,
        "file_mb": size_mb,
        "generate_s": gen_s,
        "baseline_mb": baseline["peak_mb"],
        "imported": runs["import"][0].get("rows"),
        "missing": runs["import"][0].get("missing"),
    }
    for mode, rs in runs.items():
        res[f"{mode}_s"] = statistics.median(r["seconds"] for r in rs)
        res[f"{mode}_all"] = [r["seconds"] for r in rs]
        res[f"{mode}_cpu_s"] = statistics.median(r["cpu_s"] for r in rs)
        res[f"{mode}_best_s"] = min(r["seconds"] for r in rs)
        res[f"{mode}_peak_mb"] = max(r["peak_mb"] for r in rs)
    res["ratio"] = res["import_s"] / res["bare_s"]
    res["cpu_ratio"] = res["import_cpu_s"] / res["bare_cpu_s"]
    res["best_ratio"] = res["import_best_s"] / res["bare_best_s"]
    if profile:
        db = workdir / "profile.duckdb"
        out = subprocess.run(
            [sys.executable, str(HERE / "profile_import.py"), str(csv_path), "--db", str(db), "--json"],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        res["profile"] = json.loads(out.strip().splitlines()[-1])
        for p in (db, Path(str(db) + ".wal")):
            p.unlink(missing_ok=True)
    csv_path.unlink(missing_ok=True)
    return res


def _verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(results: list[dict], info: dict, reps: int) -> str:
    from bench.profile_import import format_profile

    lines = [
        "# Import benchmark",
        "",
        f"Run {dt.datetime.now().replace(microsecond=0).isoformat(sep=' ')} by `bench/run.py` "
        f"({reps} repetitions each, median; every repetition in its own subprocess).",
        "",
        f"Machine: {info['cores']} cores ({info['usable_cores']} usable, DuckDB threads {info['duckdb_threads']}), "
        f"{info['memory']} memory, {info['cpu']}; {info['os']}; Python {info['python']}, DuckDB {info['duckdb']}.",
        "",
        "(a) import = `lcdash.ingest.import_file()` into a fresh `store.connect()` file, then CHECKPOINT;",
        "(b) bare = `CREATE TABLE t AS SELECT * FROM read_csv(file)` into a fresh file, then CHECKPOINT.",
        "Peak = the measuring child's own peak RSS (VmHWM, max over repetitions); baseline = an idle child "
        "with lcdash and DuckDB loaded and a store opened.",
        "",
        "| rows | file MB | import s | bare s | ratio | target ≤ 1.5× | (≤ 1.3×) | import peak MB | bare peak MB "
        "| baseline MB | peak < 1500 MB |",
        "|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['rows']:,} | {r['file_mb']:.0f} | {r['import_s']:.2f} | {r['bare_s']:.2f} | {r['ratio']:.2f}× "
            f"| {_verdict(r['ratio'] <= TARGET_RATIO)} | {_verdict(r['ratio'] <= TARGET_RATIO_LATER)} "
            f"| {r['import_peak_mb']:.0f} | {r['bare_peak_mb']:.0f} | {r['baseline_mb']:.0f} "
            f"| {_verdict(r['import_peak_mb'] < TARGET_PEAK_MB)} |"
        )
    lines.append("")
    lines.append("All repetitions (s):")
    lines.append("")
    for r in results:
        lines.append(
            f"- {r['rows']:,} rows: import {', '.join(f'{s:.2f}' for s in r['import_all'])}; "
            f"bare {', '.join(f'{s:.2f}' for s in r['bare_all'])}; {r['imported']:,} observations imported, "
            f"{r['missing']:,} missing answers skipped; file generated in {r['generate_s']:.1f} s"
        )
        lines.append(
            f"- {r['rows']:,} rows, CPU seconds (user + system, median): import {r['import_cpu_s']:.2f}, "
            f"bare {r['bare_cpu_s']:.2f}, ratio {r['cpu_ratio']:.2f}× — steadier than wall time on a shared machine"
        )
        lines.append(
            f"- {r['rows']:,} rows, best of the repetitions: import {r['import_best_s']:.2f} s, "
            f"bare {r['bare_best_s']:.2f} s, ratio {r['best_ratio']:.2f}×"
        )
    lines += ["", f"Load average at the end of the run: {os.getloadavg()[0]:.1f} (1 min) on {info['cores']} cores."]
    for r in results:
        if "profile" in r:
            lines += ["", f"## Where the import spends its time, {r['rows']:,} rows (one profiled run)", ""]
            lines.append(format_profile(r["profile"]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time lcdash's import against a bare DuckDB read_csv.")
    ap.add_argument("--rows", default="1000000", help="rows to generate; several sizes comma-separated")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-profile", action="store_true", help="skip the per-step profile")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "import.md")
    ap.add_argument("--workdir", type=Path, help="where the CSV and databases go (default: a temp dir)")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.rows.split(",") if s.strip()]
    info = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="lcdash-bench-", dir=args.workdir) as tmp:
        for rows in sizes:
            results.append(run_size(rows, args.reps, Path(tmp), not args.no_profile))
    text = report(results, info, args.reps)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    (args.out.with_suffix(".json")).write_text(json.dumps({"machine": info, "results": results}, indent=1))
    print(text)
    print(f"written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0  # a benchmark reports (targets marked in the table); it does not fail the build


if __name__ == "__main__":
    raise SystemExit(main())
