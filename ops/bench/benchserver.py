"""What the HTTP benchmarks share: a release server started on a benchmark database, and percentiles."""
import contextlib
import subprocess
import sys
import time
import urllib.request


@contextlib.contextmanager
def running(command, url):
    """Starts `command`, waits until `url` answers, yields the process, and stops it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if process.poll() is not None:
                sys.exit(f"{command[0]} exited with status {process.returncode}: {' '.join(command)}")
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit(f"the server did not start: {' '.join(command)}")
        yield process
    finally:
        process.terminate()
        process.wait()


@contextlib.contextmanager
def serve(binary, database, port):
    """Starts `commonplace serve` on `database`, waits for /health, yields its base URL, and stops it afterwards."""
    base = f"http://127.0.0.1:{port}"
    with running([binary, "serve", "--database", database, "--port", str(port), "--secure-cookies", "false"], base + "/health"):
        yield base


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
