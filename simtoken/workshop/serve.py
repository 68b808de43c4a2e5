"""Serving the lab: Voila on a free local port, and the Chromium that shows it headless.

``make workshop`` serves ``workshop/lab.ipynb`` with Voila (``--no-browser``, on 127.0.0.1):
Voila runs the notebook in a fresh kernel for each visitor and shows its widgets without any
code. The browser tests and ``make workshop-shot`` use :class:`VoilaServer` to start it on a
free port, wait until it answers, and stop it by its own process id.

Two facts of this environment shape the helpers:

* Voila is started as ``python -m voila`` so that the process id is Voila's own and stopping
  it (SIGTERM) shuts its kernels down with it.
* The browser is Debian's Chromium (``apt-get install chromium``), driven by Playwright through
  ``executable_path`` (``playwright install`` would download a browser); :data:`CHROMIUM_ARGS`
  are the switches that let it run headless as root in a container with no outside network.

The page's kernel imports the ``simtoken`` that ``PYTHONPATH`` (set to the repository root by
:class:`VoilaServer`) points at, so a test checks the code of the checkout it runs in.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

__all__ = ["CHROMIUM_ARGS", "LAB", "VoilaServer", "chromium_path", "free_port"]

LAB = Path(__file__).resolve().parents[2] / "workshop" / "lab.ipynb"
"""The lab notebook of this checkout."""

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Chromium switches for a headless run as root with no outside network."""


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class VoilaServer:
    """Voila serving ``notebook`` on 127.0.0.1, as a context manager (started, then stopped).

    Attributes:
        url: the page's address.
        log: the server's output file (read it when a test fails).
    """

    def __init__(self, notebook: Path = LAB, port: int | None = None, log: Path | None = None):
        self.notebook = notebook
        self.port = port or free_port()
        self.url = "http://" + f"127.0.0.1:{self.port}/"
        self.log = log or Path(os.devnull)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> VoilaServer:
        """Start Voila and wait until its page answers (``TimeoutError`` after ``timeout`` s)."""
        root = str(self.notebook.resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": root, "MPLBACKEND": "Agg"}
        command = [sys.executable, "-m", "voila", str(self.notebook), "--no-browser"]
        command += [f"--port={self.port}", "--Voila.ip=127.0.0.1"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "static/", timeout=2):
                    return self
            except urllib.error.HTTPError:  # it answered: it listens
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"Voila did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        """Stop Voila (SIGTERM, which shuts its kernels down) and wait for it."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> VoilaServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
