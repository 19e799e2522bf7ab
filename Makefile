# IPT Companion — two commands:
#   make run    build and open the app on your normal data folder
#   make test   everything CI checks: format, lints, Rust tests (with a real Secret Service),
#               generated-type drift, svelte-check, eslint, vitest, and the e2e suite under Xvfb
# Both install what is missing first (scripts/deps.sh).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CARGO_HOME)/bin:$(PATH)
# One target directory for everything (CI may point it at a cache outside the clone).
export CARGO_TARGET_DIR ?= $(CURDIR)/target
TAURI := $(CURDIR)/ui/node_modules/.bin/tauri
# Every suite (core, commands, e2e) appends its proof rows here; `make test` and `make proof`
# print them as one table at the end (scripts/proof-table.sh).
export IPT_PROOF_ROWS ?= $(CARGO_TARGET_DIR)/proof-rows.tsv
# The full-disk tests mount a small tmpfs, which needs root (CI has it). Without root they are
# skipped by name, said so, and the full-disk row in the table reads "skipped", never "ok".
FULL_DISK_TEST := a_full_disk_refuses_saves_keeps_the_draft_and_recovers_when_space_is_freed
FULL_DISK_ROW := full disk under the vault (refused saves, then space freed)
ifeq ($(shell id -u),0)
SKIP_NEEDS_ROOT :=
else
SKIP_NEEDS_ROOT := --skip $(FULL_DISK_TEST) \
  --skip a_full_disk_during_a_backup_leaves_the_vault_and_the_folder_as_they_were \
  --skip a_read_only_backup_folder_fails_clearly_and_changes_nothing
endif

.PHONY: run test deps deps-run ui types lint check-rust test-rust test-ui e2e app bundle bundle-appimage bench bench-app proof clean

run: deps-run ui
	cargo run -p ipt-companion

test: deps ui
	@mkdir -p "$(dir $(IPT_PROOF_ROWS))" && rm -f "$(IPT_PROOF_ROWS)"
	@echo "== rust: format and lints"
	$(MAKE) --no-print-directory lint
	@echo "== rust: tests (core, keyring against gnome-keyring, commands, generated types)"
	$(MAKE) --no-print-directory test-rust
	@echo "== crisis lines: when each was last checked (a warning past eleven months)"
	cargo run -q -p ipt-core --example crisis_lines_check
	@echo "== ui: svelte-check, eslint, vitest"
	$(MAKE) --no-print-directory test-ui
	@echo "== e2e: the real window under Xvfb"
	$(MAKE) --no-print-directory e2e
	@echo "== the proof table (fast size; make proof runs the long one)"
	@scripts/proof-table.sh < "$(IPT_PROOF_ROWS)"

deps:
	@scripts/deps.sh test

deps-run:
	@scripts/deps.sh run

# The Tauri crate embeds ui/dist at compile time, so the UI is built before any cargo command.
ui:
	npm --prefix ui run build --silent

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust:
	@if [ -n "$(SKIP_NEEDS_ROOT)" ]; then \
	  echo "SKIPPED: the full-disk tests (the vault's and two of the backups') need root to mount a small tmpfs (CI runs them as root)"; \
	  printf 'PROOF\t%s\t0\t0\t0\t0\tskipped (needs root)\n' "$(FULL_DISK_ROW)" >> "$(IPT_PROOF_ROWS)"; \
	fi
	scripts/with-keyring.sh cargo test --workspace -- $(SKIP_NEEDS_ROOT)

test-ui:
	npm --prefix ui run check
	npm --prefix ui run lint
	npm --prefix ui test

app:
	cargo build -p ipt-companion

e2e: app
	scripts/e2e.sh

# Rewrites ui/src/lib/generated from the Rust types (the drift test fails until this is run).
types:
	UPDATE_TYPES=1 cargo test -p ipt-core --test generated_types

# Installers (.deb and .rpm on Linux, the targets in src-tauri/tauri.conf.json) into
# $(CARGO_TARGET_DIR)/release/bundle/{deb,rpm}. Offline: Tauri writes both packages itself.
# Refuses while any crisis line has gone unchecked for over a year.
bundle: deps-run ui
	cargo run -q -p ipt-core --example crisis_lines_check -- --refuse
	$(TAURI) build

# Opt-in AppImage into $(CARGO_TARGET_DIR)/release/bundle/appimage. Not offline: Tauri downloads
# its AppImage tools from GitHub on first use. Same crisis-lines refusal as `make bundle`.
bundle-appimage: deps-run ui
	cargo run -q -p ipt-core --example crisis_lines_check -- --refuse
	$(TAURI) build --bundles appimage

# The benchmarks (journal, then People): SQLCipher vault vs plain SQLite, same schema, same run
# (release build).
bench: deps-run ui
	cargo bench -p ipt-core --bench journal
	cargo bench -p ipt-core --bench people

# The window: the release app against an empty Tauri 2 app (benches/empty-app), launched
# alternately under Xvfb, 7 runs each (IPT_BENCH_RUNS for more): launch to first screen, memory
# after 10 s idle, unlock to Home and opening a 100 000-entry journal (scripts/bench-app.sh).
bench-app: deps
	scripts/bench-app.sh

# The proof table: every core test at its long size (IPT_PROOF=long: more SIGKILLs, more model
# steps, more fuzz cases), then the rows they print as one table (scripts/proof-table.sh). CI runs
# the same tests at their fast size inside `make test`.
proof: deps ui
	@mkdir -p "$(dir $(IPT_PROOF_ROWS))" && rm -f "$(IPT_PROOF_ROWS)"
	IPT_PROOF=long scripts/with-keyring.sh cargo test -p ipt-core -p ipt-companion --tests -- \
	  $(SKIP_NEEDS_ROOT) > /tmp/ipt-proof.log 2>&1 || { tail -n 60 /tmp/ipt-proof.log; exit 1; }
	scripts/proof-table.sh < "$(IPT_PROOF_ROWS)"

clean:
	cargo clean
	rm -rf ui/dist tests/e2e/artifacts
