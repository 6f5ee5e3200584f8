# pressroom — see README.md. `make run` and `make check` do all set-up on Debian.

PKGS      := sqlite3 md4c yaml-0.1 libsodium
# Opened when first needed, not linked (src/base/lazylib.h): with their own
# dependencies they are 37 libraries that every command would load at start-up.
# Each is opened by the soname of the development link the headers belong to.
LAZY_PKGS := libmicrohttpd libxml-2.0 libcurl
soname     = $(shell objdump -p "$$(pkg-config --variable=libdir $(1) 2>/dev/null)/$(2).so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
SONAMES   := -DPR_SONAME_MHD='"$(call soname,libmicrohttpd,libmicrohttpd)"' \
	     -DPR_SONAME_XML2='"$(call soname,libxml-2.0,libxml2)"' \
	     -DPR_SONAME_CURL='"$(call soname,libcurl,libcurl)"'
CC        ?= cc
CFLAGS    ?= -O2 -g
WARN      := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# Messages are cut to their buffers on purpose, so gcc's format truncation is not an error.
WARN      += $(if $(findstring clang,$(CC)),,-Wno-format-truncation)
CPPFLAGS  += -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null) $(SONAMES)
LDLIBS    += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -ldl -lpthread -lm
# The unit tests and fuzz targets check feeds with libxml2's XPath themselves.
TEST_LDLIBS := $(LDLIBS) $(shell pkg-config --libs libxml-2.0 2>/dev/null)

