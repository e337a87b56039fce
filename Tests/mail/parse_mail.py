#!/usr/bin/env python3
"""Reads .eml files with Python's own MIME parser (the `email` package, modern policy) and prints, as one JSON list,
what it found in each: every header decoded, the parts (type, charset, transfer encoding, decoded text with its line ends made \\n), and any
defects the parser noticed. The mail tests check messages through it rather than through our own writer.

    python3 parse_mail.py FILE.eml [FILE.eml …]
"""
import email
import email.policy
import json
import sys


def parse(path):
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    defects = [type(d).__name__ for d in message.defects]
    parts = []
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset() or "",
            "transfer_encoding": part.get("Content-Transfer-Encoding", ""),
            "content": part.get_content().replace("\r\n", "\n"),
        })
    lines = raw.split(b"\r\n")
    return {
        "headers": [[name, str(value)] for name, value in message.items()],
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": defects,
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b""),
        "max_line": max(len(line) for line in lines),
        "ascii_only": all(b < 128 for b in raw),
    }


if __name__ == "__main__":
    json.dump([parse(p) for p in sys.argv[1:]], sys.stdout)
