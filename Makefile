# scs - social customer service toolchain
#
#   make            build every tool into bin/
#   make check      unit tests, tool tests, sanitizers, valgrind, man lint
#   make demo       the pipeline over three weeks of generated operations
#   make install    PREFIX=/usr/local DESTDIR=
#   make bench      scripts/bench (large generated input; slow)

PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
SHAREDIR = $(PREFIX)/share/scs

CC	?= cc
PKGS	 = jansson yaml-0.1 sqlite3
OPT	?= -O2
CFLAGS	?= $(OPT) -g
WARN	 = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS_ALL = -D_GNU_SOURCE -Ilib -DSCS_RULESDIR=\"$(SHAREDIR)/rules\" \
	       $(PKG_CFLAGS) $(CPPFLAGS)
# Expanded when a recipe runs, that is after the deps check below.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# Build trees: the normal one, and one with ASan+UBSan for make check.
B	?= build
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all

TOOLS	 = scs-ingest scs-classify scs-influence scs-route scs-case \
	   scs-report
LIB_SRC	 = $(wildcard lib/*.c)
LIB_OBJ	 = $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)

# Each tool is cmd/NAME.c or the .c files in cmd/NAME/.
tool_src = $(wildcard cmd/$(1).c cmd/$(1)/*.c)
tool_obj = $(patsubst cmd/%.c,$(B)/cmd/%.o,$(call tool_src,$(1)))

all: deps tools bin

tools: $(TOOLS:%=$(B)/bin/%)

bin: $(TOOLS:%=$(B)/bin/%)
	@mkdir -p bin
	@for t in $(TOOLS); do ln -sf ../$(B)/bin/$$t bin/$$t; done

# pkg-config must find the libraries; as root, install them.
deps:
	@sh scripts/check-deps $(PKGS)

.PHONY: all tools bin deps check unit tools-test sanitize valgrind lint \
	shared-test demo install uninstall clean bench

$(B)/lib/%.o: lib/%.c lib/*.h | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -c -o $@ $<

$(B)/cmd/%.o: cmd/%.c lib/*.h $(wildcard cmd/*/*.h) | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -c -o $@ $<

$(B)/libscs.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# Objects are intermediate files to make; keep them between runs.
.SECONDARY:
.SECONDEXPANSION:
$(B)/bin/%: $$(call tool_obj,%) $(B)/libscs.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(call tool_obj,$*) \
	    $(B)/libscs.a $(PKG_LIBS) -lm

$(B)/unit/%: tests/unit/%.c tests/unit/check.h $(B)/libscs.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $< \
	    $(B)/libscs.a $(PKG_LIBS) -lm

units: $(UNIT_BIN)

# ---- tests -------------------------------------------------------------

unit: units
	@set -e; for t in $(UNIT_BIN); do $$t; done

tools-test: all
	SCS_BIN=$(CURDIR)/$(B)/bin bats tests

# The unit tests, then the tools over every fixture (65 is expected:
# some fixtures are bad input on purpose; valgrind's own errors are 99).
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	   --suppressions=tests/valgrind.supp \
	   --errors-for-leak-kinds=definite,indirect
valgrind: units all
	@set -e; for t in $(UNIT_BIN); do $(VALGRIND) $$t; done
	@for f in tests/fixtures/*/*.json tests/fixtures/*/*.jsonl \
	    tests/fixtures/*/*.csv; do \
	    $(VALGRIND) $(B)/bin/scs-ingest --no-dedup "$$f" \
	    >/dev/null 2>$(B)/valgrind.err; rc=$$?; \
	    if [ $$rc -ne 0 ] && [ $$rc -ne 65 ]; then \
	    cat $(B)/valgrind.err; echo "valgrind: $$f: exit $$rc"; \
	    exit 1; fi; done
	@for f in tests/fixtures/email/messages/*.eml \
	    tests/fixtures/email/scs/*.eml tests/fixtures/email/mbox/*.mbox \
	    tests/fuzz/regress/*; do \
	    $(VALGRIND) $(B)/bin/scs-ingest -f email --keep-quoted "$$f" \
	    >/dev/null 2>$(B)/valgrind.err; rc=$$?; \
	    if [ $$rc -ne 0 ] && [ $$rc -ne 65 ]; then \
	    cat $(B)/valgrind.err; echo "valgrind: $$f: exit $$rc"; \
	    exit 1; fi; done
	@for v in '' 1; do SCS_NO_ARENA=$$v $(VALGRIND) $(B)/bin/scs-classify \
	    --rules rules tests/fixtures/classify/scs-labeled.jsonl \
	    >/dev/null || exit 1; done
	@for v in '' 1; do $(B)/bin/scs-classify --rules rules \
	    tests/fixtures/classify/scs-labeled.jsonl | SCS_NO_ARENA=$$v \
	    $(VALGRIND) $(B)/bin/scs-influence --rules rules >/dev/null \
	    || exit 1; done
	@rm -f $(B)/valgrind.db*; $(B)/bin/scs-classify --rules rules \
	    tests/fixtures/classify/scs-labeled.jsonl > $(B)/valgrind.jsonl; \
	    for i in 1 2; do $(VALGRIND) $(B)/bin/scs-case --rules rules \
	    --db $(B)/valgrind.db --batch 100 $(B)/valgrind.jsonl >/dev/null \
	    || exit 1; done; \
	    for c in 'show 1' 'queue' 'export' 'tick' 'sample --by agent'; do \
	    $(VALGRIND) $(B)/bin/scs-case --rules rules --db $(B)/valgrind.db \
	    $$c >/dev/null || exit 1; done; rm -f $(B)/valgrind.db*
	@$(B)/bin/scs-classify --rules rules \
	    tests/fixtures/classify/scs-labeled.jsonl | $(B)/bin/scs-influence \
	    --rules rules > $(B)/valgrind.jsonl; \
	    for v in '' 1; do SCS_NO_ARENA=$$v $(VALGRIND) $(B)/bin/scs-route \
	    --rules rules $(B)/valgrind.jsonl >/dev/null || exit 1; done; \
	    rm -f $(B)/valgrind.db*; $(B)/bin/scs-case --rules rules \
	    --db $(B)/valgrind.db $(B)/valgrind.jsonl >/dev/null; \
	    $(VALGRIND) $(B)/bin/scs-route --rules rules --db $(B)/valgrind.db \
	    $(B)/valgrind.jsonl >/dev/null || exit 1; rm -f $(B)/valgrind.db*
	@rm -f $(B)/valgrind.db*; $(B)/bin/scs-case --rules rules \
	    --db $(B)/valgrind.db tests/fixtures/report/week.jsonl >/dev/null; \
	    for a in '' '--by channel,agent --period day --format json' \
	    '--format html --tz UTC' '--format csv --since 2026-11-16' \
	    'alerts --now 2026-11-20T12:00:00Z' 'staffing --day 2026-11-23'; \
	    do $(VALGRIND) $(B)/bin/scs-report $$a --rules rules \
	    --db $(B)/valgrind.db >/dev/null; rc=$$?; \
	    if [ $$rc -ne 0 ] && [ $$rc -ne 1 ]; then \
	    echo "valgrind: scs-report $$a: exit $$rc"; exit 1; fi; done; \
	    rm -f $(B)/valgrind.db*
	@echo "valgrind: tools clean"

# Everything again in a separate tree built with ASan and UBSan.
sanitize:
	$(MAKE) B=build-san EXTRA_CFLAGS='$(SANFLAGS)' OPT=-O1 deps units tools
	@set -e; for t in $(patsubst $(B)/%,build-san/%,$(UNIT_BIN)); do $$t; done
	SCS_BIN=$(CURDIR)/build-san/bin bats tests

lint:
	mandoc -Tlint -Wwarning man/*.[0-9]

# Real payloads from ../shared that may not be copied here (README).
SHARED	?= ../shared
shared-test: all
	@if [ -d "$(SHARED)/fixtures" ]; then \
	    SCS_BIN=$(CURDIR)/$(B)/bin SCS_SHARED=$$(cd $(SHARED) && pwd) \
	    bats tests/shared; \
	else echo "shared-test: no $(SHARED)/fixtures, skipped"; fi

check: all unit tools-test valgrind lint shared-test sanitize
	@echo "make check: all passed"

demo: all
	@sh scripts/demo

bench: all
	sh scripts/bench

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(SHAREDIR)/rules
	install -m 755 $(TOOLS:%=$(B)/bin/%) $(DESTDIR)$(BINDIR)
	install -m 755 scripts/scs-whatif $(DESTDIR)$(BINDIR)
	install -m 755 scripts/scs-pipeline $(DESTDIR)$(BINDIR)
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1; done
	for m in man/*.7; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man7; done
	for m in $$(ls man/*.5 2>/dev/null); do \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man5; done
	for r in rules/*.yaml rules/*.tsv rules/NOTES rules/LICENSE-*; do \
	    [ -f "$$r" ] && install -m 644 $$r $(DESTDIR)$(SHAREDIR)/rules; \
	    done
	install -d $(DESTDIR)$(SHAREDIR)/rules/lexicons
	for r in rules/lexicons/*; do \
	    install -m 644 $$r $(DESTDIR)$(SHAREDIR)/rules/lexicons; done

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(BINDIR)/scs-whatif \
	    $(DESTDIR)$(BINDIR)/scs-pipeline
	rm -f $(DESTDIR)$(MANDIR)/man1/scs-*.1 $(DESTDIR)$(MANDIR)/man5/scs-*.5 \
	    $(DESTDIR)$(MANDIR)/man7/scs.7
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build build-san bin
