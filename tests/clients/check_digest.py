#!/usr/bin/env python3
"""Reads the e-mail digest with an independent mail parser and receives it with a
real SMTP server.

    pip install aiosmtpd
    python3 tests/clients/check_digest.py [CONTENT]   # CONTENT defaults to ./content

1. `impactwall digest` writes digest.txt, digest.html and digest.eml for a fixed
   period and clock; Python's `email` package must parse the .eml into a
   multipart/alternative message whose text and HTML parts are those two files, with
   the headers a mail client needs, and the text part must read well on its own.
2. A local `aiosmtpd` server is started, the content's `[digest]` is pointed at it (in
   a copy of the content folder), and `impactwall digest --send` must deliver exactly
   one message whose bytes are those of the digest.eml written by the same run.

The binary is $IMPACTWALL_BIN (set by the Makefile), else target/debug/impactwall.
Exits 1 on the first mismatch.
"""

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - set-up problem, not a test result
    print("missing client library: aiosmtpd; run `pip install aiosmtpd`")
    sys.exit(2)

# A period with stories, thank-you messages (one a voicemail) and a coming event in
# the sample content, written at a fixed moment so every run gives the same message.
PERIOD = ["--since", "2026-10-01", "--until", "2027-02-28", "--at", "2027-03-01T08:00:00+01:00"]


class Mismatch(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Mismatch(message)


def binary():
    path = os.environ.get("IMPACTWALL_BIN") or "target/debug/impactwall"
    expect(Path(path).is_file(), f"{path} is missing; run `cargo build --bin impactwall`")
    return path


def run_digest(content, out, *extra, env=None):
    cmd = [binary(), "digest", str(content), "--out", str(out), *PERIOD, *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    expect(done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def check_message(out):
    raw = (out / "digest.eml").read_bytes()
    expect(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "lines must end in CRLF")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    expect(not msg.defects, f"the message has defects: {msg.defects}")
    for header in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version"]:
        expect(msg[header], f"no {header} header")
    expect(msg["From"].addresses[0].addr_spec == "digest@impact.example.org", f"From is {msg['From']}")
    expect(msg["Subject"].startswith("Kompaslijn: stories and thanks"), f"Subject is {msg['Subject']!r}")
    expect(msg["List-Unsubscribe"] == "<mailto:digest-leave@impact.example.org>",
           f"List-Unsubscribe is {msg['List-Unsubscribe']!r}")
    expect(msg["Content-Language"] == "en", "Content-Language is not en")
    expect(msg.get_content_type() == "multipart/alternative", f"type {msg.get_content_type()}")
    parts = list(msg.iter_parts())
    expect([p.get_content_type() for p in parts] == ["text/plain", "text/html"],
           f"parts are {[p.get_content_type() for p in parts]}")
    for part in parts:
        expect(part.get_content_charset() == "utf-8", f"{part.get_content_type()} is not UTF-8")
        expect(not part.defects, f"{part.get_content_type()} has defects: {part.defects}")
    text, html = (p.get_content().replace("\r\n", "\n") for p in parts)
    expect(text == (out / "digest.txt").read_text(encoding="utf-8"), "text part != digest.txt")
    expect(html == (out / "digest.html").read_text(encoding="utf-8"), "HTML part != digest.html")
    return raw, text


def check_text_reads_well(text):
    """The text part alone: no markup, no encoding debris, short lines, whole links."""
    expect(not re.search(r"</?[a-z][^>]*>", text), "the text part contains HTML tags")
    expect("=3D" not in text and "=E2" not in text, "quoted-printable debris in the text")
    expect("**" not in text and "&amp;" not in text, "Markdown or HTML entities in the text")
    for line in text.splitlines():
        is_link = re.fullmatch(r"\s*(\S+: )?https?://\S+", line) is not None
        expect(len(line) <= 78 or is_link, f"line over 78 characters: {line!r}")
    for heading in ["NEW STORIES", "THANK-YOU MESSAGES", "COMING UP IN THE NEXT 30 DAYS"]:
        expect(heading in text, f"no {heading} section")
    expect("Listen to the voicemail:" in text, "no listen link for the voicemail")
    expect("Add to calendar:" in text, "no add-to-calendar link")
    expect("(Europe/Amsterdam)" in text and "Local time in America/New_York" in text,
           "an event abroad shows both local times")
    for url in re.findall(r"https?://\S+", text):
        expect(url.startswith(("https://impact.example.org/", "https://meet.example.org/")),
               f"unexpected link {url}")


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK delivered"


def free_port():
    # aiosmtpd's controller checks its server by connecting to the port it was given,
    # so it needs a real number rather than 0.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pointed_at(content, port, into):
    """A copy of the content folder whose [digest] sends to 127.0.0.1:port."""
    copy = into / "content"
    shutil.copytree(content, copy)
    site = (copy / "site.toml").read_text(encoding="utf-8")
    for key, value in [("smtp_host", '"127.0.0.1"'), ("smtp_port", str(port)),
                       ("smtp_security", '"none"')]:
        site, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", site)
        expect(n == 1, f"site.toml has no single {key} line to point at the test server")
    site = re.sub(r"(?m)^smtp_user = .*\n", "", site)
    (copy / "site.toml").write_text(site, encoding="utf-8")
    return copy


def check_send(content, tmp):
    handler = Collect()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        copy = pointed_at(content, port, tmp)
        out = tmp / "sent"
        env = {k: v for k, v in os.environ.items() if k != "IMPACTWALL_SMTP_PASSWORD"}
        printed = run_digest(copy, out, "--send", env=env)
    finally:
        controller.stop()
    expect(len(handler.messages) == 1, f"{len(handler.messages)} messages arrived, expected 1")
    mail_from, rcpt_tos, data = handler.messages[0]
    expect(mail_from == "digest@impact.example.org", f"MAIL FROM {mail_from}")
    expect(rcpt_tos == ["all-agents@impact.example.org"], f"RCPT TO {rcpt_tos}")
    written = (out / "digest.eml").read_bytes()
    expect(data == written, "the delivered bytes differ from digest.eml "
           f"({len(data)} vs {len(written)} bytes)")
    expect("Sent to 1 recipient" in printed, f"no delivery report in: {printed}")


def main():
    content = Path(sys.argv[1] if len(sys.argv) > 1 else "content").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "digest"
        run_digest(content, out)
        raw, text = check_message(out)
        check_text_reads_well(text)
        check_send(content, tmp)
    print(f"digest: .eml parses into text + HTML ({len(raw)} bytes); text reads well; "
          "--send delivered the same bytes to a local SMTP server")


if __name__ == "__main__":
    try:
        main()
    except Mismatch as problem:
        print(f"check_digest: {problem}")
        sys.exit(1)
