# vdcsim -- build, test, bench, install.  See README.md.
#
#   make            build ./vdcsim
#   make setup      install the Debian packages, then build
#   make test       unit + validation tests (CUnit) and CLI tests
#   make check-asan the whole suite under AddressSanitizer + UBSan
#   make bench      benchmarks (figures in tests/bench/RESULTS.md)
#   make bench-big  the million-host run (not in make bench: minutes, ~7 GB)
#   make fuzz       libFuzzer on the scenario loader (FUZZ_SECONDS=60)
#   make install PREFIX=/usr/local   (make uninstall PREFIX=... removes it)
#   make CFLAGS=-O3   tune optimisation; required flags (VDC_CFLAGS) stay

LIB_PKGS := gsl sqlite3 libcjson
TEST_PKGS:= cunit
PKGS     := $(LIB_PKGS) $(TEST_PKGS)

# Flags the build needs (language, warnings, include paths, packages) are kept
# apart from CFLAGS, so `make CFLAGS=-O3` changes the optimisation and keeps
# them; CPPFLAGS, CFLAGS and LDFLAGS from the command line are all honoured.
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
VDC_CPPFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -I. -Isim \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
VDC_CFLAGS := $(VDC_CPPFLAGS) $(WARN)
SAN      ?=
# Reproducible results need the same floating-point operations whatever the
# compiler, level or -march: no fused multiply-add contraction (clang
# -march=native changed 11,810 rows, issue 14).  Last, so CFLAGS cannot undo it.
VDC_FPFLAGS := -ffp-contract=off
ALL_CFLAGS = $(VDC_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN) $(VDC_FPFLAGS)
LDLIBS   += $(shell pkg-config --libs $(LIB_PKGS) 2>/dev/null) -lm
TESTLIBS := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

BUILD    ?= build
BIN      ?= vdcsim
PREFIX   ?= /usr/local
DEBS     := libgsl-dev libsqlite3-dev libcjson-dev libcunit1-dev gnuplot-nox sqlite3 pkg-config parallel

# A missing package is named at once, instead of as a compiler error later.
pkg_missing = $(shell command -v pkg-config >/dev/null || echo pkg-config; \
                for p in $(1); do pkg-config --exists $$p 2>/dev/null || echo $$p; done)
NOPKG_GOALS := setup clean uninstall
ifneq ($(filter-out $(NOPKG_GOALS),$(or $(MAKECMDGOALS),all)),)
MISSING := $(call pkg_missing,$(LIB_PKGS))
ifneq ($(filter test check check-asan,$(MAKECMDGOALS)),)
MISSING += $(call pkg_missing,$(TEST_PKGS))
endif
ifneq ($(strip $(MISSING)),)
$(error missing package(s): $(sort $(MISSING)) -- run `make setup` (Debian: $(DEBS)))
endif
endif

