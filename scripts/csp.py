"""Content-Security-Policy for the built app shell (trunk post_build hook, see csp.sh).

    python3 scripts/csp.py DIR/index.html [DIR/wall/index.html ...]

With several shells (the reading site and the wall screen are separate bundles), every
shell gets one policy allowing the inline scripts of all of them, and `_headers` is
written beside the first: static hosts read it at the site root, and a second policy
for a sub-path would be enforced together with the first.

1. Refuses a shell the policy would break or that would weaken it: inline event
   handlers (`onclick=`), inline `style="…"` attributes, `javascript:` URLs.
2. Hashes every inline <script> (sha256, base64) and writes the policy as the first
   element of <head>, replacing an earlier one (the hook may run twice).
3. Writes `_headers` beside index.html: the same policy plus `frame-ancestors 'none'`
   and the other response headers, for static hosts that read that file (Netlify,
   Cloudflare Pages). `frame-ancestors` only works as a header, so it is left out of
   the meta tag, where browsers ignore it with a console warning.

The directives match `impactwall serve` (crates/server/src/http.rs); docs/security.md
explains each one.
"""
import base64
import hashlib
import os
import re
import sys

# Directives shared by the meta tag and the headers. `{scripts}` is replaced by the
# hashes of the inline scripts.
DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{scripts}",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
]
# Honoured only as HTTP headers.
HEADER_ONLY = ["frame-ancestors 'none'"]

OTHER_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
]

META_RE = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)
INLINE_SCRIPT_RE = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)
TAG_RE = re.compile(r"<[a-zA-Z][^>]*>")
HANDLER_RE = re.compile(r"""\s(on[a-z]+)\s*=""", re.I)
STYLE_ATTR_RE = re.compile(r"""\sstyle\s*=""", re.I)
JS_URL_RE = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


def script_hashes(html):
    return [
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        for s in INLINE_SCRIPT_RE.findall(html)
    ]


def policy(hashes, header=False):
    scripts = "".join(" " + h for h in hashes)
    directives = [d.format(scripts=scripts) for d in DIRECTIVES]
    if header:
        directives += HEADER_ONLY
    return "; ".join(directives)


def problems(html):
    """Markup the policy blocks (it would fail silently in the browser) or that
    undermines it."""
    found = []
    for tag in TAG_RE.findall(html):
        if tag.lower().startswith("<meta"):
            continue
        for name in HANDLER_RE.findall(tag):
            found.append("inline event handler %s= in %s" % (name, tag))
        if STYLE_ATTR_RE.search(tag):
            found.append("inline style attribute in %s (use a stylesheet)" % tag)
        if JS_URL_RE.search(tag):
            found.append("javascript: URL in %s" % tag)
    return found


def apply(html, hashes=None):
    """Returns (html with the meta tag, header policy) or raises ValueError. `hashes`
    defaults to those of the page's own inline scripts."""
    html = META_RE.sub("", html)
    found = problems(html)
    if found:
        raise ValueError("; ".join(found))
    if hashes is None:
        hashes = script_hashes(html)
    meta = '<meta http-equiv="Content-Security-Policy" content="%s">' % policy(hashes)
    html, n = re.subn(r"<head(\s[^>]*)?>", lambda m: m.group(0) + "\n    " + meta, html, count=1, flags=re.I)
    if n != 1:
        raise ValueError("no <head> element")
    return html, policy(hashes, header=True)


def headers_file(header_policy):
    lines = ["/*", "  Content-Security-Policy: " + header_policy]
    lines += ["  %s: %s" % h for h in OTHER_HEADERS]
    return "\n".join(lines) + "\n"


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main(paths):
    pages = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            pages.append(META_RE.sub("", f.read()))
    hashes = []
    for html in pages:
        hashes += [h for h in script_hashes(html) if h not in hashes]
    results = []
    for path, html in zip(paths, pages):
        try:
            results.append(apply(html, hashes))
        except ValueError as e:
            print("csp: %s: %s" % (path, e), file=sys.stderr)
            return 1
    for path, (html, _) in zip(paths, results):
        write(path, html)
    root = os.path.dirname(paths[0])
    write(os.path.join(root, "_headers"), headers_file(results[0][1]))
    for path in paths[1:]:
        stray = os.path.join(os.path.dirname(path), "_headers")
        if os.path.dirname(path) != root and os.path.exists(stray):
            os.remove(stray)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: csp.py DIR/index.html [OTHER/index.html ...]", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
