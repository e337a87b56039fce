#!/usr/bin/env python3
"""Parses an Atom feed read from standard input with feedparser (the feed tests call this) and prints what it read as
JSON: whether feedparser found the feed ill-formed ("bozo"), the feed's id, title and updated date, and each entry's
id, title, link, dates, author and content, with HTML sanitizing and URI resolution off so the content is compared
byte for byte with what the server stored. The document is also parsed by Python's own XML parser (expat)."""
import json
import sys
import xml.etree.ElementTree as ElementTree

import feedparser

data = sys.stdin.buffer.read()
ElementTree.fromstring(data)  # raises (exit status 1) on any ill-formed XML
parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
feed = parsed.feed


def content(entry):
    items = entry.get("content") or []
    return {"value": items[0].value, "type": items[0].type} if items else None


print(json.dumps({
    "bozo": int(parsed.bozo),
    "bozo_exception": str(parsed.get("bozo_exception", "")),
    "version": parsed.version,
    "id": feed.get("id"),
    "title": feed.get("title"),
    "updated": feed.get("updated"),
    "links": [{"rel": link.get("rel"), "href": link.get("href")} for link in feed.get("links", [])],
    "entries": [{
        "id": entry.get("id"),
        "title": entry.get("title"),
        "link": entry.get("link"),
        "published": entry.get("published"),
        "updated": entry.get("updated"),
        "author": entry.get("author"),
        "tags": [tag.get("term") for tag in entry.get("tags", [])],
        "content": content(entry),
    } for entry in parsed.entries],
}))
