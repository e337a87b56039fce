#!/usr/bin/env python3
"""Search benchmark through the HTTP endpoint of a release build.

Starts `commonplace serve` on a database filled by `commonplace bench-data`, sends each query class
N times (sequentially, one request at a time, as JSON) and prints p50, p99 and the results per page.

  swift build -c release --product commonplace
  .build/release/commonplace bench-data --database /tmp/bench.sqlite            # 1,000,000 posts
  ops/bench/search_bench.py --database /tmp/bench.sqlite [--requests 200]
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request

from benchserver import percentile, serve

MEDIUM = ["phishing", "reconciliation", "immunization", "referral", "consent", "disclosure", "audit", "outreach",
          "privacy", "encryption", "budget", "screening", "template", "workflow", "training", "volunteer"]
ACRONYMS = ["PHI", "EMR", "IAW", "AI", "GL", "FOI", "MFA", "DMC", "OHT", "SDOH"]
COMMON = ["clinic", "team", "staff", "community", "members", "process", "client", "work", "data", "health"]


def classes(rng):
    # The mixed class draws from a generator of its own, so the other classes ask the same queries as before it existed.
    mixed = random.Random(2027)
    forgiving = random.Random(2028)
    return {
        "rare term": lambda: f"rare{rng.randrange(500)}",
        "medium term": lambda: rng.choice(MEDIUM),
        "acronym": lambda: rng.choice(ACRONYMS),
        "two terms": lambda: f"{rng.choice(MEDIUM)} {rng.choice(COMMON)}",
        "acronym and a term": lambda: f"{mixed.choice(ACRONYMS)} {mixed.choice(MEDIUM)}",
        "term in most posts": lambda: rng.choice(["the", "we", "and", "our"]),
        "common phrase": lambda: f'"the {rng.choice(COMMON)}"',
        "filtered (in:, kind:)": lambda: f"{rng.choice(MEDIUM)} in:privacy kind:question",
        # Issue 15's forgiving search, from a generator of its own (the classes above keep their queries):
        # a misspelt term (little found, so the vocabulary is asked for a correction), a question typed as a
        # sentence (every word required finds little, so the meaningful words rank discussions) and filters alone.
        "typo (did you mean)": lambda: typo(forgiving.choice(MEDIUM), forgiving),
        "sentence": lambda: (f"how do {forgiving.choice(['we', 'you', 'other teams'])} handle {forgiving.choice(MEDIUM)} "
                             f"for a {forgiving.choice(COMMON)} {forgiving.choice(['quickly', 'safely', 'after hours'])}"),
        "filters alone": lambda: forgiving.choice(["is:unanswered in:privacy", "kind:question", "is:answered",
                                                    "in:privacy kind:lesson", "is:unanswered"]),
    }


def typo(word, rng):
    """`word` with one letter dropped or two neighbours swapped."""
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]



def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--binary", default=".build/release/commonplace")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with serve(args.binary, args.database, args.port) as base:
        rng = random.Random(2026)
        # Warm-up: a few queries of every class, so the first class measured does not pay for a cold cache.
        for make in classes(random.Random(7)).values():
            for _ in range(10):
                warm = urllib.request.Request(base + "/search?" + urllib.parse.urlencode({"q": make()}),
                                              headers={"Accept": "application/json"})
                urllib.request.urlopen(warm, timeout=60).read()
        print(f"{'query class':<24} {'p50 ms':>8} {'p99 ms':>8} {'results/page':>13}  {'example'}")
        for name, make in classes(rng).items():
            times, counts = [], []
            example = ""
            for n in range(args.requests + 5):
                q = make()
                example = example or q
                request = urllib.request.Request(base + "/search?" + urllib.parse.urlencode({"q": q}),
                                                 headers={"Accept": "application/json"})
                started = time.perf_counter()
                body = urllib.request.urlopen(request, timeout=30).read()
                elapsed = (time.perf_counter() - started) * 1000
                if n >= 5:  # warm-up excluded
                    times.append(elapsed)
                    counts.append(len(json.loads(body)["results"]))
            print(f"{name:<24} {statistics.median(times):>8.1f} {percentile(times, 99):>8.1f} {statistics.mean(counts):>13.1f}  {example}")
    size = os.path.getsize(args.database) + (os.path.getsize(args.database + "-wal") if os.path.exists(args.database + "-wal") else 0)
    print(f"database size: {size / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
