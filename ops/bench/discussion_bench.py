#!/usr/bin/env python3
"""Discussion page benchmark: what "people who could help" costs a signed-in reader of a question.

Starts `commonplace serve` (release build) on a database filled by `commonplace bench-data`, then reads the first
page of the same questions N times as an anonymous visitor (no helper box) and N times signed in as a member of
their community (the box ranks who could help), sequentially, and prints p50 and p99 of each and their ratio.

  swift build -c release --product commonplace
  .build/release/commonplace bench-data --database /tmp/bench.sqlite            # prints the demo sign-in
  ops/bench/discussion_bench.py --database /tmp/bench.sqlite --email amara@members.example --password '…'
"""
import argparse
import http.cookiejar
import re
import sqlite3
import time
import urllib.parse
import urllib.request

from benchserver import percentile, serve



def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--binary", default=".build/release/commonplace")
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    # The busiest questions of the member's communities, read before the server starts.
    db = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    questions = [row[0] for row in db.execute("""
        SELECT d.id FROM discussion d JOIN membership m ON m.community_id = d.community_id
        JOIN user u ON u.id = m.user_id AND u.email = ?
        WHERE d.kind = 'question' AND d.held_at IS NULL AND d.hidden_at IS NULL
        ORDER BY d.post_count DESC LIMIT 20""", (args.email,))]
    db.close()
    if not questions:
        raise SystemExit("no questions in the member's communities")

    with serve(args.binary, args.database, args.port) as base:
        anonymous = urllib.request.build_opener()
        jar = http.cookiejar.CookieJar()
        member = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = member.open(base + "/signin").read().decode()
        token = re.search(r'name="_csrf" value="(\w+)"', page).group(1)
        body = urllib.parse.urlencode({"_csrf": token, "email": args.email, "password": args.password}).encode()
        member.open(base + "/signin", body)
        check = member.open(base + f"/d/{questions[0]}").read().decode()
        if "Sign out" not in check:
            raise SystemExit("sign-in failed")
        print(f"{len(questions)} questions; helper box shown to the member: {'could help' in check}")
        results = {}
        for name, opener in [("anonymous (no helper box)", anonymous), ("signed-in member (helper box)", member)]:
            for q in questions:  # warm up
                opener.open(base + f"/d/{q}").read()
            times = []
            for i in range(args.requests):
                start = time.perf_counter()
                opener.open(base + f"/d/{questions[i % len(questions)]}").read()
                times.append((time.perf_counter() - start) * 1000)
            results[name] = times
            print(f"{name:32} p50 {percentile(times, 50):6.1f} ms   p99 {percentile(times, 99):6.1f} ms")
        a, m = results.values()
        print(f"ratio signed-in / anonymous: p50 {percentile(m, 50) / percentile(a, 50):.2f}x, p99 {percentile(m, 99) / percentile(a, 99):.2f}x")


if __name__ == "__main__":
    main()
