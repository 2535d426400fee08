"""Scale generator: the demo inputs at real volume (factor 1) or a multiple of it.

    python bench/scale_inputs.py [--factor F] [--iso X] [--cn Y] [--work DIR]

The demo generator's own scale 1.0 is a small mix (20k ISO deliverables, 30k Chinese standards).
Real volume is about 80k ISO deliverables, 270k Chinese standards across levels and 800 committees
in 3 snapshots, so factor F here means demo ISO scale 4·F and Chinese scale 9·F. Committees do not
grow with the factor (there are only so many ISO committees); the newest 3 of the demo's 4
snapshots are kept. ``--iso``/``--cn`` set the two demo scales directly (e.g. 10× ISO with 3× CN).

Inputs are written once per mix under ``<work>/inputs-iso<X>-cn<Y>/`` and reused by every
benchmark (generation takes about 20 s per factor). Output depends only on the mix: the generator
is seeded.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _common import AS_OF, DEFAULT_WORK, Measured, python_command, run_measured

from etl.sources import demo
from etl.sources.demo_inputs import write_demo_inputs

REAL_ISO_SCALE = 4.0  # × 20,000 demo deliverables = 80,000
REAL_CN_SCALE = 9.0  # × 30,000 demo rows = 270,000
SNAPSHOTS = 3
DONE = ".complete"


@dataclass(frozen=True)
class Mix:
    iso: float  # demo scale of the ISO deliverables
    cn: float  # demo scale of the Chinese catalog
    overlap_threshold: float | None = None  # [metrics] overlap_threshold of the builds; None: the default

    @classmethod
    def real(cls, factor: float, overlap_threshold: float | None = None) -> Mix:
        return cls(REAL_ISO_SCALE * factor, REAL_CN_SCALE * factor, overlap_threshold)

    @property
    def factor(self) -> float | None:
        """The multiple of real volume, when both catalogs have the same one."""
        factor_iso, factor_cn = self.iso / REAL_ISO_SCALE, self.cn / REAL_CN_SCALE
        return factor_iso if abs(factor_iso - factor_cn) < 1e-9 else None

    @property
    def label(self) -> str:
        if self.factor:
            text = f"{self.factor:g}×"
        else:
            text = f"{self.iso / REAL_ISO_SCALE:g}× ISO, {self.cn / REAL_CN_SCALE:g}× CN"
        return text + (f" (overlap ≥ {self.overlap_threshold:g})" if self.overlap_threshold else "")

    def config(self) -> str:
        """standards.toml of a build from this mix: the defaults, whatever the project folder holds."""
        return f"[metrics]\noverlap_threshold = {self.overlap_threshold}\n" if self.overlap_threshold else ""

    @property
    def folder(self) -> str:
        return f"inputs-iso{self.iso:g}-cn{self.cn:g}"

    def database(self, work: Path) -> Path:
        """Where a database built from this mix is kept for the dashboard benchmark."""
        threshold = f"-overlap{self.overlap_threshold:g}" if self.overlap_threshold else ""
        return work / f"db-iso{self.iso:g}-cn{self.cn:g}{threshold}" / "standards.duckdb"


def add_mix_arguments(parser: argparse.ArgumentParser, default_factors: list[float]) -> None:
    parser.add_argument(
        "--factor",
        type=float,
        action="append",
        help=f"multiple of real volume; may repeat (default: {', '.join(f'{f:g}' for f in default_factors)})",
    )
    parser.add_argument("--iso", type=float, help="demo scale of the ISO deliverables (overrides --factor)")
    parser.add_argument("--cn", type=float, help="demo scale of the Chinese catalog (overrides --factor)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"work folder (default {DEFAULT_WORK})")
    parser.add_argument(
        "--overlap-threshold", type=float, help="[metrics] overlap_threshold of the builds (default: the project's)"
    )


def mixes(args: argparse.Namespace, default_factors: list[float]) -> list[Mix]:
    """The mixes the command line asks for: --iso/--cn as given, else one per --factor."""
    threshold = getattr(args, "overlap_threshold", None)
    if args.iso is not None or args.cn is not None:
        base = Mix.real(args.factor[0] if args.factor else 1.0)
        iso, cn = (args.iso if args.iso is not None else base.iso), (args.cn if args.cn is not None else base.cn)
        return [Mix(iso, cn, threshold)]
    return [Mix.real(f, threshold) for f in (args.factor or default_factors)]


def build_database(mix: Mix, inputs: Path, folder: Path, env: dict[str, str] | None = None) -> tuple[Measured, Path]:
    """``standards-etl refresh --from inputs`` into ``folder``, emptied first and given the mix's
    standards.toml: the timed run, and the database's path."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    config = folder / "standards.toml"
    config.write_text(mix.config(), encoding="utf-8")
    db = folder / "standards.duckdb"
    command = ["-m", "etl", "refresh", "--from", str(inputs), "--db", str(db), "--as-of", AS_OF, "--progress", "none"]
    return run_measured(python_command(*command), env={**(env or {}), "STANDARDS_CONFIG": str(config)}), db


