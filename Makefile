# lgsec front door. The real build is meson (meson.build); these targets install what is missing,
# configure the build directories once, and run things.
#   make run    — install, build, create the demo database if absent, serve on 127.0.0.1:8080
#   make test   — install, build, run every test (unit, ASan+UBSan, API, browser, fuzz smoke)
#   make bench  — benchmarks as ratios against baselines built in the same run
#   make fuzz   — longer fuzzing runs (FUZZ_SECONDS per harness, default 60)
#   make deb    — the Debian package lgsec_<version>_<arch>.deb for servers without internet

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
RELEASE_BUILD ?= build-release
DEB_OUT    ?= .
DB         ?= var/lgsec.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60

.PHONY: all deps build asan fuzz-build run test bench fuzz deb clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) >/dev/null

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug >/dev/null

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Dtests=false -Dbuildtype=debugoptimized >/dev/null

build: deps $(BUILD)/build.ninja
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)

asan: deps $(ASAN_BUILD)/build.ninja
	@ninja -C $(ASAN_BUILD) >/dev/null || ninja -C $(ASAN_BUILD)

fuzz-build: deps $(FUZZ_BUILD)/build.ninja
	@ninja -C $(FUZZ_BUILD) >/dev/null || ninja -C $(FUZZ_BUILD)

run: build
	@bash scripts/run-demo.sh $(BUILD)/lgsec $(DB) $(LISTEN)

test: build asan fuzz-build
	@bash scripts/test-all.sh $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

bench: build
	@bash bench/run.sh $(BUILD)

fuzz: fuzz-build
	@bash fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

deb:
	@bash scripts/build-deb.sh $(RELEASE_BUILD) $(DEB_OUT)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(RELEASE_BUILD)
