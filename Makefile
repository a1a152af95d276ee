# lgsec front door. The real build is meson (meson.build); these targets install what is missing,
# configure the build directories once, and run things.
#   make run    — install, build, create the demo database if absent, serve on 127.0.0.1:8080
#   make test   — install, build, run every test (unit, ASan+UBSan, API, browser, fuzz smoke)
# Two builds: BUILD (gcc, what ships) and SAN_BUILD (clang with ASan+UBSan and libFuzzer's coverage):
# the sanitizer run of the unit and API tests and the fuzz harnesses share that one build.
#   make bench  — benchmarks as ratios against baselines built in the same run
#   make fuzz   — longer fuzzing runs (FUZZ_SECONDS per harness, default 60)
#   make deb    — the Debian package lgsec_<version>_<arch>.deb for servers without internet

BUILD      ?= build
SAN_BUILD  ?= build-san
RELEASE_BUILD ?= build-release
DEB_OUT    ?= .
DB         ?= var/lgsec.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60

.PHONY: all deps build san build-only san-only test-build-only run test bench fuzz deb clean

all: build

deps:
	@bash scripts/install-deps.sh

# Both builds link with lld (Debian's lld): linking ~100 executables (lgsec, the unit tests, the fuzz
# harnesses, the benchmarks) was a fifth of the build's CPU time with ld.bfd, about a third of that with lld.
$(BUILD)/build.ninja:
	CC_LD=lld meson setup $(BUILD) >/dev/null

# The sanitizer build leaves the benchmarks out: they measure the shipped build (make bench).
$(SAN_BUILD)/build.ninja:
	CC=clang CC_LD=lld meson setup $(SAN_BUILD) -Dfuzz=true -Dbench=false -Dbuildtype=debugoptimized >/dev/null

build: deps build-only
san: deps san-only

# Without the install step, so that `make test` can run the two builds side by side (-j2): each has
# serial stretches (generators, the last links) that the other fills.
build-only: $(BUILD)/build.ninja
	@ninja -C $(BUILD) >/dev/null || ninja -C $(BUILD)

san-only: $(SAN_BUILD)/build.ninja
	@ninja -C $(SAN_BUILD) >/dev/null || ninja -C $(SAN_BUILD)

# What `make test` needs of the gcc build: the binary (the browser, package and Postfix suites and the
# .deb drive it), the netcheck kernel differential, and the unit tests of the confinement, whose
# resource limits ASan cannot show. The other unit tests run once, in the sanitizer build.
export SHIPPED_UNIT_TESTS = test_sandbox test_sandbox_worker test_convert
TEST_BUILD_TARGETS = lgsec tests/unit/netcheck_kernel $(addprefix tests/unit/,$(SHIPPED_UNIT_TESTS))
test-build-only: $(BUILD)/build.ninja
	@ninja -C $(BUILD) $(TEST_BUILD_TARGETS) >/dev/null || ninja -C $(BUILD) $(TEST_BUILD_TARGETS)

run: build
	@bash scripts/run-demo.sh $(BUILD)/lgsec $(DB) $(LISTEN)

test: deps
	@$(MAKE) --no-print-directory -j2 test-build-only san-only
	@bash scripts/test-all.sh $(BUILD) $(SAN_BUILD)

bench: build
	@ninja -C $(BUILD) benches >/dev/null || ninja -C $(BUILD) benches
	@bash bench/run.sh $(BUILD)

fuzz: san
	@bash fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

deb:
	@bash scripts/build-deb.sh $(RELEASE_BUILD) $(DEB_OUT)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(RELEASE_BUILD)