def parse_mixes(parser: argparse.ArgumentParser, default_factors: list[float]) -> tuple[argparse.Namespace, dict]:
    """The command line, and the input folder of every mix it asks for (generated when missing)."""
    args = parser.parse_args()
    return args, {mix: ensure_inputs(args.work, mix) for mix in mixes(args, default_factors)}


def ensure_inputs(work: Path, mix: Mix) -> Path:
    """The input folder of ``mix``, generated unless a finished one is there.

    Generated by a process of its own (this script): a measured child's peak memory (ru_maxrss)
    starts from what its parent had resident when it forked, so a benchmark stays small."""
    folder = work / mix.folder
    if not (folder / DONE).exists():
        command = [sys.executable, __file__, "--iso", f"{mix.iso!r}", "--cn", f"{mix.cn!r}", "--work", str(work)]
        subprocess.run(command, check=True)
    return folder


def generate(work: Path, mix: Mix) -> Path:
    """Write the inputs of ``mix`` in this process, unless a finished folder is there."""
    folder = work / mix.folder
    if (folder / DONE).exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    print(f"generating inputs for {mix.label} in {folder} …", flush=True)
    write_demo_inputs(folder, seed=demo.SEED, iso_scale=mix.iso, cn_scale=mix.cn)
    snapshots = sorted(folder.glob("iso_technical_committees_*.jsonl"))
    for old in snapshots[:-SNAPSHOTS]:
        old.unlink()
    (folder / DONE).write_text(json.dumps(describe(folder)), encoding="utf-8")
    print(f"  generated in {time.perf_counter() - start:.0f} s", flush=True)
    return folder


def describe(folder: Path) -> dict[str, int]:
    """Records and bytes of an input folder, by kind."""
    counts = {"iso_deliverables": 0, "committee_rows": 0, "cn_rows": 0, "ics_rows": 0, "files": 0, "bytes": 0}
    for path in folder.iterdir():
        if path.name == DONE:
            continue
        counts["files"] += 1
        counts["bytes"] += path.stat().st_size
        if path.name.startswith("iso_deliverables"):
            counts["iso_deliverables"] += _lines(path)
        elif path.name.startswith("iso_technical_committees"):
            counts["committee_rows"] += _lines(path)
        elif path.name == "ICS.csv":
            counts["ics_rows"] += _lines(path) - 1
        elif path.name.startswith("samr_"):
            counts["cn_rows"] += len(json.loads(path.read_text(encoding="utf-8"))["rows"])
    return counts


def input_counts(folder: Path) -> dict[str, int]:
    return json.loads((folder / DONE).read_text(encoding="utf-8"))


def _lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_mix_arguments(parser, [1.0])
    args = parser.parse_args()
    for mix in mixes(args, [1.0]):
        folder = generate(args.work, mix)
        counts = input_counts(folder)
        print(
            f"{mix.label}: {folder}\n  {counts['iso_deliverables']:,} ISO deliverables, "
            f"{counts['cn_rows']:,} Chinese standards, {counts['committee_rows']:,} committee rows "
            f"({SNAPSHOTS} snapshots), {counts['files']} files, {counts['bytes'] / 1e6:,.0f} MB"
        )


if __name__ == "__main__":
    main()
