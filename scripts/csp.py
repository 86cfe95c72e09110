"""Insert a hash-based Content-Security-Policy meta tag into a built index.html."""
import base64
import hashlib
import re
import sys

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'"
)


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        html = f.read()
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        for s in scripts
    )
    meta = '<meta http-equiv="Content-Security-Policy" content="%s">' % POLICY.format(hashes=hashes).replace("  ", " ")
    html, n = re.subn(r"<head>", "<head>\n    " + meta, html, count=1)
    if n != 1:
        print("csp: no <head> in %s" % path, file=sys.stderr)
        return 1
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(html)
    import os

    os.replace(path + ".tmp", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
