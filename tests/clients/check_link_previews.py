#!/usr/bin/env python3
"""Reads a built site's prerendered pages the way chat apps and crawlers do.

    python3 tests/clients/check_link_previews.py [DIST]   # DIST defaults to ./dist

Every page is parsed with Python's own HTML parser (`html.parser`, independent of the
site's code). For a story, a thank-you message and an event page, and for the home
page: the `<title>`, `meta description`, `link rel=canonical`, the Open Graph and
Twitter card tags must be there, with absolute URLs under the site's `base_url`; the
`hreflang` links must point at pages that exist. `sitemap.xml` must list every page
with absolute URLs, and `robots.txt` must name it. Exits 1 on the first mismatch.
"""

import json
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse


class Mismatch(Exception):
    pass


class Head(HTMLParser):
    """Collects the tags of <head> and the text of <title> and <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.links = []
        self.title = ""
        self.h1 = ""
        self.html_lang = None
        self._in = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key and "content" in a:
                self.meta[key] = a["content"]
        elif tag == "link":
            self.links.append(a)
        elif tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data


def check(cond, what):
    if not cond:
        raise Mismatch(what)


def page_file(dist, path):
    rel = path.strip("/")
    return dist / rel / "index.html" if rel else dist / "index.html"


def parse(dist, path):
    p = Head()
    p.feed(page_file(dist, path).read_text(encoding="utf-8"))
    return p


def check_page(dist, base, path, title, kind):
    h = parse(dist, path)
    url = f"{base}{path}"
    check(title in h.title, f"{path}: <title> {h.title!r} names {title!r}")
    check(title in h.h1 or kind == "website", f"{path}: <h1> {h.h1!r} is {title!r}")
    check(h.meta.get("description"), f"{path}: meta description")
    canon = [l["href"] for l in h.links if l.get("rel") == "canonical"]
    check(canon == [url], f"{path}: canonical {canon} == {url}")
    check(h.meta.get("og:url") == url, f"{path}: og:url {h.meta.get('og:url')}")
    check(h.meta.get("og:type") == kind, f"{path}: og:type {h.meta.get('og:type')}")
    check(title in h.meta.get("og:title", ""), f"{path}: og:title")
    check(h.meta.get("og:description") == h.meta.get("description"), f"{path}: og:description")
    img = h.meta.get("og:image", "")
    check(img.startswith(base + "/"), f"{path}: og:image {img!r} is absolute under {base}")
    check((dist / urlparse(img).path.lstrip("/")).is_file(), f"{path}: og:image {img} exists")
    check(h.meta.get("twitter:card") in ("summary", "summary_large_image"), f"{path}: twitter:card")
    check(h.meta.get("twitter:image") == img, f"{path}: twitter:image")
    for alt in (l for l in h.links if l.get("rel") == "alternate" and l.get("hreflang")):
        check(alt["href"].startswith(base + "/"), f"{path}: hreflang {alt['href']} absolute")
        target = urlparse(alt["href"]).path
        check(page_file(dist, target).is_file(), f"{path}: hreflang {target} exists")
    check(h.html_lang, f"{path}: <html lang>")
    return h


def main():
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    index = json.loads((dist / "data/index.json").read_text(encoding="utf-8"))
    base = index["site"]["base_url"].rstrip("/")
    story = next(s for s in index["stories"] if s.get("image"))
    thanks = index["thanks"][0]
    event = index["events"][0]
    checked = [
        check_page(dist, base, "/", index["site"]["name"], "website"),
        check_page(dist, base, f"/stories/{story['slug']}", story["title"], "article"),
        check_page(dist, base, f"/thanks/{thanks['slug']}", thanks["from"], "article"),
        check_page(dist, base, f"/events/{event['slug']}", event["title"], "article"),
    ]
    # A story with its own picture shows that picture, not the logo.
    check(checked[1].meta["og:image"].endswith(story["image"]["src"]), "story og:image is its picture")

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(dist / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    check(f"{base}/" in locs and f"{base}/stories/{story['slug']}" in locs, "sitemap lists pages")
    for loc in locs:
        check(loc.startswith(base + "/"), f"sitemap: {loc} absolute")
        check(page_file(dist, urlparse(loc).path).is_file(), f"sitemap: {loc} exists")
    robots = (dist / "robots.txt").read_text(encoding="utf-8")
    check(f"Sitemap: {base}/sitemap.xml" in robots, "robots.txt names the sitemap")
    print(f"link previews: {len(checked)} pages, sitemap of {len(locs)} URLs, robots.txt: ok")


if __name__ == "__main__":
    try:
        main()
    except Mismatch as m:
        print(f"link previews: {m}")
        sys.exit(1)
