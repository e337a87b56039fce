#!/usr/bin/env python3
"""Cross-checks Commonplace's argon2id hashes with argon2-cffi (a standard implementation).

  argon2_interop.py verify   stdin: {"hash": "...", "password": "..."}  -> prints "ok" or "mismatch"
  argon2_interop.py hash     stdin: the password (UTF-8, no newline)    -> prints a PHC string
"""
import json
import sys

from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError

hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

if sys.argv[1:] == ["verify"]:
    data = json.load(sys.stdin)
    try:
        hasher.verify(data["hash"], data["password"])
        print("ok")
    except VerifyMismatchError:
        print("mismatch")
elif sys.argv[1:] == ["hash"]:
    print(hasher.hash(sys.stdin.buffer.read().decode("utf-8")))
else:
    sys.exit(__doc__)
