# man/fr.mk: the French manual pages, included by the Makefile (after MAN1, MAN5, MAN7).
# Each English page man/PAGE.N has its translation in man/po/PAGE.fr.po; po4a(1), driven
# by man/po4a.cfg, writes the French pages into $(BUILD)/man/fr/, never into the source
# tree, and make install puts them under $(MANDIR)/fr/. Plain make never needs po4a:
#   make man-fr   the French pages, when an English page, a PO file or the set-up changed
#   make man-po   after a change of an English page: man/po/PAGE.pot made again (it is
#                 not kept in git) and merged into man/po/PAGE.fr.po, whose new or changed
#                 entries are then to translate; until they are, make man-fr fails

# the default goal stays the Makefile's (all), though this file is included before it
MANFR_GOAL := $(.DEFAULT_GOAL)

MANFR_SRC = $(MAN1) $(MAN5) $(MAN7)
MANFR = $(MANFR_SRC:man/%=$(BUILD)/man/fr/%)
MANFR_PO = $(patsubst man/%,man/po/%.fr.po,$(basename $(MANFR_SRC)))
have.po4a = command -v po4a

man-fr: $(MANFR)

# One po4a run writes every page: a pattern rule with several targets makes them all with
# one run of its recipe (the stem % is "man"). msgfmt first names a PO file that is not
# translated whole: any untranslated or fuzzy entry stops the build; so does an entry that
# several PO files share (a section name, a sentence of several pages) but translate
# differently, which po4a would drop from each of them (split mode). po4a then writes a
# page only if its PO file translates all of it (--keep 100 in man/po4a.cfg: not so when
# the English page changed since), into a directory of its own; mdoc-tidy.pl cuts the
# lines that po4a wrapped, one sentence a line, as mandoc -Tlint wants them; and the pages
# are moved into $(BUILD)/man/fr all at once, or none of them if anything failed.
$(foreach p,$(notdir $(MANFR_SRC)),$(BUILD)/%/fr/$(p)): man/po4a.cfg man/po/fr.add \
		man/po/mdoc-tidy.pl $(MANFR_SRC) $(MANFR_PO)
	$(call require,po4a)
	@for po in $(MANFR_PO); do \
	  out=$$(LC_ALL=C msgfmt --check --statistics -o /dev/null $$po 2>&1) || \
	    { echo "$$out" >&2; rm -f $(MANFR); exit 1; }; \
	  stats=$$(printf '%s\n' "$$out" | tail -n 1); \
	  case "$$stats" in *fuzzy*|*untranslated*) \
	    echo "$$po: $$stats Translate every entry, fuzzy ones included." >&2; \
	    rm -f $(MANFR); exit 1;; esac; \
	done
	@shared=$$(msgcat --no-wrap $(MANFR_PO) | msgattrib --only-fuzzy --no-obsolete --no-wrap) && \
	if printf '%s\n' "$$shared" | grep -q '^msgid "[^"]'; then \
	  echo "entries that two PO files translate differently: po4a needs one translation" \
	    "of each, for every page" >&2; \
	  printf '%s\n' "$$shared" | sed -n '/^#: /,/^$$/p' >&2; rm -f $(MANFR); exit 1; \
	fi
	@tmp=$(BUILD)/man/.po4a.$$$$; \
	rm -rf $$tmp && mkdir -p $$tmp/man/fr $(BUILD)/man/fr && \
	po4a -q --no-update --destdir $$tmp man/po4a.cfg && \
	for p in $(notdir $(MANFR_SRC)); do \
	  [ -f $$tmp/man/fr/$$p ] || { echo "po4a did not write $(BUILD)/man/fr/$$p:" \
	    "its PO file does not translate all of man/$$p (make man-po, then translate)" >&2; \
	    exit 1; }; \
	done && \
	perl man/po/mdoc-tidy.pl $$tmp/man/fr/* && mv $$tmp/man/fr/* $(BUILD)/man/fr/ && \
	rm -rf $$tmp || { rm -rf $$tmp $(MANFR); exit 1; }

# a page without its PO file: say so, rather than "no rule to make target"
man/po/%.fr.po:
	@echo "$@ is missing: make man-po creates it from man/$*.N, then translate it" >&2; exit 1

man-po:
	$(call require,po4a)
	po4a --no-translations --package-version \
	  $$(sed -n 's/^\#define DMN_VERSION "\(.*\)"/\1/p' common/base.h) man/po4a.cfg

.PHONY: man-fr man-po
.DEFAULT_GOAL := $(MANFR_GOAL)
