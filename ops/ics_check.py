#!/usr/bin/env python3
"""Checks an iCalendar object (RFC 5545) read from standard input, as the calendar tests call it, and prints what it
found as JSON:

- "problems": what breaks the text format: a line end other than CRLF, a physical line over 75 octets, a fold inside
  a UTF-8 sequence, anything that looks like an email address, a TZID without its VTIMEZONE, a VTIMEZONE whose
  offsets disagree with the system's zone data (zoneinfo) at any expanded date, and anything `icalendar` refuses;
- "calendar": VERSION, PRODID and NAME;
- "components": each VEVENT as written (UID, RECURRENCE-ID, SEQUENCE, DTSTAMP, RRULE, EXDATE and RDATE counts);
- "instances": every date of every event, series expanded by `recurring-ical-events` (overrides, EXDATE and RDATE
  applied), with its UID, RECURRENCE-ID, start and end in UTC and in the event's zone, status, summary, URL,
  location, description and conference link.

Usage: ics_check.py [FROM TO]   (dates YYYY-MM-DD bounding the expansion; by default 2000-01-01 to 2100-01-01)
"""
import datetime
import json
import re
import sys
import zoneinfo

import icalendar
import recurring_ical_events

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
UTC = datetime.timezone.utc


def text_problems(data):
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the object does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets (at most 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 sequence")
    unfolded = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for match in EMAIL.finditer(unfolded):
        problems.append("an email address: " + match.group(0).decode("utf-8", "replace"))
    return problems


def utc(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def local(value):
    return value.replace(tzinfo=None).isoformat() if isinstance(value, datetime.datetime) else value.isoformat()


def tzid(prop):
    return prop.params.get("TZID") if prop is not None else None


def timezone_problems(calendar, instances):
    """Each VTIMEZONE read on its own (not looked up by name) against zoneinfo, at every expanded start and end."""
    problems = []
    own = {}
    for component in calendar.walk("VTIMEZONE"):
        name = str(component["TZID"])
        own[name] = component.to_tz(lookup_tzid=False)
    used = set()
    for component in calendar.walk("VEVENT"):
        for key in ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"):
            values = component.get(key)
            for prop in values if isinstance(values, list) else [values]:
                if prop is not None and tzid(prop):
                    used.add(str(tzid(prop)))
    for name in sorted(used - set(own)):
        problems.append(f"TZID {name} has no VTIMEZONE")
    checked = 0
    for instance in instances:
        for key in ("DTSTART", "DTEND"):
            value = instance.get(key)
            moment = value.dt if value is not None else None
            if not isinstance(moment, datetime.datetime) or moment.tzinfo is None:
                continue
            name = str(tzid(value) or "")
            if name not in own:
                continue
            # Compared at the instant (a wall time in a DST gap or fold is read differently by different libraries).
            instant = moment.astimezone(UTC)
            theirs = instant.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
            ours = instant.astimezone(own[name]).utcoffset()
            checked += 1
            if theirs != ours:
                problems.append(f"VTIMEZONE {name} gives {ours} at {instant}, zoneinfo {theirs}")
    return problems, checked


def main():
    data = sys.stdin.buffer.read()
    start, end = (sys.argv[1], sys.argv[2]) if len(sys.argv) > 2 else ("2000-01-01", "2100-01-01")
    problems = text_problems(data)
    calendar = icalendar.Calendar.from_ical(data)
    instances = list(recurring_ical_events.of(calendar).between(
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)))
    zone_problems, checked = timezone_problems(calendar, instances)
    problems += zone_problems

    def count(component, key):
        values = component.get(key)
        if values is None:
            return 0
        return sum(len(value.dts) for value in (values if isinstance(values, list) else [values]))

    components = []
    for component in calendar.walk("VEVENT"):
        rid = component.get("RECURRENCE-ID")
        components.append({
            "uid": str(component.get("UID")),
            "recurrence_id": local(rid.dt) if rid is not None else None,
            "sequence": int(component.get("SEQUENCE", 0)),
            "dtstamp": utc(component.decoded("DTSTAMP")) if "DTSTAMP" in component else None,
            "rrule": component["RRULE"].to_ical().decode() if "RRULE" in component else None,
            "exdates": count(component, "EXDATE"),
            "rdates": count(component, "RDATE"),
            "status": str(component.get("STATUS", "")),
        })

    def field(instance, key):
        value = instance.get(key)
        return str(value) if value is not None else None

    out_instances = []
    for instance in instances:
        rid = instance.get("RECURRENCE-ID")
        out_instances.append({
            "uid": str(instance.get("UID")),
            "recurrence_id": local(rid.dt) if rid is not None else None,
            "start": utc(instance.decoded("DTSTART")),
            "end": utc(instance.decoded("DTEND")),
            "start_local": local(instance.decoded("DTSTART")),
            "tzid": str(tzid(instance.get("DTSTART")) or ""),
            "status": field(instance, "STATUS"),
            "sequence": int(instance.get("SEQUENCE", 0)),
            "summary": field(instance, "SUMMARY"),
            "url": field(instance, "URL"),
            "location": field(instance, "LOCATION"),
            "description": field(instance, "DESCRIPTION"),
            "conference": field(instance, "CONFERENCE"),
        })
    out_instances.sort(key=lambda i: (i["start"], i["uid"]))
    print(json.dumps({
        "problems": problems,
        "timezone_checks": checked,
        "calendar": {key.lower(): field(calendar, key) for key in ("VERSION", "PRODID", "NAME")},
        "components": components,
        "instances": out_instances,
    }))


if __name__ == "__main__":
    main()
