#!/usr/bin/env python3
"""Sign-in flood benchmark: does a flood of wrong sign-ins from many addresses starve page views?

Starts the release server pinned to CPU 0 (`taskset -c 0`) on a benchmark database, measures a community page
(`/c/{slug}` of an active public community) with `wrk` pinned to CPU 1, first alone, then while a flood of wrong
sign-ins runs: POST /signin with a valid visitor cookie and `_csrf` token, unknown emails (so each checked attempt
costs a decoy argon2id hash), each from a different loopback source address 127.0.0.2 … 127.0.0.250 in turn (so the
per-address throttle, 50 failures in 15 minutes, is not what stops them), at a fixed rate (open loop: a slow answer
does not slow the flood). Prints page req/s, p50 and p99 without and with the flood and their ratio (target ≥ 0.5×),
and for the flood: attempts, answers by status, and the latency of the 429 answers (target: at once).

  swift build -c release --scratch-path .build-flood
  .build-flood/release/commonplace bench-data --database /tmp/flood.sqlite --posts 2000 --discussions 200
  ops/bench/signin_flood.py --binary .build-flood/release/commonplace --database /tmp/flood.sqlite
      [--rate 45] [--duration 10] [--connections 8] [--server-arg=--hash-max-wait=1.5 …]

The flood client runs on CPU 1 beside wrk (it is light: a few percent of a core). Needs Linux (`taskset`, the
whole 127.0.0.0/8 on loopback) and `wrk` (`apt-get install -y wrk`).
"""
import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from benchserver import percentile

SERVER_CPU, CLIENT_CPU = "0", "1"


def community_slug(database):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    row = db.execute("""
        SELECT c.slug FROM community c
        WHERE c.visibility = 'public' AND c.status = 'active' AND c.merged_into_id IS NULL
        ORDER BY (SELECT count(*) FROM discussion d WHERE d.community_id = c.id) DESC LIMIT 1""").fetchone()
    db.close()
    if not row:
        sys.exit("no active public community in the database")
    return row[0]


def start_server(args):
    command = ["taskset", "-c", SERVER_CPU, args.binary, "serve", "--database", args.database,
               "--port", str(args.port), "--secure-cookies", "false"] + args.server_arg
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        if server.poll() is not None:
            sys.exit(f"the server exited ({server.returncode}): {' '.join(command)}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not start")


def wrk(url, args):
    """Runs wrk on CPU 1 and returns (req/s, p50 ms, p99 ms)."""
    output = subprocess.run(
        ["taskset", "-c", CLIENT_CPU, "wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--latency", url],
        capture_output=True, text=True, check=True).stdout

    def ms(label):
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        print(f"  (wrk: {errors.group(1)} non-2xx answers)")
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        print(f"  (wrk socket errors: {socket_errors.group(1)}; wrk gives up on a request after 2 s)")
    return rate, ms("50%"), ms("99%")


def visitor(port):
    """A visitor cookie and its CSRF token, from GET /signin."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/signin")
    response = connection.getresponse()
    html = response.read().decode()
    cookies = "; ".join(value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie")
    token = re.search(r'name="_csrf" value="(\w+)"', html).group(1)
    connection.close()
    return cookies, token


class Flood:
    """Wrong sign-ins at a fixed rate, each on a new connection from the next 127.0.0.N."""

    def __init__(self, port, rate, cookie, token):
        self.port, self.interval, self.cookie, self.token = port, 1.0 / rate, cookie, token
        self.results = []  # (status or error name, latency ms, seconds since the flood began)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=256)
        self.thread = threading.Thread(target=self.run)

    def attempt(self, n):
        source = f"127.0.0.{2 + n % 249}"
        body = urllib.parse.urlencode({"_csrf": self.token, "email": f"flood-{os.getpid()}-{n}@nowhere.example",
                                       "password": "not the password at all"})
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
            connection.request("POST", "/signin", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcome = response.status
            connection.close()
        except OSError as error:
            outcome = type(error).__name__
        with self.lock:
            self.results.append((outcome, (time.perf_counter() - started) * 1000, started - self.began))

    def run(self):
        start, n = self.began, 0
        while not self.stopping.is_set():
            self.pool.submit(self.attempt, n)
            n += 1
            delay = start + n * self.interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)

    def __enter__(self):
        self.began = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()
        self.pool.shutdown(wait=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--binary", default=".build-flood/release/commonplace")
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--rate", type=float, default=45, help="sign-in attempts per second (default 45)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of flood before measuring (default 3)")
    parser.add_argument("--at-once-ms", type=float, default=50, help="a 429 this fast counts as 'at once' (default 50)")
    parser.add_argument("--timeline", action="store_true", help="also print the flood's answers second by second")
    parser.add_argument("--server-arg", action="append", default=[], help="extra `serve` option, e.g. --server-arg=--hash-max-wait=2")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    os.sched_setaffinity(0, {int(CLIENT_CPU)})

    slug = community_slug(args.database)
    server = start_server(args)
    try:
        url = f"http://127.0.0.1:{args.port}/c/{slug}"
        subprocess.run(["taskset", "-c", CLIENT_CPU, "wrk", "-t1", "-c2", "-d2s", url], capture_output=True)  # warm up
        print(f"page {url}, {args.connections} connections, {args.duration} s; server on CPU {SERVER_CPU}, clients on CPU {CLIENT_CPU}")
        calm = wrk(url, args)
        print(f"  without flood: {calm[0]:8.1f} req/s   p50 {calm[1]:7.1f} ms   p99 {calm[2]:7.1f} ms")
        cookie, token = visitor(args.port)
        with Flood(args.port, args.rate, cookie, token) as flood:
            time.sleep(args.warmup)
            stormy = wrk(url, args)
        print(f"  during flood:  {stormy[0]:8.1f} req/s   p50 {stormy[1]:7.1f} ms   p99 {stormy[2]:7.1f} ms")
        print(f"  ratio: {stormy[0] / calm[0]:.2f}x req/s (target >= 0.5x); p50 {stormy[1] / calm[1]:.1f}x, p99 {stormy[2] / calm[2]:.1f}x")

        results = flood.results
        elapsed = args.warmup + args.duration
        print(f"flood: {len(results)} attempts in ~{elapsed:.0f} s ({len(results) / elapsed:.1f}/s) from 249 addresses")
        for outcome in sorted({o for o, _, _ in results}, key=str):
            times = [t for o, t, _ in results if o == outcome]
            print(f"  {str(outcome):>16}: {len(times):5}   p50 {percentile(times, 50):7.1f} ms   "
                  f"p99 {percentile(times, 99):7.1f} ms   max {max(times):7.1f} ms")
        refused = [t for o, t, _ in results if o == 429]
        at_once = sum(1 for t in refused if t <= args.at_once_ms)
        print(f"  answered 429: {len(refused)} of {len(results)} ({100 * len(refused) / max(1, len(results)):.0f} %), "
              f"{at_once} of them within {args.at_once_ms:.0f} ms")
        if args.timeline:
            print("  second  attempts  429  slowest other answer (ms)   (wrk starts at second %.0f)" % args.warmup)
            for second in range(int(elapsed) + 1):
                these = [(o, t) for o, t, at in results if second <= at < second + 1]
                others = [t for o, t in these if o != 429]
                print(f"  {second:6}  {len(these):8}  {sum(1 for o, _ in these if o == 429):3}  {max(others, default=0):10.0f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
