"""Save-to-new-data latency of a running `impactwall serve`.

    python3 bench/load/rebuild_latency.py URL CONTENT_DIR [ROUNDS]

Opens the live event stream, then ROUNDS times rewrites one story file (write to a
temporary file + rename, as editors do) and measures the time until the `update`
event arrives and the changed JSON shard is served with the new text. Prints one JSON
object with every sample in milliseconds.
"""
import json
import os
import socket
import sys
import time
import urllib.request
from urllib.parse import urlparse


def open_events(url):
    u = urlparse(url)
    s = socket.create_connection((u.hostname, u.port), timeout=10)
    s.sendall(f"GET /_impactwall/events HTTP/1.1\r\nHost: {u.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode())
    return s.makefile("rb")


def next_event(stream, name):
    current = None
    while True:
        line = stream.readline()
        if not line:
            raise RuntimeError("event stream closed")
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("event:"):
            current = line[6:].strip()
        elif line.startswith("data:") and current == name:
            return json.loads(line[5:].strip())


def main():
    url, content = sys.argv[1].rstrip("/"), sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    stories = sorted(os.listdir(os.path.join(content, "stories")))
    target = os.path.join(content, "stories", stories[len(stories) // 2])
    slug = os.path.splitext(os.path.basename(target))[0]
    original = open(target, encoding="utf-8").read()
    events = open_events(url)
    next_event(events, "ok")
    samples_event, samples_served = [], []
    try:
        for i in range(rounds):
            marker = f"Edited for round {i} at {time.time_ns()}."
            tmp = target + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + "\n\n" + marker + "\n")
            t0 = time.perf_counter()
            os.replace(tmp, target)
            shard = f"data/stories/{slug}.json"
            update = next_event(events, "update")
            while shard not in update.get("paths", []):
                update = next_event(events, "update")
            t1 = time.perf_counter()
            body = urllib.request.urlopen(f"{url}/data/stories/{slug}.json", timeout=10).read().decode()
            t2 = time.perf_counter()
            if marker not in body:
                raise RuntimeError(f"round {i}: shard does not have the edit; update was {update}")
            samples_event.append(round((t1 - t0) * 1000, 1))
            samples_served.append(round((t2 - t0) * 1000, 1))
            time.sleep(0.3)
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
    print(json.dumps({"file": os.path.relpath(target, content), "event_ms": samples_event, "served_ms": samples_served}))


if __name__ == "__main__":
    main()
