# impactwall: `make run` serves the sample site, `make test` runs every test.
# Both install what they need first (scripts/setup.sh, idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export CARGO_TERM_COLOR ?= never

# The debug CLI, wherever cargo puts its artifacts.
TARGET_DIR := $(if $(CARGO_TARGET_DIR),$(CARGO_TARGET_DIR),$(CURDIR)/target)
CLI := $(TARGET_DIR)/debug/impactwall
export IMPACTWALL_BIN := $(CLI)
CONTENT ?= content
PORT ?= 8080

.PHONY: run test setup-run setup-test cli shell-release site xss-site size lint unit wasm-test fuzz-build e2e clients bench

run: setup-run shell-release
	cargo run --release --bin impactwall -- serve $(CONTENT) --shell target/shell --port $(PORT)

test: setup-test lint unit wasm-test fuzz-build site xss-site size clients e2e
	@echo "make test: all green"

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

# Native: every crate of the workspace. Browser: the crates that are built for wasm32.
WASM_CRATES := -p impactwall-web -p impactwall-model

lint: setup-test
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy $(WASM_CRATES) --target wasm32-unknown-unknown --all-targets -- -D warnings

unit: setup-test
	cargo test --workspace --all-targets

# Component tests in headless Chromium (crates/web/tests/web.rs).
wasm-test: setup-test
	CHROMEDRIVER=/usr/bin/chromedriver cargo test -p impactwall-web --target wasm32-unknown-unknown --test web

# The debug command line the sites, the fixtures and the browser tests use.
cli:
	cargo build --bin impactwall

# The app shells (trunk) in release mode: the reading site in target/shell, the wall
# screen, a bundle of its own, in target/shell/wall (served at /wall), and the
# publishing desk, another, in target/shell/desk (served at /desk by `serve --desk`
# only; `impactwall build` leaves it out). One Content-Security-Policy then covers the
# inline scripts of all three.
shell-release: setup-run
	trunk build --release
	trunk build --release --dist target/shell/wall --public-url /wall/ wall/index.html
	trunk build --release --dist target/shell/desk --public-url /desk/ desk/index.html
	python3 scripts/csp.py target/shell/index.html target/shell/wall/index.html target/shell/desk/index.html

# The sample site in dist/: release shell + content.
site: shell-release cli
	$(CLI) build $(CONTENT) --out dist --shell target/shell

# The hostile-content site the browser security tests open (tests/fixtures/xss).
xss-site: shell-release cli
	$(CLI) build tests/fixtures/xss --out target/xss-dist --shell target/shell

# The fuzz targets compile (running them: see fuzz/README.md).
fuzz-build: setup-test
	cargo build --manifest-path fuzz/Cargo.toml --target-dir target

# The wasm size budget, and a report of the largest functions of each bundle
# (target/size-report.txt).
size: shell-release
	bash tests/size_budget.sh target/shell
	bash scripts/size-report.sh > target/size-report.txt
	@echo "size report: target/size-report.txt"

# Real clients read what the build and the digest write: feeds, calendars, mail.
clients: setup-test site cli
	python3 tests/clients/check_feed_calendar.py dist
	python3 tests/clients/check_link_previews.py dist
	python3 tests/clients/check_digest.py $(CONTENT)

e2e: setup-test site xss-site cli
	node --test --test-concurrency=1 tests/e2e/

# Benchmarks are not tests: they report ratios against a reference measured in the
# same run. Figures: bench/results.md.
bench: shell-release site
	cargo build --release --bin impactwall
	node bench/paint/paint.mjs
	bash bench/content/run.sh
	bash bench/load/run.sh
	node bench/soak/soak.mjs
	node bench/wall-power/power.mjs
	bash bench/search/run.sh
