# vdcsim -- build, test, bench, install.  See README.md.
#
#   make            build ./vdcsim
#   make setup      install the Debian packages, then build
#   make test       unit + validation tests (CUnit) and CLI tests
#   make check-asan the whole suite under AddressSanitizer + UBSan
#   make bench      benchmarks (figures in tests/bench/RESULTS.md)
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
ALL_CFLAGS = $(VDC_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SAN)
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

.PHONY: all setup test check check-asan bench fuzz install uninstall clean
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

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libvdc.a
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
	if ! VDCSIM=./$(BIN) sh tests/cli_ux.sh; then echo "FAILED: tests/cli_ux.sh"; fail=1; fi; \
	if ! VDCSIM=./$(BIN) sh tests/term.sh; then echo "FAILED: tests/term.sh"; fail=1; fi; \
	if ! sh tests/docs.sh; then echo "FAILED: tests/docs.sh"; fail=1; fi; \
	if ! MAKE="$(MAKE)" BIN=$(BIN) sh tests/install.sh; then echo "FAILED: tests/install.sh"; fail=1; fi; \
	[ $$fail = 0 ] && echo "all tests passed"; exit $$fail
check: test

ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/vdcsim OPT=-O1 SAN="$(ASAN_FLAGS)" test

bench: $(BENCH_BIN) $(BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

FUZZ_SECONDS ?= 60
fuzz:
	@mkdir -p $(BUILD)/fuzz
	clang $(VDC_CPPFLAGS) $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined $(LDFLAGS) \
	  -o $(BUILD)/fuzz/fuzz_scenario \
	  tests/fuzz/fuzz_scenario.c $(filter-out sim/main.c,$(LIB_SRC)) $(LDLIBS)
	@mkdir -p $(BUILD)/fuzz/corpus
	$(BUILD)/fuzz/fuzz_scenario -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
	  -timeout=5 -rss_limit_mb=2048 $(BUILD)/fuzz/corpus tests/fuzz/corpus

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

clean:
	rm -rf build build-asan vdcsim crash-* leak-* timeout-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