LIB_SRC  := $(sort $(filter-out sim/main.c,$(wildcard sim/*.c)) $(wildcard models/*.c models/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC:= $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN:= $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

.PHONY: all setup test test-report check check-asan bench-big check-determinism check-fault test-slurm fault-bin fuzz-bins fuzz-long stress bench fuzz install uninstall clean
all: $(BIN)

$(BIN): $(BUILD)/sim/main.o $(BUILD)/libvdc.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libvdc.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/%: tests/%.c tests/test_util.h $(BUILD)/libvdc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -pthread $(LDFLAGS) -o $@ $< $(BUILD)/libvdc.a $(LDLIBS) $(TESTLIBS)

# The validation runner also links the value functions of every table.
VAL_SRC  := $(sort $(wildcard tests/validation/*.c))
$(BUILD)/tests/test_validation: tests/test_validation.c $(VAL_SRC) tests/validation/validation.h \
                                tests/test_util.h $(BUILD)/libvdc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -Itests/validation $(LDFLAGS) -o $@ tests/test_validation.c $(VAL_SRC) \
	  $(BUILD)/libvdc.a $(LDLIBS) $(TESTLIBS)

$(BUILD)/bench/%: tests/bench/%.c tests/bench/bench_util.h $(BUILD)/libvdc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O3 -march=native $(LDFLAGS) -o $@ $< $(BUILD)/libvdc.a $(LDLIBS)

setup:
	@if ! pkg-config --exists $(PKGS) || ! command -v gnuplot >/dev/null || ! command -v sqlite3 >/dev/null; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y $(DEBS); \
	fi
	$(MAKE) all

# Tests run from the project root; each test binary is one CUnit suite.
test: $(BIN) $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
	  if ! $$t; then echo "FAILED: $$t"; fail=1; fi; done; \
	if ! VDCSIM=./$(BIN) sh tests/cli.sh; then echo "FAILED: tests/cli.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/sweep.sh; then echo "FAILED: tests/sweep.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) CRASH_SECONDS=30 sh tests/crash.sh; then echo "FAILED: tests/crash.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/cli_ux.sh; then echo "FAILED: tests/cli_ux.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/term.sh; then echo "FAILED: tests/term.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/report.sh; then echo "FAILED: tests/report.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/pandas.sh; then echo "FAILED: tests/pandas.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/results_compat.sh; then echo "FAILED: tests/results_compat.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/scale.sh; then echo "FAILED: tests/scale.sh"; fail=1; fi; \
	if ! sh tests/docs.sh; then echo "FAILED: tests/docs.sh"; fail=1; fi; \
	if ! MAKE="$(MAKE)" BIN=$(BIN) sh tests/install.sh; then echo "FAILED: tests/install.sh"; fail=1; fi; \
	[ $$fail = 0 ] && echo "all tests passed"; exit $$fail
check: test

# The HTML report in headless Chromium (Debian: chromium): about a minute.
test-report: $(BIN)
	REPORT_BROWSER=1 VDCSIM=./$(BIN) sh tests/report.sh

# A sweep as a Slurm job array on a one-node cluster the test starts itself
# (Debian: slurm-wlm, munge; SKIPPED without them): ~10 s.
test-slurm: $(BIN)
	VDCSIM=./$(BIN) sh tests/slurm.sh

ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/vdcsim OPT=-O1 SAN="$(ASAN_FLAGS)" test

bench: $(BENCH_BIN) $(BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

# The million-host run of issue 15 (minutes, ~7 GB): not part of `make bench`.
# BENCH_BIG_HOSTS=100000 make bench-big for a smaller one.
bench-big: $(BUILD)/bench/bench_scale
	$(BUILD)/bench/bench_scale --big

# libFuzzer targets (tests/fuzz/): the scenario loader, --set expressions,
# sweep files, and databases given to merge and rerun.  The library is
# built once with clang and the sanitizers ($(BUILD)-fuzz), each target is
# linked against it; every target runs FUZZ_SECONDS (CI: 30 s each,
# `make fuzz-long`: 15 minutes each, an hour in all).  Findings go to
# $(BUILD)-fuzz/ (crash-*, leak-*, timeout-*); undefined behaviour stops a target
# as a crash does (-fno-sanitize-recover); the grown corpora stay there.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := scenario set sweep db
FUZZ_DIR := $(BUILD)-fuzz
fuzz-bins:
	$(MAKE) BUILD=$(FUZZ_DIR) CC=clang CFLAGS="-g -O1" SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" $(FUZZ_DIR)/libvdc.a
	@for t in $(FUZZ_TARGETS); do \
	  clang $(VDC_CFLAGS) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $(VDC_FPFLAGS) $(LDFLAGS) \
	    -Itests/fuzz -o $(FUZZ_DIR)/fuzz_$$t tests/fuzz/fuzz_$$t.c $(FUZZ_DIR)/libvdc.a $(LDLIBS) || exit 1; done
# seeds of the db target: real results databases, one file each
$(FUZZ_DIR)/seed_db/done: $(BIN)
	@mkdir -p $(dir $@)
	./$(BIN) run tests/fuzz/corpus/small.json -o $(dir $@)small.db -q
	./$(BIN) run scenarios/quickstart.json --set duration_s=5 -o $(dir $@)two.db -q --seed 1
	./$(BIN) run scenarios/quickstart.json --set duration_s=3 -o $(dir $@)two.db -q --seed 2
	./$(BIN) sweep tests/fuzz/corpus_sweep/seed_db.json -o $(dir $@)sweep.db -q
	for d in $(dir $@)*.db; do sqlite3 $$d "PRAGMA journal_mode=DELETE; VACUUM" >/dev/null; done
	@touch $@
fuzz: fuzz-bins $(FUZZ_DIR)/seed_db/done
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in scenario) seeds=tests/fuzz/corpus; opt=-max_len=8192;; \
	    set) seeds=tests/fuzz/corpus_set; opt=-max_len=1024;; \
	    sweep) seeds=tests/fuzz/corpus_sweep; opt=-max_len=8192;; \
	    db) seeds=$(FUZZ_DIR)/seed_db; opt="-max_len=262144 -close_fd_mask=3";; esac; \
	  mkdir -p $(FUZZ_DIR)/corpus_$$t; echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
	  $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) $$opt -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1 $(FUZZ_DIR)/corpus_$$t $$seeds 2>&1 \
	    | grep -E 'Done|stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|==[0-9]+==' ; \
	  ls $(FUZZ_DIR)/crash-* $(FUZZ_DIR)/leak-* $(FUZZ_DIR)/timeout-* 2>/dev/null && exit 1; done; true
fuzz-long:
	$(MAKE) fuzz FUZZ_SECONDS=900

# The long versions of the reliability tests: the crash test for 10
# minutes, every SQLite call and ~400 allocations per command failed.
stress: $(BIN)
	VDCSIM=./$(BIN) CRASH_SECONDS=600 sh tests/crash.sh
	$(MAKE) check-fault FAULT_MODE=full

# Installed: the binary, the man page, and under share/vdcsim the READMEs (top
# and per model), docs/, the scenarios with the labs and analysis/, in the
# source tree's layout, so that the READMEs' links and the labs' paths work
# there as in the source tree.  Only sources are copied, not lab output.
SHARE_FILES = README.md $(wildcard models/*/README.md) $(wildcard docs/*.md) \
  $(shell find scenarios analysis -type f \( -name '*.json' -o -name '*.md' -o -name '*.sh' \
          -o -name '*.py' -o -name '*.gp' -o -name '*.sql' \) 2>/dev/null | sort)
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vdcsim
	install -m 644 man/vdcsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/vdcsim.1
	@for f in $(SHARE_FILES); do \
	  install -d "$(DESTDIR)$(PREFIX)/share/vdcsim/$$(dirname $$f)" && \
	  m=644; case $$f in *.sh) m=755;; esac; \
	  install -m $$m "$$f" "$(DESTDIR)$(PREFIX)/share/vdcsim/$$f" || exit 1; done
	@echo "installed $(PREFIX)/bin/vdcsim, its man page and $(PREFIX)/share/vdcsim/"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vdcsim $(DESTDIR)$(PREFIX)/share/man/man1/vdcsim.1
	rm -rf $(DESTDIR)$(PREFIX)/share/vdcsim

# Fault injection (sim/fault.h, tests/fault.sh): a build where the N-th
# allocation or SQLite call fails; under check-asan it is an ASan build.
FAULT_MODE ?= brief
fault-bin:
	$(MAKE) BUILD=$(BUILD)-fault BIN=$(BUILD)-fault/vdcsim SAN="$(SAN) -DVDC_FAULT -D_DEFAULT_SOURCE -include sim/fault.h" $(BUILD)-fault/vdcsim
check-fault: $(BIN) fault-bin
	VDCSIM=./$(BIN) VDCSIM_FAULT=$(BUILD)-fault/vdcsim FAULT_MODE=$(FAULT_MODE) sh tests/fault.sh

# Identical rows from other compilers and levels (tests/determinism.sh).
check-determinism: $(BIN)
	$(MAKE) BUILD=build-det-clang BIN=build-det-clang/vdcsim CC=clang CFLAGS="-O2 -march=native" build-det-clang/vdcsim
	$(MAKE) BUILD=build-det-o3 BIN=build-det-o3/vdcsim CC=gcc CFLAGS="-O3 -g" build-det-o3/vdcsim
	sh tests/determinism.sh ./$(BIN) build-det-clang/vdcsim build-det-o3/vdcsim

clean:
	rm -rf build build-asan build-det-* build-fault* vdcsim crash-* leak-* timeout-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
