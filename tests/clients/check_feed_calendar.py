#!/usr/bin/env python3
"""Reads a built site's feed and calendars with real client libraries.

    pip install feedparser icalendar
    python3 tests/clients/check_feed_calendar.py [DIST]   # DIST defaults to ./dist

`feed.xml` is parsed with feedparser and `calendar.ics` plus one
`calendar/{slug}.ics` with icalendar. Titles, dates, languages and time zones
must match what `data/index.json` says. Exits 1 on the first mismatch.
"""

import datetime as dt
import json
import sys
from pathlib import Path

try:
    import feedparser
    import icalendar
except ImportError as missing:  # pragma: no cover - set-up problem, not a test result
    print(f"missing client library: {missing}; run `pip install feedparser icalendar`")
    sys.exit(2)

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None


class Mismatch(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Mismatch(message)


def parse_instant(text):
    """RFC 3339 `…Z` from the index as an aware UTC datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def check_feed(dist, index):
    feed = feedparser.parse(str(dist / "feed.xml"))
    expect(not feed.bozo, f"feed.xml is not well-formed: {feed.get('bozo_exception')}")
    expect(feed.version == "atom10", f"feed.xml is {feed.version!r}, expected Atom 1.0")
    site = index["site"]
    expect(feed.feed.title == site["name"], f"feed title {feed.feed.title!r} != {site['name']!r}")
    now = dt.datetime.now(dt.timezone.utc)
    base = site["base_url"].rstrip("/")
    expected = {}
    for story in index["stories"]:
        expected[f"{base}/stories/{story['slug']}"] = (story["title"], story)
    for thanks in index["thanks"]:
        expected[f"{base}/thanks/{thanks['slug']}"] = (f"{thanks['from']} → {thanks['to']}", thanks)
    seen = 0
    for entry in feed.entries:
        expect(entry.id in expected, f"feed entry {entry.id} is not in the index")
        title, item = expected[entry.id]
        expect(entry.title == title, f"{entry.id}: title {entry.title!r} != {title!r}")
        schedule = item.get("schedule", {})
        published = parse_instant(schedule.get("publish_at") or item["date"])
        got = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.timezone.utc)
        expect(got == published, f"{entry.id}: published {got} != {published}")
        expect(got <= now or "publish_at" not in schedule, f"{entry.id}: scheduled entry in feed")
        language = entry.title_detail.get("language")
        expect(language == item["lang"], f"{entry.id}: language {language!r} != {item['lang']!r}")
        expect(entry.link == entry.id, f"{entry.id}: link {entry.link}")
        audio = item.get("audio")
        if audio:
            hrefs = [e.get("href", "") for e in entry.get("enclosures", [])]
            expect(any(h.endswith(audio["src"]) for h in hrefs),
                   f"{entry.id}: no enclosure for {audio['src']} (found {hrefs})")
        seen += 1
    live = [
        i for i in index["stories"] + index["thanks"]
        if not i.get("schedule", {}).get("publish_at")
        or parse_instant(i["schedule"]["publish_at"]) <= now
    ]
    expected_count = min(50, len([
        i for i in live
        if not i.get("schedule", {}).get("expires_at")
        or parse_instant(i["schedule"]["expires_at"]) > now
    ]))
    expect(seen == expected_count, f"feed has {seen} entries, expected {expected_count}")
    return seen


def check_calendar(path, events_by_slug, host):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    expect(str(cal.get("VERSION")) == "2.0", f"{path.name}: VERSION {cal.get('VERSION')}")
    zones = {str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")}
    count = 0
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID"))
        slug, _, uid_host = uid.partition("@")
        expect(uid_host == host, f"{path.name}: UID {uid} not @{host}")
        expect(slug in events_by_slug, f"{path.name}: UID {uid} is not an event in the index")
        item = events_by_slug[slug]
        expect(str(event.get("SUMMARY")) == item["title"],
               f"{uid}: SUMMARY {event.get('SUMMARY')!r} != {item['title']!r}")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        if item["all_day"]:
            expect(type(start) is dt.date, f"{uid}: all-day DTSTART is {start!r}, expected a date")
            expect(start.isoformat() == item["starts_local"][:10],
                   f"{uid}: DTSTART {start} != {item['starts_local'][:10]}")
            expect(end > start, f"{uid}: DTEND {end} not after {start}")
        else:
            expect(isinstance(start, dt.datetime) and start.tzinfo is not None,
                   f"{uid}: DTSTART {start!r} has no time zone")
            expect(start.astimezone(dt.timezone.utc) == parse_instant(item["starts"]),
                   f"{uid}: DTSTART {start} != {item['starts']}")
            expect(end.astimezone(dt.timezone.utc) == parse_instant(item["ends"]),
                   f"{uid}: DTEND {end} != {item['ends']}")
            zone = item["timezone"]
            if zone not in ("UTC", "Etc/UTC"):
                tzid = event["DTSTART"].params.get("TZID")
                expect(tzid == zone, f"{uid}: TZID {tzid} != {zone}")
                expect(zone in zones, f"{path.name}: no VTIMEZONE for {zone}")
                local = start.strftime("%Y-%m-%dT%H:%M")
                expect(local == item["starts_local"], f"{uid}: local start {local} != {item['starts_local']}")
                if ZoneInfo is not None:
                    # The event's wall-clock time as the zone database sees it.
                    reference = parse_instant(item["starts"]).astimezone(ZoneInfo(zone))
                    expect(reference.strftime("%Y-%m-%dT%H:%M") == item["starts_local"],
                           f"{uid}: zone database puts the start at {reference}")
        count += 1
    return count


def host_of(base_url):
    rest = base_url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1]
    return host.split(":", 1)[0].lower()


def main():
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    index = json.loads((dist / "data" / "index.json").read_text(encoding="utf-8"))
    events = {e["slug"]: e for e in index["events"]}
    host = host_of(index["site"]["base_url"])
    try:
        entries = check_feed(dist, index)
        in_calendar = check_calendar(dist / "calendar.ics", events, host)
        expect(in_calendar == len(events), f"calendar.ics has {in_calendar} events, index {len(events)}")
        # One single-event file: prefer a timed event in a named zone (the hard case).
        timed = [e for e in index["events"] if not e["all_day"]] or index["events"]
        single = 0
        if timed:
            slug = timed[0]["slug"]
            single = check_calendar(dist / "calendar" / f"{slug}.ics", events, host)
            expect(single == 1, f"calendar/{slug}.ics has {single} events")
    except Mismatch as problem:
        print(f"FAIL: {problem}")
        return 1
    print(f"ok: feed.xml {entries} entries, calendar.ics {in_calendar} events, "
          f"single-event calendar {single} event")
    return 0


if __name__ == "__main__":
    sys.exit(main())
