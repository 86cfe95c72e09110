"""Writes a synthetic content folder for load and rebuild benchmarks.

    python3 bench/load/gen_site.py OUT_DIR [ITEMS]

ITEMS (default 1000) are split between stories (60 %), thank-you messages (30 %,
every fifth a voicemail with audio) and events (10 %). Media: one ~256 KiB audio
file and one image, shared by the items that use them.
"""
import os
import random
import sys

WORDS = (
    "call form rent bill family neighbour energy office letter appointment help "
    "question answer team evening morning language school clinic visit support "
    "week month paperwork deadline phone queue garden bridge harbour lantern"
).split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def main():
    out = sys.argv[1]
    items = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(7)
    for d in ("stories", "thanks", "events", "media"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    with open(os.path.join(out, "site.toml"), "w") as f:
        f.write(
            'name = "Benchmark Helpdesk"\n'
            'mission = "Every caller gets a next step."\n'
            'mission_long = """\nWe answer questions about forms, bills and appointments.\n"""\n'
            'languages = ["en", "es", "nl"]\n'
            'default_language = "en"\n'
            'timezone = "Europe/Amsterdam"\n'
            'base_url = "https://bench.example.org"\n'
        )
    # Audio: random bytes compress poorly, like real mp3 data.
    with open(os.path.join(out, "media", "voicemail.mp3"), "wb") as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(256 * 1024)))
    with open(os.path.join(out, "media", "desk.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(20 * 1024)))
    n_stories = items * 6 // 10
    n_thanks = items * 3 // 10
    n_events = items - n_stories - n_thanks
    for i in range(n_stories):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        body = "\n\n".join(sentence(rng, 18) for _ in range(4))
        with open(os.path.join(out, "stories", f"story-{i:04d}.md"), "w") as f:
            f.write(
                "+++\n"
                f'title = "{sentence(rng, 5)[:-1]} {i}"\n'
                f"date = 2026-{month:02d}-{day:02d}\n"
                f'summary = "{sentence(rng, 12)}"\n'
                f'tags = ["{rng.choice(WORDS)}", "{rng.choice(WORDS)}"]\n'
                f'team = "team-{i % 7}"\n'
                f"people_helped = {rng.randint(1, 40)}\n"
                "consent = true\n"
                + ('image = "desk.png"\nimage_alt = "A desk with a phone and forms"\n' if i % 10 == 0 else "")
                + "+++\n\n"
                + body
                + "\n"
            )
    for i in range(n_thanks):
        voicemail = i % 5 == 0
        with open(os.path.join(out, "thanks", f"thanks-{i:04d}.md"), "w") as f:
            f.write(
                "+++\n"
                f'from = "a family in district {i % 30}"\n'
                f'to = "team-{i % 7}"\n'
                f"date = 2026-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
                f'medium = "{"voicemail" if voicemail else "letter"}"\n'
                f'quote = "{sentence(rng, 10)}"\n'
                "consent = true\n"
                + (f'audio = "voicemail.mp3"\ntranscript = """\n{sentence(rng, 20)}\n"""\n' if voicemail else "")
                + "+++\n\n"
                + sentence(rng, 30)
                + "\n"
            )
    for i in range(n_events):
        with open(os.path.join(out, "events", f"event-{i:04d}.md"), "w") as f:
            f.write(
                "+++\n"
                f'title = "Open evening {i}"\n'
                f"starts = 2099-{1 + i % 12:02d}-{1 + i % 28:02d}T18:00\n"
                f'location = "Harbour Street {i}"\n'
                f'summary = "{sentence(rng, 10)}"\n'
                "+++\n\n"
                + sentence(rng, 25)
                + "\n"
            )


if __name__ == "__main__":
    main()
