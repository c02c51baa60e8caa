"""Benchmark: the generator's `batch` against bare ReportLab (bench/bare.py), at 1 worker and at all cores.

    .venv/bin/python bench/run.py [--patients 300] [--repeat 1] [--seed 2026] [--no-bundle]

Makes a fictional patient CSV in bench/output/ (bench/patients.py, seeded),
writes the engine's bytecode once (as a machine that keeps bytecode has it
after its first run), then runs, each as a subprocess timed by wall clock
(start-up and imports included, the same for both tools):

  generator, 1 worker      generate.py batch CSV --out bench/output/generator-1 --workers 1
  generator, all cores     the same with --workers <cores this process may use>
  bare, 1 worker           bench/bare.py CSV --out bench/output/bare-1 --workers 1
  bare, all cores          the same with --workers <cores>
  generator + bundle       the batch at all cores with --bundle (skip with --no-bundle)
  generator, 1/10 size     the batch at 1 worker for a tenth of the patients (memory flatness)
  generator, untagged      the batch at 1 worker with tagging switched off (bench/untagged.py): what tags cost
  generator on Dask        the batch with --cluster, on a distributed.LocalCluster this script starts
                           (one single-threaded worker process per core; skip with --no-cluster)

The cluster's workers are started once and stay up between runs, as a
cluster's would (so they are warm after the first run); their CPU time is
added to the run's and not counted as the rest of the machine's.

With --repeat R every run is made R times, interleaved, and the fastest is
kept. Pages are counted from the generator's manifest.csv, and with pypdf for
the bare PDFs. Besides wall-clock seconds, each run's CPU seconds (user +
system, workers included) are shown: they suffer less when something else is
running. A run during which other processes used more than a tenth of a core
(from /proc/stat) is starred, and a change to the generator's code during the
benchmark is reported. Prints a Markdown table for README and saves it in
bench/output/results.md. Run it with the project's virtualenv Python: the
runs use the same interpreter as this script.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "output"
DOCUMENTS = ("leaflet", "consent", "discharge")
SAMPLE_EVERY = 0.1  # seconds between two looks at /proc


@dataclass
class Result:
    """One timed run. Memory in KiB."""

    seconds: float
    cpu_seconds: float = 0.0  # user + system time of the process and every worker it waited for
    others_cpu_seconds: float = 0.0  # CPU time the rest of the machine used meanwhile (other users' jobs)
    documents: int = 0
    pages: int = 0
    parent_kib: int = 0
    worker_kib: int = 0  # 0 when the run had no worker processes
    pages_by_document: dict[str, Counter] = field(default_factory=dict)

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds

    @property
    def disturbed(self) -> bool:
        """Other processes used more than a tenth of one core on average while this ran."""
        return self.others_cpu_seconds > 0.1 * self.seconds


@dataclass
class Config:
    name: str
    tool: str  # generator or bare
    workers: int
    patients_csv: Path
    out: Path
    bundle: bool = False
    best: Result | None = None
    cluster: LocalDask | None = None

    def command(self) -> list[str]:
        workers = ["--workers", str(self.workers)]
        if self.cluster is not None:
            workers = ["--cluster", self.cluster.address]
        if self.tool == "bare":
            return [sys.executable, str(HERE / "bare.py"), str(self.patients_csv), "--out", str(self.out), *workers]
        program = HERE / "untagged.py" if self.tool == "untagged" else ROOT / "generate.py"
        command = [sys.executable, str(program), "batch", str(self.patients_csv), "--out", str(self.out)]
        if self.bundle:
            command += ["--bundle", str(self.out / "print-bundle.pdf")]
        return command + workers


class LocalDask:
    """A Dask cluster on this machine (scheduler here, `workers` single-threaded worker processes) for the runs."""

    def __init__(self, workers: int):
        from distributed import Client, LocalCluster  # the cluster extra: pip install -e ".[cluster]"

        self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        self.address = self.cluster.scheduler_address
        self.client = Client(self.address, set_as_default=False)

    def cpu_seconds(self) -> float:
        """User + system time the workers have used so far (from /proc: they are not the timed command's children)."""
        total = 0.0
        for pid in self.client.run(os.getpid).values():
            with open(f"/proc/{pid}/stat", "rb") as handle:
                fields = handle.read().rpartition(b")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


# ------------------------------------------------------------ memory


class PeakSampler(threading.Thread):
    """Peak resident memory (VmHWM, the kernel's high-water mark) of a process and of each of its descendants.

    VmHWM only grows, so the last look before a process ends is its peak, short
    of whatever it grew in its last SAMPLE_EVERY seconds. Descendants are found
    by their parent pid in /proc/<pid>/stat (this kernel has no
    /proc/<pid>/task/<tid>/children).
    """

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in [self.root, *_descendants(self.root)]:
                kib = _vm_hwm(pid)
                if kib:
                    self.peaks[pid] = max(kib, self.peaks.get(pid, 0))
            self.done.wait(SAMPLE_EVERY)

    def stop(self) -> None:
        self.done.set()
        self.join()

    @property
    def largest_descendant(self) -> int:
        return max((kib for pid, kib in self.peaks.items() if pid != self.root), default=0)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # it ended while we looked
        parent = int(stat.rpartition(b")")[2].split()[1])  # the name in (...) may hold spaces
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _vm_hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (all CPUs, from /proc/stat)."""
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed(command: list[str], log: Path, allowed: tuple[int, ...] = (0,), cluster: LocalDask | None = None) -> Result:
    """Run `command`, timed by wall clock, with the peak memory of its process and of its largest worker.

    Parent peak: with no worker processes (1 worker), exactly the kernel's
    ru_maxrss from os.wait4. With workers, wait4's figure is the largest of the
    parent and all the workers it waited for, so the parent's own peak comes
    from sampling its VmHWM instead, and each worker's likewise. A forked
    worker's VmHWM includes the pages it shares with the parent.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        machine_before = busy_cpu_seconds()
        workers_before = cluster.cpu_seconds() if cluster else 0.0
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        sampler = PeakSampler(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stop()
        workers_cpu = cluster.cpu_seconds() - workers_before if cluster else 0.0
        machine = busy_cpu_seconds() - machine_before
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
    if process.returncode not in allowed:
        tail = log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(command)}\nexited with {process.returncode}:\n{tail}")
    worker = sampler.largest_descendant
    parent = sampler.peaks.get(process.pid, 0) if worker else usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime + workers_cpu
    # The sampler's own looks at /proc count as "others": a few milliseconds a second.
    return Result(seconds, cpu, max(0.0, machine - cpu), parent_kib=parent, worker_kib=worker)


# ------------------------------------------------------------ counting what was made


def count_generator(result: Result, out: Path) -> None:
    manifest = out / "manifest.csv"
    if not manifest.is_file():
        tail = (OUT / "logs" / f"{out.name}.err").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"the generator wrote no {manifest}:\n{tail}")
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    failed = [row for row in rows if row["status"] != "made"]
    if failed:
        sys.stderr.write(f"warning: {len(failed)} document(s) failed in {out}: {failed[0]['error']}\n")
    for row in rows:
        if row["status"] == "made":
            result.documents += 1
            result.pages += int(row["pages"])
            result.pages_by_document.setdefault(row["document"], Counter())[int(row["pages"])] += 1


def count_pdfs(result: Result, out: Path) -> None:
    for path in sorted(out.glob("*/*.pdf")):
        pages = len(PdfReader(path).pages)
        result.documents += 1
        result.pages += pages
        result.pages_by_document.setdefault(path.stem, Counter())[pages] += 1


def run(config: Config) -> Result:
    shutil.rmtree(config.out, ignore_errors=True)
    # The generator exits with 1 when it made some documents and failed others (its manifest says which);
    # a crash exits with 1 too, but then there is no manifest and counting stops the benchmark.
    allowed = (0,) if config.tool == "bare" else (0, 1)
    result = timed(config.command(), OUT / "logs" / config.out.name, allowed, config.cluster)
    (count_pdfs if config.tool == "bare" else count_generator)(result, config.out)
    if result.disturbed:
        sys.stderr.write(
            f"warning: other processes used {result.others_cpu_seconds:.1f} CPU s during this "
            f"{result.seconds:.1f} s run: the machine is not quiet\n"
        )
    if config.best is None or result.seconds < config.best.seconds:
        config.best = result
    return result


# ------------------------------------------------------------ report


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}" if kib else "–"


