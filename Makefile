# dmn: a toolkit of small filters for the HAS guide to choosing digital medical devices.
# make            build the programs in build/
# make example    build, then check the example dossiers
# make check      build and run every test, also under ASan+UBSan (build-san/)
# make install    PREFIX=/usr/local DESTDIR=
# make fuzz       run the fuzz harnesses (clang, libFuzzer) for FUZZ_SECONDS each

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/dmn
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build
FUZZ_SECONDS ?= 60
CHECK_FUZZ_SECONDS ?= 60
# forced: warnings and the language level cannot be dropped from the command line
override CFLAGS += -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -Icommon -I$(BUILD)
LDLIBS = -lyaml

PROGS = dmn-validate dmn-compare dmn-report dmn-ask
COMMON = util diag i18n yamlread emit output input finding docread questionnaire dossier \
	completeness validation program text
MAN1 = man/dmn-validate.1 man/dmn-compare.1 man/dmn-report.1 man/dmn-ask.1
MAN5 = man/dmn-dossier.5 man/dmn-questionnaire.5
MAN7 = man/dmn.7
QUESTIONNAIRE = questionnaires/has-dmn-2023.yaml

COREOBJ = $(COMMON:%=$(BUILD)/common/%.o)
LIBOBJ = $(COREOBJ) $(BUILD)/common/builtin.o
BINS = $(PROGS:%=$(BUILD)/%)

all: deps-build $(BINS)

$(BUILD)/common/%.o: common/%.c common/base.h common/guide.h | $(BUILD)/common
	$(CC) $(CFLAGS) -c -o $@ $<

# The built-in questionnaire: loaded and checked at build time, written as C data.
GENOBJ = $(filter-out $(BUILD)/common/program.o,$(COREOBJ))
$(BUILD)/mkquestionnaire: common/mkquestionnaire.c $(GENOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ common/mkquestionnaire.c $(GENOBJ) $(LDLIBS)

$(BUILD)/common/builtin.c: $(QUESTIONNAIRE) $(BUILD)/mkquestionnaire
	$(BUILD)/mkquestionnaire $(QUESTIONNAIRE) $@

$(BUILD)/common/builtin.o: $(BUILD)/common/builtin.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libdmn.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(BUILD)/cmd/%.o: cmd/%.c common/base.h common/guide.h | $(BUILD)/cmd
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/dmn-%: $(BUILD)/cmd/dmn-%.o $(BUILD)/libdmn.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdmn.a $(LDLIBS)

$(BUILD)/common $(BUILD)/cmd:
	mkdir -p $@

# Dependencies: installed with apt-get when we are root, otherwise named exactly.
APT = DEBIAN_FRONTEND=noninteractive apt-get
define need
	@if ! $(2) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $(1) with apt-get"; \
	    ($(APT) install -y $(1) || ($(APT) update && $(APT) install -y $(1))) >/dev/null || exit 2; \
	  else \
	    echo "missing: $(1); install it with: sudo apt-get install $(1)" >&2; exit 2; \
	  fi; \
	fi
endef

deps-build:
	$(call need,libyaml-dev,printf '#include <yaml.h>\n' | $(CC) -E -)

deps-check: deps-build
	$(call need,bats,command -v bats)
	$(call need,jq,command -v jq)
	$(call need,python3-yaml,python3 -c 'import yaml')
	$(call need,yq,command -v yq)
	$(call need,mandoc,command -v mandoc)
	$(call need,cmark-gfm,command -v cmark-gfm)
	$(call need,tmux,command -v tmux)
	$(call need,man-db,command -v man)

# The main job on the shipped examples: what is missing in each dossier, then the
# Annexe 2 comparison of the three devices (findings, exit 1, are the expected result).
example: all
	$(BUILD)/dmn-validate questionnaires/examples/*.yaml; test $$? -le 1
	$(BUILD)/dmn-compare -o $(BUILD)/comparison.yaml questionnaires/examples/*.yaml; test $$? -le 1
	@echo "comparison of the example devices written to $(BUILD)/comparison.yaml"

check: deps-check
	$(MAKE) all
	$(MAKE) all BUILD=build-san CC=$(CC) \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined"
	tests/run.sh $(CURDIR)/build
	tests/run.sh $(CURDIR)/build-san sanitized
	@if command -v clang >/dev/null; then $(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS); \
	else echo "clang not installed: fuzzing skipped (apt-get install clang)"; fi

# -fno-sanitize-recover: an UBSan finding stops the fuzzer (a crash), as in make check;
# -B: the library is always rebuilt with these flags (8 s), never left from other ones
fuzz: deps-build
	$(MAKE) -B all BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-yamlread tests/fuzz/fuzz_yamlread.c build-fuzz/libdmn.a -lyaml
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-report tests/fuzz/fuzz_report.c build-fuzz/libdmn.a -lyaml
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-compare tests/fuzz/fuzz_compare.c build-fuzz/libdmn.a -lyaml
	mkdir -p build-fuzz/corpus build-fuzz/corpus-report build-fuzz/corpus-compare
	build-fuzz/fuzz-yamlread -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -artifact_prefix=build-fuzz/yamlread- build-fuzz/corpus tests/fuzz/seeds
	build-fuzz/fuzz-report -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/report- build-fuzz/corpus-report tests/fuzz/seeds-report
	build-fuzz/fuzz-compare -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/compare- build-fuzz/corpus-compare tests/fuzz/seeds-compare

# Benchmarks (tests/bench/run.sh): times, throughput and peak memory against libyaml alone;
# never part of make check. BENCH_REPS=5 BENCH_SIZES="1 1000 10000" and more in run.sh.
bench: all
	tests/bench/run.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 $(QUESTIONNAIRE) $(DESTDIR)$(DATADIR)
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 cmd/dmn.bash-completion $(DESTDIR)$(BASHCOMPDIR)/dmn-validate
	for p in dmn-compare dmn-report dmn-ask; do \
	  ln -sf dmn-validate $(DESTDIR)$(BASHCOMPDIR)/$$p || exit 2; done

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) \
	  $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	  $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%) $(DESTDIR)$(DATADIR)/has-dmn-2023.yaml \
	  $(PROGS:%=$(DESTDIR)$(BASHCOMPDIR)/%)
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz

.PHONY: all bench check clean deps-build deps-check example fuzz install uninstall
.SECONDARY:
.DELETE_ON_ERROR:
