# pressroom — see README.md. `make run` and `make check` do all set-up on Debian.

PKGS      := libmicrohttpd sqlite3 md4c yaml-0.1 libsodium libxml-2.0 libcurl
CC        ?= cc
CFLAGS    ?= -O2 -g
WARN      := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# Messages are cut to their buffers on purpose, so gcc's format truncation is not an error.
WARN      += $(if $(findstring clang,$(CC)),,-Wno-format-truncation)
CPPFLAGS  += -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS    += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer -lpthread -lm

BUILD     ?= build
SRC       := $(shell find src -name '*.c' | sort)
LIBSRC    := $(filter-out src/main.c,$(SRC))
SAMPLE    := $(sort $(wildcard sample/*.md))
STATIC    := $(sort $(wildcard static/*))
GEN       := $(BUILD)/gen/embedded.c
LIBOBJ    := $(LIBSRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
TESTSRC   := $(sort $(wildcard tests/unit/*.c))
TESTOBJ   := $(TESTSRC:%.c=$(BUILD)/%.o)
# Interface languages with a catalogue po/<lang>.po (English is the msgids). Each is
# compiled to $(BUILD)/locale/<lang>/LC_MESSAGES/pressroom.mo, found beside the binary.
LINGUAS   := ru
MO        := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/pressroom.mo)

.PHONY: all run check test unit http golden regen bench asan deps clean pot
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

$(BUILD)/locale/%/LC_MESSAGES/pressroom.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# `make pot`: the catalogue template from the sources, merged into every po/<lang>.po.
pot:
	xgettext --from-code=UTF-8 --language=C --package-name=pressroom --no-location \
	  --add-comments=TRANSLATORS: -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kNG_:1,2 \
	  -o po/pressroom.pot $(SRC)
	for l in $(LINGUAS); do msgmerge -q --backup=none -U po/$$l.po po/pressroom.pot; done

$(BUILD)/pressroom: $(BUILD)/src/main.o $(LIBOBJ) | $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/unit: $(TESTOBJ) $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

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

test: $(BUILD)/pressroom $(BUILD)/unit
	tests/run-all.sh $(BUILD)

unit: $(BUILD)/unit
	$(BUILD)/unit

regen: $(BUILD)/pressroom
	tests/golden.sh $(BUILD) --regen

bench: deps $(BUILD)/pressroom $(BUILD)/search_direct
	bench/run.sh $(BUILD)
	bench/search.sh $(BUILD)
	bench/hugo.sh $(BUILD)

# The "direct" side of the search benchmark: the store's search without the server.
$(BUILD)/search_direct: $(BUILD)/bench/search_direct.o $(LIBOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

clean:
	rm -rf build pressroom

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
