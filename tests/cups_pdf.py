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
        (folder / "etc" / "cups-files.conf").write_text(
            f"ServerRoot {folder}/etc\nRequestRoot {folder}/spool\nTempDir {folder}/spool/tmp\n"
            f"CacheDir {folder}/cache\nStateDir {folder}/state\nAccessLog {self.logs}/access_log\n"
            f"ErrorLog {self.logs}/error_log\nPageLog {self.logs}/page_log\nPrintcap\n"
        )
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
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

    def printed(self, job: str, wait: float = 120) -> Path:
        """The PDF cups-pdf wrote for `job` (into the home of the user who sent it), once it is whole.

        CUPS logs the page before cups-pdf has finished writing the file (Ghostscript still running, on a busy
        machine for seconds), so wait until the file ends with %%EOF and its size has stopped changing."""
        folder = Path.home() / "PDF"
        deadline = time.monotonic() + wait
        last_size = -1
        while time.monotonic() < deadline:
            made = list(folder.glob(f"*-job_{job.rsplit('-', 1)[1]}.pdf"))
            if made:
                newest = max(made, key=lambda path: path.stat().st_mtime)
                data = newest.read_bytes()
                if len(data) == last_size and data.rstrip().endswith(b"%%EOF"):
                    return newest
                last_size = len(data)
            time.sleep(0.5)
        raise AssertionError(f"cups-pdf wrote no whole PDF for job {job} into {folder} in {wait} s")