BUILD     ?= build
SRC       := $(shell find src -name '*.c' | sort)
LIBSRC    := $(filter-out src/main.c,$(SRC))
SAMPLE    := $(sort $(wildcard sample/*.md))
STATIC    := $(sort $(wildcard static/*))
GEN       := $(BUILD)/gen/embedded.c
LIBOBJ    := $(LIBSRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
TESTSRC   := $(filter-out tests/unit/i18n_probe.c,$(sort $(wildcard tests/unit/*.c)))
TESTOBJ   := $(TESTSRC:%.c=$(BUILD)/%.o)
# Fuzz targets (tests/fuzz/fuzz_NAME.c; docs/fuzzing.md): `make fuzz` links them with
# libFuzzer into build/fuzz/fuzz-NAME; `make test` links them with tests/fuzz/replay.c
# into $(BUILD)/replay-NAME, which replays the corpora and crash files.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=$(BUILD)/replay-%)
FUZZ_SECONDS ?= 60
# Interface languages with a catalogue po/<lang>.po (English is the msgids). Each is
# compiled to $(BUILD)/locale/<lang>/LC_MESSAGES/pressroom.mo, found beside the binary.
LINGUAS   := ru
MO        := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/pressroom.mo)

.PHONY: all run check test unit http golden regen bench asan deps clean pot fuzz fuzz-build harden-load
all: $(BUILD)/pressroom

deps:
	@tools/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) $< -o $@

# The sample site and the theme are compiled into the binary, so that one file is
# the whole program.
$(GEN): $(BUILD)/tools/embed $(SAMPLE) $(STATIC)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(SAMPLE) $(STATIC) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.o: $(GEN)
	$(CC) $(CFLAGS) -Isrc/base -c $< -o $@

# Compiled without the charset its header names: glibc (2.36) sets up an iconv
# conversion for a catalogue that names one, on the first look-up, and crashes when an
# allocation fails while it does so (tests/crash/faults.sh met it, in i18n_warm at
# start). The catalogues are UTF-8, as is all pressroom writes: no conversion is wanted.
$(BUILD)/locale/%/LC_MESSAGES/pressroom.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o /dev/null $<
	sed 's|^"Content-Type: text/plain; charset=UTF-8\\n"$$|"Content-Type: text/plain\\n"|' $< > $@.po
	grep -q '^"Content-Type: text/plain\\n"$$' $@.po || { echo "$<: its header must say charset=UTF-8" >&2; exit 1; }
	msgfmt -o $@ $@.po 2> $@.log || { cat $@.log >&2; exit 1; }
	rm -f $@.po $@.log

# `make pot`: the catalogue template from the sources, merged into every po/<lang>.po.
pot:
	xgettext --from-code=UTF-8 --language=C --package-name=pressroom --no-location \
	  --add-comments=TRANSLATORS: -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kNG_:1,2 \
	  -o po/pressroom.pot $(SRC)
	for l in $(LINGUAS); do msgmerge -q --backup=none -U po/$$l.po po/pressroom.pot; done

$(BUILD)/pressroom: $(BUILD)/src/main.o $(LIBOBJ) | $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/unit: $(TESTOBJ) $(LIBOBJ) | $(BUILD)/i18n_probe $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(TEST_LDLIBS)

# A program of its own for test_i18n.c, never with sanitizers: it replaces malloc
# to count what a thread's translation lookup allocates (tests/unit/i18n_probe.c).
$(BUILD)/i18n_probe: tests/unit/i18n_probe.c src/base/i18n.c src/base/i18n.h
	@mkdir -p $(@D)
	$(CC) -O1 -g -Wall -Wextra -Werror $(CPPFLAGS) -pthread $(filter %.c,$^) -o $@

pressroom: $(BUILD)/pressroom
	cp $< $@

run: deps
	$(MAKE) $(BUILD)/pressroom
	@test -f pressroom.db || $(BUILD)/pressroom --db pressroom.db init --sample
	$(BUILD)/pressroom --db pressroom.db serve --listen 127.0.0.1:8080

# Everything: unit tests, golden files, the real server with real clients; then the
# same again built with AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	$(MAKE) test
	$(MAKE) test BUILD=build/asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

test: $(BUILD)/pressroom $(BUILD)/unit $(FUZZ_REPLAY)
	tests/run-all.sh $(BUILD)

unit: $(BUILD)/unit
	$(BUILD)/unit

regen: $(BUILD)/pressroom
	tests/golden.sh $(BUILD) --regen

bench: deps $(BUILD)/pressroom $(BUILD)/search_direct
	bench/run.sh $(BUILD)
	bench/search.sh $(BUILD)
	bench/hugo.sh $(BUILD)

# `make harden`: the long runs of issue 6, one step after the other; every step runs
# even if one before it failed, and harden fails if any did. Add a step with
# `HARDEN_STEPS += harden-NAME` beside its target.
.PHONY: harden harden-crash harden-xss
HARDEN_STEPS :=
harden: deps
	@rc=0; for step in $(HARDEN_STEPS); do \
	  echo "== make $$step"; $(MAKE) --no-print-directory $$step || rc=1; done; exit $$rc

# Crash safety, long (tests/crash/): 200 SIGKILLs of the server under writers, an
# allocation failure at every allocation of each command, backups of a 5,000-item site
# under load.
HARDEN_STEPS += harden-crash
harden-crash: $(BUILD)/pressroom
	CRASH_ROUNDS=200 FAULT_SWEEP=full BACKUP_ITEMS=5000 BACKUP_SECONDS=20 tests/crash/run.sh $(BUILD)

# Hostile load, long: the headers of every route, wrk with 1,000 connections for
# 60 s, slowhttptest's slow headers, body and read for 120 s each (tests/load/).
HARDEN_STEPS += harden-load
harden-load: $(BUILD)/pressroom
	LOAD_SECONDS=60 LOAD_WARMUP=10 SLOW_SECONDS=120 tests/load/run.sh $(BUILD)

# An attacker's inputs, long: every XSS vector of tests/xss/vectors.txt through every
# field of every input, every page opened in Chromium (tests/xss/run.js --full).
HARDEN_STEPS += harden-xss
harden-xss: $(BUILD)/pressroom
	tests/xss/run.sh $(BUILD) --full

# The "direct" side of the search benchmark: the store's search without the server.
$(BUILD)/search_direct: $(BUILD)/bench/search_direct.o $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# `make fuzz`: every target for FUZZ_SECONDS (default 60) each, one after the other,
# new coverage merged into tests/fuzz/corpus/NAME, crashes kept in tests/fuzz/crashes/NAME.
# `make fuzz FUZZ_TARGETS=markdown FUZZ_SECONDS=300` runs one.
fuzz: deps
	$(MAKE) fuzz-build BUILD=build/fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz-%)

$(BUILD)/fuzz-%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIBOBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) $^ -o $@ $(TEST_LDLIBS)

$(BUILD)/replay-%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(TEST_LDLIBS)

clean:
	rm -rf build pressroom

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
