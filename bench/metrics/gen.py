"""A content folder with one metrics CSV of N rows (default 100,000) over 34 teams, and
the same folder without it (the reference: what check costs without metrics)."""
import datetime
import os
import random
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
teams = [f"team-{i:02d}" for i in range(34)]
site = (
    'name = "Bench"\nmission = "M"\nmission_long = "L"\nlanguages = ["en"]\n'
    'timezone = "Europe/Amsterdam"\nbase_url = "https://bench.example.org"\n'
    '[metrics.contacts_answered]\nlabel = "contacts answered"\n'
)
for name in ("with-csv", "without-csv"):
    root = os.path.join(out, name)
    os.makedirs(os.path.join(root, "teams"))
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write(site)
    for t in teams:
        with open(os.path.join(root, "teams", f"{t}.md"), "w") as f:
            f.write(f'+++\nname = "{t}"\n+++\n')
os.makedirs(os.path.join(out, "with-csv", "metrics"))
random.seed(1)
start = datetime.date(2020, 1, 1)
days = n // len(teams) + 1
with open(os.path.join(out, "with-csv", "metrics", "all.csv"), "w") as f:
    f.write("date,team,metric,value\n")
    for i in range(n):
        day = start + datetime.timedelta(days=i % days)
        f.write(f"{day.isoformat()},{teams[i // days]},contacts_answered,{random.randint(0, 900)}\n")
with open(os.path.join(out, "reference.csv"), "w") as f:
    f.write(open(os.path.join(out, "with-csv", "metrics", "all.csv")).read())
