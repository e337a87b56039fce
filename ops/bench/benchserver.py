"""What the HTTP benchmarks share: a release server started on a benchmark database, and percentiles."""
import contextlib
import subprocess
import sys
import time
import urllib.request


@contextlib.contextmanager
def serve(binary, database, port):
    """Starts `commonplace serve` on `database`, waits for /health, yields its base URL, and stops it afterwards."""
    server = subprocess.Popen([binary, "serve", "--database", database, "--port", str(port), "--secure-cookies", "false"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("the server did not start")
        yield base
    finally:
        server.terminate()
        server.wait()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
