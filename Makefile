# Minato: `make up` runs the platform, `make test` runs every test. Both install what they
# need first (`make deps`), so on a fresh Debian machine these are the only commands needed.
SHELL := /bin/bash
export PATH := $(CURDIR)/.node/bin:$(PATH)

# Flags for `make up`, e.g. make up UP_FLAGS="--data-root /tmp/minato"
UP_FLAGS ?=

.PHONY: deps build up test check unit integration e2e bench clean

deps:
	@scripts/deps.sh

build: deps

up: deps
	bin/minato up $(UP_FLAGS)

test: deps
	@scripts/test.sh all

check: deps
	@scripts/test.sh check

unit: deps
	@scripts/test.sh unit

integration: deps
	@scripts/test.sh integration

e2e: deps
	@scripts/test.sh e2e

bench: deps
	bench/run-latency
	bench/port-throughput
	bench/build
	bench/ship
	bench/apiserver
	bench/scheduler
	bench/pod-startup
	bench/idle-memory

clean:
	rm -rf dist node_modules .node
