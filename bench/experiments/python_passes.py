"""The Python passes of sources.open_source over a big file, and faster ways to do them.

    .venv/bin/python bench/experiments/python_passes.py FILE.csv [--reps 5]

open_source reads the whole file twice before DuckDB sees it: an incremental UTF-8 decode
(to choose UTF-8 or a code page) and a SHA-256 (the batch's content hash). Measured here:
each as lcdash does it, and alternatives that give the same answer:
  - utf8: bytes.decode per 1 MiB chunk (incremental decoder, lcdash), the same with 16 MiB,
    pyarrow's UTF-8 validation (binary -> string cast, SIMD), an isascii() fast path;
  - sha256 with 1 MiB vs 16 MiB reads;
  - one read feeding both; and the hash in a thread while DuckDB parses (overlap).
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import statistics
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from lcdash import fileguard, sources  # noqa: E402

MiB = 1 << 20


def utf8_incremental(path: Path, chunk: int = MiB) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while data := f.read(chunk):
                decoder.decode(data)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _split_complete(data: bytes) -> int:
    """Length of DATA up to the last complete UTF-8 sequence start (carry the rest over)."""
    i = len(data)
    for back in range(1, min(4, len(data)) + 1):
        b = data[-back]
        if b < 0x80:
            return len(data)  # ASCII last byte: complete
        if b >= 0xC0:  # lead byte: is its sequence complete?
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return i  # only continuation bytes: let validation fail on them


def utf8_arrow(path: Path, chunk: int = 16 * MiB) -> bool:
    """pyarrow validates UTF-8 (simdutf-style) when a binary array is cast to string."""
    carry = b""
    with open(path, "rb") as f:
        while data := f.read(chunk):
            data = carry + data
            cut = _split_complete(data)
            carry = data[cut:]
            try:
                pc.cast(pa.array([data[:cut]], pa.binary()), pa.string())
            except pa.ArrowInvalid:
                return False
    if carry:
        try:
            carry.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def utf8_ascii_fast(path: Path, chunk: int = 16 * MiB) -> bool:
    """isascii() (a fast C scan) first; decode only the chunks that are not pure ASCII."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while data := f.read(chunk):
                if data.isascii() and not decoder.getstate()[0]:
                    continue
                decoder.decode(data)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sha(path: Path, chunk: int = MiB) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while data := f.read(chunk):
            h.update(data)
    return h.hexdigest()


def one_pass(path: Path, chunk: int = 16 * MiB) -> tuple[str, bool]:
    """SHA-256 and UTF-8 validation from one read of the file (arrow validation)."""
    h = hashlib.sha256()
    carry, ok = b"", True
    with open(path, "rb") as f:
        while data := f.read(chunk):
            h.update(data)
            if ok:
                data = carry + data
                cut = _split_complete(data)
                carry = data[cut:]
                try:
                    pc.cast(pa.array([data[:cut]], pa.binary()), pa.string())
                except pa.ArrowInvalid:
                    ok = False
    if ok and carry:
        try:
            carry.decode("utf-8")
        except UnicodeDecodeError:
            ok = False
    return h.hexdigest(), ok


def overlap_hash_with_parse(path: Path) -> tuple[float, float, float]:
    """Parse with DuckDB alone, hash alone, and both at once (hash in a thread)."""
    import duckdb

    def parse():
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true)", [str(path)])
        con.close()

    t = time.perf_counter()
    parse()
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    sha(path)
    hash_s = time.perf_counter() - t
    t = time.perf_counter()
    th = threading.Thread(target=sha, args=(path,))
    th.start()
    parse()
    th.join()
    both_s = time.perf_counter() - t
    return parse_s, hash_s, both_s


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    path = args.file
    head = path.read_bytes()[: 64 * 1024]
    cases = {
        "lcdash _detect_encoding (incremental decode, 1 MiB)": lambda: sources._detect_encoding(path, head, path.name),
        "lcdash digests (sha256, 1 MiB reads)": lambda: fileguard.digests(path, path),
        "utf8 incremental decode, 16 MiB": lambda: utf8_incremental(path, 16 * MiB),
        "utf8 pyarrow validation, 16 MiB": lambda: utf8_arrow(path),
        "utf8 isascii fast path, 16 MiB": lambda: utf8_ascii_fast(path),
        "sha256, 16 MiB reads": lambda: sha(path, 16 * MiB),
        "one read: sha256 + pyarrow validation": lambda: one_pass(path),
    }
    assert utf8_arrow(path) and utf8_incremental(path) and utf8_ascii_fast(path)
    assert one_pass(path)[0] == fileguard.digests(path, path)[1]
    bad = path.with_suffix(".bad.csv")
    bad.write_bytes(path.read_bytes()[: 5 * MiB] + b"caf\xe9;x\n" + path.read_bytes()[5 * MiB : 6 * MiB])
    assert not utf8_arrow(bad) and not utf8_incremental(bad) and not utf8_ascii_fast(bad)
    bad.unlink()
    times = {k: [] for k in cases}
    for _ in range(args.reps):
        for name, fn in cases.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    size = path.stat().st_size / 1e6
    print(f"{path.name}: {size:.0f} MB, median of {args.reps}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"  {med:6.3f} s  {size / med:7.0f} MB/s  {name}")
    p, h, b = overlap_hash_with_parse(path)
    print(f"  DuckDB parse alone {p:.2f} s, sha256 alone {h:.2f} s, both at once (thread) {b:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
