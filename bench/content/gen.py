#!/usr/bin/env python3
"""Generates the same corpus twice: as an impactwall content folder and as a Hugo site.

    python3 bench/content/gen.py OUT_DIR [N]

N stories (default 1000) with front matter and ~400 words of Markdown each, plus N/4
thank-you messages and N/20 events for impactwall. Deterministic (fixed seed), so runs
compare like with like.
"""
import random
import sys
from pathlib import Path

WORDS = (
    "call line bus tram ferry ticket refund night help agent caller neighbour route "
    "station platform late early kind patient listened solved home family school "
    "hospital market rain winter summer morning evening shift team chat email letter"
).split()


def paragraph(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def body(rng):
    parts = []
    for i in range(6):
        if i == 2:
            parts.append("## What changed\n")
        if i == 4:
            parts.append("- " + paragraph(rng, 8) + "\n- " + paragraph(rng, 9) + "\n")
        parts.append(paragraph(rng, 60) + " **" + rng.choice(WORDS) + "** [more](https://example.org/x)\n")
    return "\n".join(parts)


def main():
    out = Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(42)
    iw = out / "impactwall"
    hugo = out / "hugo"
    for d in (iw / "stories", iw / "thanks", iw / "events", iw / "media", hugo / "content" / "stories",
              hugo / "layouts" / "_default"):
        d.mkdir(parents=True, exist_ok=True)
    (iw / "site.toml").write_text(
        'name = "Bench line"\nmission = "Benchmark corpus"\nmission_long = "A generated corpus."\n'
        'languages = ["en"]\ndefault_language = "en"\ntimezone = "Europe/Amsterdam"\n'
        'base_url = "https://bench.example.org"\n'
    )
    (hugo / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\ntitle = "Bench line"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n'
    )
    (hugo / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><title>{{ .Title }}</title><main><h1>{{ .Title }}</h1>{{ .Content }}</main>\n"
    )
    (hugo / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>\n"
    )
    for i in range(n):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        title = f"Story {i}: {paragraph(rng, 5)[:-1]}"
        summary = paragraph(rng, 14)
        text = body(rng)
        (iw / "stories" / f"story-{i}.md").write_text(
            f'+++\ntitle = "{title}"\ndate = 2026-{month:02}-{day:02}\nsummary = "{summary}"\n'
            f'tags = ["{rng.choice(WORDS)}"]\npeople_helped = {rng.randint(1, 40)}\nconsent = true\n+++\n\n{text}'
        )
        (hugo / "content" / "stories" / f"story-{i}.md").write_text(
            f'+++\ntitle = "{title}"\ndate = 2026-{month:02}-{day:02}\nsummary = "{summary}"\n'
            f'tags = ["{rng.choice(WORDS)}"]\n+++\n\n{text}'
        )
    for i in range(n // 4):
        (iw / "thanks" / f"thanks-{i}.md").write_text(
            f'+++\nfrom = "a family in town {i}"\nto = "night shift"\ndate = 2026-05-{1 + i % 28:02}\n'
            f'medium = "letter"\nquote = "{paragraph(rng, 10)}"\nconsent = true\n+++\n\n{paragraph(rng, 80)}\n'
        )
    for i in range(max(1, n // 20)):
        (iw / "events" / f"event-{i}.md").write_text(
            f'+++\ntitle = "Meet-up {i}"\nstarts = 2027-0{1 + i % 9}-{1 + i % 28:02}T18:00\n'
            f'location = "Hall {i}"\nsummary = "{paragraph(rng, 10)}"\n+++\n\n{paragraph(rng, 50)}\n'
        )


if __name__ == "__main__":
    main()
