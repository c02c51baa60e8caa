"""A CUPS server of the test's own with one cups-pdf virtual printer: what `--print` and the nurses' page print to.

Debian's `cups` and `printer-driver-cups-pdf` (which .ci/run installs); the
server listens on a Unix socket in a temporary folder and is stopped and
removed again by the test that started it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def assert_installed() -> None:
    assert shutil.which("lp"), "CUPS is needed (Debian: cups printer-driver-cups-pdf)"
    assert shutil.which("lpadmin"), "CUPS is needed (Debian: cups printer-driver-cups-pdf)"
    assert Path("/usr/lib/cups/backend/cups-pdf").exists(), "the cups-pdf printer is needed (printer-driver-cups-pdf)"


class CupsPdf:
    """A CUPS server of our own (a Unix socket in a temporary folder) with one cups-pdf virtual printer."""

    def __init__(self, queue: str = "handouts-test"):
        # Not under pytest's tmp_path: CUPS runs its filters as the `lp` user, who must be able to reach the spool.
        folder = Path(tempfile.mkdtemp(prefix="handouts-cups-"))
        self.folder, self.queue = folder, queue
        self.socket = folder / "cups.sock"
        self.logs = folder / "log"
        folder.chmod(0o755)
        for name in ("etc", "spool", "spool/tmp", "cache", "state", "log"):
            (folder / name).mkdir()
            (folder / name).chmod(0o1777 if name == "spool/tmp" else 0o755)
        (folder / "etc" / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nWebInterface No\nBrowsing No\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        )
        # Printcap in our own folder: CUPS 2.4.2-3+deb12u10 refuses to start on an empty "Printcap" line.
        (folder / "etc" / "cups-files.conf").write_text(
            f"ServerRoot {folder}/etc\nRequestRoot {folder}/spool\nTempDir {folder}/spool/tmp\n"
            f"CacheDir {folder}/cache\nStateDir {folder}/state\nAccessLog {self.logs}/access_log\n"
            f"ErrorLog {self.logs}/error_log\nPageLog {self.logs}/page_log\nPrintcap {folder}/state/printcap\n"
        )
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.started = time.time() - 1
        # Job numbers of our own: cups-pdf names its files by title and job number in one folder for the user,
        # so two test runs on one machine, each with a server numbering from 1, would write the same names.
        first_job = 1000 + os.getpid() % 100000 * 10
        (self.folder / "cache" / "job.cache").write_text(f"# Job cache file for CUPS\nNextJobId {first_job}\n")
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        etc = self.folder / "etc"
        self.process = subprocess.Popen([cupsd, "-f", "-c", etc / "cupsd.conf", "-s", etc / "cups-files.conf"])
        for _ in range(100):
            if self.socket.exists():
                break
            time.sleep(0.1)
        ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
        subprocess.run(
            ["lpadmin", "-p", self.queue, "-E", "-v", "cups-pdf:/", "-P", ppd],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def page_log(self, job: str, wait: float = 180) -> str:
        """The page log's line for a finished job (CUPS writes it when the printer is done)."""
        number = job.rsplit("-", 1)[1]
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            log = self.logs / "page_log"
            if log.exists():
                for line in log.read_text().splitlines():
                    parts = line.split(" ")
                    if parts[0] == self.queue and parts[2] == number:
                        return line
            time.sleep(0.5)
        raise AssertionError(f"job {job} not printed in {wait} s: {(self.logs / 'error_log').read_text()[-2000:]}")

    def admin(self, *command: str) -> None:
        """A CUPS command on this server (cupsdisable, cupsenable, cupsreject...)."""
        subprocess.run(command, env=self.env, check=True, capture_output=True)

    def printed(self, job: str, wait: float = 60) -> bytes:
        """The PDF cups-pdf wrote for `job` (into the home of the user who sent it), once whole; the file is removed.

        Job numbers start at 1 on each server of ours, so only a file newer than this server counts; another
        test run on this machine may print (and remove) a file of the same name, so it is read at once.
        """
        folder = Path.home() / "PDF"
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                named = folder.glob(f"*-job_{job.rsplit('-', 1)[1]}.pdf")
                made = [path for path in named if path.stat().st_mtime >= self.started]
                if made:
                    newest = max(made, key=lambda path: path.stat().st_mtime)
                    data = newest.read_bytes()
                    time.sleep(0.5)
                    if data.rstrip().endswith(b"%%EOF") and newest.read_bytes() == data:
                        newest.unlink(missing_ok=True)
                        return data
            except FileNotFoundError:  # removed by another run between the listing and the reading
                pass
            time.sleep(0.5)
        raise AssertionError(f"cups-pdf wrote nothing whole for {job} into {folder} in {wait} s")


def page_images(pdf: bytes) -> list:
    """Each page as a small grey image (30 dpi), to compare what was sent with what the printer made."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=30 / 72).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


def unlike_pages(sent: bytes, arrived: bytes, most: float = 12) -> list[tuple[int, list[float]]]:
    """Pages of `arrived` that do not look like the same page of `sent` (mean grey difference, 0-255).

    cups-pdf's ghostscript may draw text as outlines, so its output is compared as a person would look at
    it: each page must be as close to the page of the same number as to any other, and close (`most`).
    """
    from PIL import ImageChops, ImageStat

    def difference(one, other) -> float:
        return ImageStat.Stat(ImageChops.difference(one, other.resize(one.size))).mean[0]

    ours, theirs = page_images(sent), page_images(arrived)
    unlike = []
    for number, page in enumerate(theirs):
        differences = [round(difference(page, each), 1) for each in ours]
        # Within a point of the closest: two patients' pages of one document look alike at this size.
        if len(ours) != len(theirs) or not differences[number] <= min(differences) + 1 or differences[number] >= most:
            unlike.append((number + 1, differences))
    return unlike
