#!/usr/bin/env python3
"""Times sign-in through a running Commonplace server (e.g. started by ./ops/run).

Prints the median and spread of the server's answer time for a right password, a wrong password
and an unknown email: each includes one argon2id verification, and the last two should take
about as long as each other (no account enumeration by timing).

  ops/bench/signin_timing.py [--url http://127.0.0.1:8080] [--email admin@commonplace.example]
                             [--password-file ./data/demo-sign-in.txt] [--rounds 5]

Wrong-password rounds count towards the sign-in throttle (10 per account in 15 minutes), so keep
--rounds at 9 or below.
"""
import argparse
import re
import statistics
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client():
    jar = CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def attempt(url, email, password):
    opener = client()
    html = opener.open(url + "/signin").read().decode()
    token = re.search(r'name="_csrf" value="([0-9a-f]+)"', html).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "email": email, "password": password}).encode()
    started = time.perf_counter()
    try:
        status = opener.open(url + "/signin", data=body).status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--email", default="admin@commonplace.example")
    parser.add_argument("--password-file", default="./data/demo-sign-in.txt")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    password = re.search(r"password: (\S+)", open(args.password_file).read()).group(1)

    cases = [
        ("right password", args.email, password),
        ("wrong password", args.email, password + "-wrong"),
        ("unknown email", "nobody-{n}@example.org", "a wrong password"),
    ]
    print(f"{'case':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8}  statuses")
    for name, email, secret in cases:
        times, statuses = [], set()
        for n in range(args.rounds):
            ms, status = attempt(args.url, email.format(n=n), secret)
            times.append(ms)
            statuses.add(status)
        print(f"{name:<16} {statistics.median(times):>10.1f} {min(times):>8.1f} {max(times):>8.1f}  {sorted(statuses)}")


if __name__ == "__main__":
    main()