def page_counts(result: Result) -> str:
    parts = []
    for document in DOCUMENTS:
        counts = result.pages_by_document.get(document, Counter())
        low, high = (min(counts), max(counts)) if counts else (0, 0)
        parts.append(f"{document} {low}" if low == high else f"{document} {low}–{high}")
    return ", ".join(parts)


def context(args: argparse.Namespace, cores: int) -> str:
    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "handout_engine", "layouts", "generate.py"):
        commit += " + uncommitted engine changes"
    accel = "with" if importlib.util.find_spec("_rl_accel") else "without"
    return (
        f"{dt.date.today().isoformat()}, {platform.machine()}, {cores} core(s), Python {platform.python_version()}, "
        f"ReportLab {importlib.metadata.version('reportlab')} {accel} rl_accel, commit {commit}; "
        f"{args.patients} patients (seed {args.seed}), best of {args.repeat}."
    )


def engine_fingerprint() -> str:
    """A hash of the generator's code: the engine may be edited while a benchmark runs."""
    digest = hashlib.sha256()
    for path in sorted([ROOT / "generate.py", *ROOT.glob("handout_engine/**/*.py"), *ROOT.glob("layouts/**/*.py")]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def report(configs: dict[str, Config], about: str, args: argparse.Namespace, cores: int, small: int) -> str:
    lines = [
        about,
        "",
        "| run | workers | documents | pages | seconds | CPU s | documents/s | pages/s "
        "| parent peak MiB | largest worker MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for config in configs.values():
        r = config.best
        assert r is not None
        name = f"{config.name} *" if r.disturbed else config.name
        lines.append(
            f"| {name} | {config.workers} | {r.documents} | {r.pages} | {r.seconds:.1f} | {r.cpu_seconds:.1f} | "
            f"{r.documents_per_second:.1f} | {r.pages_per_second:.0f} | {mib(r.parent_kib)} | {mib(r.worker_kib)} |"
        )

    def best(key: str) -> Result:
        result = configs[key].best
        assert result is not None
        return result

    def per_page(result: Result) -> float:
        return result.seconds / result.pages

    def cpu_per_page(result: Result) -> float:
        return result.cpu_seconds / result.pages

    gen1, bare1, gen_n, bare_n = best("gen-1"), best("bare-1"), best(f"gen-{cores}"), best(f"bare-{cores}")
    gen_speed_up = gen_n.pages_per_second / gen1.pages_per_second
    bare_speed_up = bare_n.pages_per_second / bare1.pages_per_second
    lines += [
        "",
        f"- Generator time per page ÷ bare ReportLab time per page: {per_page(gen1) / per_page(bare1):.2f}× at "
        f"1 worker, {per_page(gen_n) / per_page(bare_n):.2f}× at {cores} workers "
        f"(CPU time per page: {cpu_per_page(gen1) / cpu_per_page(bare1):.2f}× and "
        f"{cpu_per_page(gen_n) / cpu_per_page(bare_n):.2f}×).",
        f"- Speed-up from 1 to {cores} workers (pages/s): generator {gen_speed_up:.2f}×, bare {bare_speed_up:.2f}×.",
        f"- Memory flatness (generator, 1 worker, parent peak RSS): {mib(best('gen-small').parent_kib)} MiB for "
        f"{small} patients, {mib(gen1.parent_kib)} MiB for {args.patients}.",
        f"- Pages per document: generator {page_counts(gen1)}; bare {page_counts(bare1)}.",
    ]
    if "untagged" in configs:
        untagged = best("untagged")
        cost = cpu_per_page(gen1) / cpu_per_page(untagged)
        lines.append(
            f"- What tagging costs (1 worker, bench/untagged.py: the same batch with the tagging layer switched off): "
            f"{gen1.cpu_seconds:.1f} CPU s tagged against {untagged.cpu_seconds:.1f} untagged, {cost:.2f}× the CPU "
            f"time per page ({cost - 1:+.0%}); untagged against bare ReportLab "
            f"{cpu_per_page(untagged) / cpu_per_page(bare1):.2f}× (CPU), {per_page(untagged) / per_page(bare1):.2f}× "
            "(wall)."
        )
    if "bundle" in configs:
        bundle = best("bundle")
        bundle_pages = len(PdfReader(configs["bundle"].out / "print-bundle.pdf").pages)
        lines.append(
            f"- The print bundle ({bundle_pages} pages, blank backs included) at {cores} workers costs "
            f"{bundle.seconds - gen_n.seconds:+.1f} s ({bundle.seconds / gen_n.seconds - 1:+.0%})."
        )
    if "dask" in configs:
        dask = best("dask")
        records = args.patients
        lines.append(
            f"- On a local Dask cluster ({cores} single-threaded worker processes): {records / dask.seconds:.1f} "
            f"records/s against {records / gen_n.seconds:.1f} for the local pool of {cores} "
            f"({dask.pages_per_second / gen_n.pages_per_second:.2f}×); overhead per record "
            f"{(dask.seconds - gen_n.seconds) / records * 1000:+.1f} ms wall, "
            f"{(dask.cpu_seconds - gen_n.cpu_seconds) / records * 1000:+.1f} ms CPU; time per page against bare "
            f"ReportLab at {cores} workers {per_page(dask) / per_page(bare_n):.2f}× (workers' memory not sampled)."
        )
    disturbed = [config for config in configs.values() if config.best and config.best.disturbed]
    if disturbed:
        lines.append(
            f"- \\* Other processes used more than a tenth of a core during {len(disturbed)} run(s): their wall "
            "times are unreliable; run again on a quiet machine (CPU s suffers less)."
        )
    return "\n".join(lines) + "\n"


def make_patients(count: int, seed: int, path: Path) -> None:
    command = [sys.executable, str(HERE / "patients.py"), "--patients", str(count), "--out", str(path)]
    done = subprocess.run([*command, "--seed", str(seed)], cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stderr.write(done.stderr if done.returncode == 0 else "")
    if done.returncode != 0:  # e.g. the engine does not import: its font check names the patients' characters
        raise SystemExit(f"bench/patients.py failed:\n{done.stderr[-2000:]}")


def compile_sources() -> None:
    """The project's bytecode, written once before the runs, so that each run starts as it does on a machine that
    keeps bytecode. One that sets PYTHONDONTWRITEBYTECODE (this sandbox does) never writes it, and every start
    compiles every module of the engine again: about 0.15 s of each run, which a clinic's machine pays only once."""
    for folder in ("handout_engine", "layouts", "bench"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    compileall.compile_file(ROOT / "generate.py", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the generator's batch against bare ReportLab.")
    parser.add_argument("--patients", type=int, default=300, help="patients in the CSV (default 300)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; the fastest is kept (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed for the patients (default 2026)")
    parser.add_argument("--no-bundle", action="store_true", help="skip the run with --bundle")
    parser.add_argument("--no-cluster", action="store_true", help="skip the run on a local Dask cluster")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    small = max(1, args.patients // 10)
    full_csv, small_csv = OUT / f"patients-{args.patients}.csv", OUT / f"patients-{small}.csv"
    make_patients(args.patients, args.seed, full_csv)
    make_patients(small, args.seed, small_csv)
    compile_sources()

    configs: dict[str, Config] = {}
    for workers in sorted({1, cores}):
        configs[f"gen-{workers}"] = Config("generator", "generator", workers, full_csv, OUT / f"generator-{workers}")
    for workers in sorted({1, cores}):
        configs[f"bare-{workers}"] = Config("bare ReportLab", "bare", workers, full_csv, OUT / f"bare-{workers}")
    configs["untagged"] = Config("generator, untagged", "untagged", 1, full_csv, OUT / "generator-untagged")
    if not args.no_bundle:
        configs["bundle"] = Config("generator + bundle", "generator", cores, full_csv, OUT / "generator-bundle", True)
    configs["gen-small"] = Config(f"generator, {small} patients", "generator", 1, small_csv, OUT / "generator-small")
    cluster = None if args.no_cluster else LocalDask(cores)
    if cluster is not None:
        configs["dask"] = Config(
            "generator on Dask", "generator", cores, full_csv, OUT / "generator-dask", cluster=cluster
        )
    try:
        text = run_all(configs, args, cores, small)
    finally:
        if cluster is not None:
            cluster.close()
    (OUT / "results.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


def run_all(configs: dict[str, Config], args: argparse.Namespace, cores: int, small: int) -> str:

    about = context(args, cores)  # the commit the runs start from
    versions = {engine_fingerprint()}
    for attempt in range(1, args.repeat + 1):
        for number, config in enumerate(configs.values(), start=1):
            result = run(config)
            versions.add(engine_fingerprint())
            sys.stderr.write(
                f"[{attempt}/{args.repeat}] {number}/{len(configs)} {config.name}, {config.workers} worker(s): "
                f"{result.seconds:.1f} s, {result.pages} pages\n"
            )
    text = report(configs, about, args, cores, small)
    if len(versions) > 1:
        text += (
            f"- Warning: the generator's code changed during this benchmark ({len(versions)} versions were run), "
            "so its figures mix versions: run it again.\n"
        )
    return text


if __name__ == "__main__":
    main()
