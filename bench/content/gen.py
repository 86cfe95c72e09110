#!/usr/bin/env python3
"""Generates the same corpus twice: as an impactwall content folder and as a Hugo site.

    python3 bench/content/gen.py OUT_DIR [N] [--vocab small|zipf]

N stories (default 1000) with front matter and ~400 words of Markdown each, plus N/4
thank-you messages and N/20 events for impactwall. Deterministic (fixed seed), so runs
compare like with like.

`--vocab small` (the default) draws every word from 36 words, as the build benchmarks
always have: the same text for every comparison on record. It is a worst case for
search: every word is in nearly every item. `--vocab zipf` draws from 36 theme words
plus 20,000 made-up words with Zipf-distributed frequencies (word of rank r about as
frequent as 1/r), the shape of word frequencies in real text: common words are in most
items, most words in a few.
"""
import argparse
import bisect
import itertools
import random
from pathlib import Path

WORDS = (
    "call line bus tram ferry ticket refund night help agent caller neighbour route "
    "station platform late early kind patient listened solved home family school "
    "hospital market rain winter summer morning evening shift team chat email letter"
).split()


SYLLABLES = (
    "ba be bi bo da de di do fa fe fi ka ke ki ko la le li lo ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo"
).split()


class Vocabulary:
    """Draws words: uniformly from WORDS, or Zipf-distributed over a larger list."""

    def __init__(self, kind, size=20_000):
        if kind == "small":
            self.words, self.cumulative = WORDS, None
            return
        made_up = ("".join(p) for n in (2, 3) for p in itertools.product(SYLLABLES, repeat=n))
        extra = [w for w in made_up if w not in WORDS][:size]
        # The theme words are spread over the ranks, so some stay common and some rare.
        self.words = list(extra)
        for i, w in enumerate(WORDS):
            self.words.insert(min(len(self.words), (i * i * 7) % 4000), w)
        self.cumulative = list(itertools.accumulate(1.0 / r for r in range(1, len(self.words) + 1)))

    def choice(self, rng):
        if self.cumulative is None:
            return rng.choice(self.words)
        x = rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, x)]


VOCAB = Vocabulary("small")


def paragraph(rng, n):
    words = [VOCAB.choice(rng) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def body(rng):
    parts = []
    for i in range(6):
        if i == 2:
            parts.append("## What changed\n")
        if i == 4:
            parts.append("- " + paragraph(rng, 8) + "\n- " + paragraph(rng, 9) + "\n")
        parts.append(paragraph(rng, 60) + " **" + VOCAB.choice(rng) + "** [more](https://example.org/x)\n")
    return "\n".join(parts)


def main():
    global VOCAB
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("out", type=Path)
    args.add_argument("n", type=int, nargs="?", default=1000)
    args.add_argument("--vocab", choices=("small", "zipf"), default="small")
    opts = args.parse_args()
    out, n = opts.out, opts.n
    VOCAB = Vocabulary(opts.vocab)
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
            f'tags = ["{VOCAB.choice(rng)}"]\npeople_helped = {rng.randint(1, 40)}\nconsent = true\n+++\n\n{text}'
        )
        (hugo / "content" / "stories" / f"story-{i}.md").write_text(
            f'+++\ntitle = "{title}"\ndate = 2026-{month:02}-{day:02}\nsummary = "{summary}"\n'
            f'tags = ["{VOCAB.choice(rng)}"]\n+++\n\n{text}'
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
