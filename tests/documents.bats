#!/usr/bin/env bats
# The documents people hand over: the letter to the vendor and the buyer's to-do, the
# committee's Annexe 2 comparison on paper (HTML to PDF with weasyprint, DOCX through the
# shipped pandoc defaults), the dossier report's completion table, the guide's own framing.
# The PDFs are read back with pdftotext -bbox (tests/pdf_check.py); a page of each becomes a
# PNG kept in $DMN_BUILD/artefacts/ for a person to look at.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	DEVICES="$FIXTURES/devices"
}

# half.yaml: FractaVision, half answered, with a partial answer to confirm on 5.10
half() {
	sed 's/^  "5.10":$/  "5.10":\n    answer: "Rapport annuel de surveillance après commercialisation."/' \
		"$EXAMPLES/fractavision.yaml" >half.yaml
	grep -q 'answer: "Rapport annuel' half.yaml
}

@test "the letter holds the vendor's questions only, in their wording, under their parents, with the comments; the to-do holds the rest, each once" {
	half
	for lang in fr en; do
		run -1 --separate-stderr dmn-validate --lang "$lang" --json half.yaml
		printf '%s\n' "$output" >v.json
		dmn-validate --lang "$lang" half.yaml 2>/dev/null | dmn-report --lang "$lang" >letter.md || true
		dmn-validate --lang "$lang" half.yaml 2>/dev/null | dmn-report --lang "$lang" --todo >todo.md || true
		run -0 python3 "$BATS_TEST_DIRNAME/letter_check.py" "$QUESTIONNAIRE" v.json letter.md todo.md "$lang" half.yaml
		[ "$output" = "" ]
	done
	# the checker fails when it should: a buyer's question and the guide's advice in a letter
	printf -- '- **8.14** Votre contrat d'"'"'assurance...\nL'"'"'industriel doit vous apporter les éléments\n' >>letter.md
	run -1 python3 "$BATS_TEST_DIRNAME/letter_check.py" "$QUESTIONNAIRE" v.json letter.md todo.md en half.yaml
	[ "${lines[0]}" = "letter: 8.14 is not a vendor question (['buyer', 'legal'])" ] || [[ "$output" == *"letter: 8.14 is not a vendor question"* ]]
}

@test "the letter speaks to the vendor: the pending answer to confirm and the comment under the question, the guide's question turned toward them" {
	half
	dmn-validate --lang fr half.yaml 2>/dev/null | dmn-report --lang fr >letter.md || true
	# 5.3's guide text asks the buyer "Connaissez-vous..."; 7.3.1 comes under 7.3's wording
	grep -qxF -- "- 7.3 *Quels sont les coûts liés à votre dispositif médical numérique pour la durée du contrat et le volume d'utilisation prévu ?*" letter.md
	grep -q '^  - \*\*7\.3\.1\*\* .* \*(en attente)\*\\$' letter.md
	grep -qxF -- '    *Commentaire :* Devis demandé pour 40 000 examens par an.' letter.md
	grep -qxF -- "  *Réponse donnée, à confirmer :* Rapport annuel de surveillance après commercialisation.\\" letter.md
	! grep -q 'Où puis-je trouver' letter.md
	! grep -q 'half.yaml' letter.md
	[ "$(sed -n 1p letter.md)" = "# Questions sur FractaVision — Nordlys Medical AB, version 1.8.0" ]
}

@test "the letter's furniture: addressee, sender, reference, reply-by date in the reader's language, the file to answer in" {
	half
	dmn-validate half.yaml 2>/dev/null >v.yaml || true
	run -0 --separate-stderr dmn-report --lang fr --to 'Nordlys Medical AB' --from 'Pharmacie, CHU de Caen' \
		--reference AO-2027-03 --reply-by 2027-01-15 --attach fractavision.yaml v.yaml
	[ "${lines[1]}" = "**À :** Nordlys Medical AB  " ]
	[ "${lines[2]}" = "**De :** Pharmacie, CHU de Caen  " ]
	[ "${lines[3]}" = "**Référence :** AO-2027-03  " ]
	[ "${lines[4]}" = "Madame, Monsieur," ]
	[[ "${lines[5]}" == *"nous vous remercions de bien vouloir répondre aux questions ci-dessous avant le 15 janvier 2027, en citant la source de chaque réponse." ]]
	[[ "$output" == *"Merci d'écrire vos réponses dans le fichier joint fractavision.yaml, sous le numéro de chaque question."* ]]
	[ "${lines[${#lines[@]} - 2]}" = "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées." ]
	[ "${lines[${#lines[@]} - 1]}" = "Pharmacie, CHU de Caen" ]
	# 15/01/2027 is read as the same date; a date that is none is a usage error
	run -0 dmn-report --lang en --reply-by 15/01/2027 v.yaml
	[[ "$output" == *"answer the questions below by 2027-01-15, citing"* ]]
	run -2 --separate-stderr dmn-report --reply-by 2027-02-30 v.yaml
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "dmn-report: error: --reply-by '2027-02-30' is not a date (write YYYY-MM-DD)" ]
	run -2 --separate-stderr dmn-report --lang fr --format pdf v.yaml
	[ "${stderr_lines[0]}" = "dmn-report: erreur : format inconnu : « pdf » (attendu : markdown, html, xlsx, csv ou fhir)" ]
}

@test "a complete dossier's letter asks nothing, and its to-do has nothing left" {
	dmn-validate "$DEVICES/radiofrac.yaml" >v.yaml
	run -0 dmn-report v.yaml
	[[ "$output" == *$'\n'"Every question of the guide addressed to you has been answered: thank you."$'\n'* ]]
	! grep -q '^- \*\*' <<<"$output"
	run -0 dmn-report --todo v.yaml
	[ "${lines[${#lines[@]} - 1]}" = "Nothing is left to do for the establishment." ]
}

@test "the comparison's Markdown: GFM tables of one cell per device, every source and comment in a note, cut cells said, unanswered rows on one line" {
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$EXAMPLES/fractavision.yaml" "$DEVICES/skeletix.yaml" >c.yaml
	dmn-report c.yaml >c.md
	cmark-gfm -e table c.md >c.html
	python3 - c.yaml c.md c.html <<'EOF'
import html, re, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
md = open(sys.argv[2]).read()
page = open(sys.argv[3]).read()
n = len(doc['devices'])
# every table row: as many cells as its header (the device table has 6, the others 1 + n)
for table in re.findall(r'<table>(.*?)</table>', page, re.S):
    rows = re.findall(r'<tr>(.*?)</tr>', table, re.S)
    width = len(re.findall(r'<th', rows[0]))
    assert width in (6, n + 1), width
    for r in rows[1:]:
        assert len(re.findall(r'<td', r)) == width, r[:200]
text = html.unescape(re.sub(r'<[^>]+>', '', page))
flat = re.sub(r'\s+', ' ', text)
for row in doc['rows']:
    for cell in row.get('cells') or []:
        for a in cell['answers']:
            for key in ('source', 'comment', 'finding'):
                if a.get(key):
                    assert re.sub(r'\s+', ' ', str(a[key])) in flat, (a['id'], key, a[key])
# a cell cut says where the rest is, and that note holds the whole cell
for m in re.finditer(r'… \*\(continued in note (\d+)\)\*', md):
    assert re.search(r'(?m)^%s\. \*\*[^*]+\*\*, .* — Full text: ' % m.group(1), md), m.group(1)
# the criterion column: the short titles, at most 60 characters
for line in md.split('\n'):
    if line.startswith('| ') and not line.startswith('| -'):
        first = line[2:line.index(' |')].replace('≠ ', '').replace('**', '')
        assert len(first) <= 60 or first in ('Criterion',), first
print('ok')
EOF
	# a row no device answered is one line under its section's table, not a row of the table
	dmn-compare "$EXAMPLES/fractavision.yaml" "$EXAMPLES/bonesight.yaml" >u.yaml 2>/dev/null || true
	run -0 dmn-report u.yaml
	grep -qxF '*No device has answered:* Maintenance and updating of the DMN.' <<<"$output" ||
		grep -q '^\*No device has answered:\* ' <<<"$output"
	! grep -q '^| .*Maintenance and updating of the DMN |' <<<"$output"
	# a cell that is only missing says so once, not per question
	! grep -q 'missing: 8.3, 8.3.1, 8.4' <<<"$output" || false
}

@test "the committee's report opens with the guide's caveat, quoted from the guide word for word" {
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$DEVICES/ossalis.yaml" >c.yaml
	run -0 dmn-report --lang fr c.yaml
	[ "${lines[2]}" = "> Ce guide généraliste n'a pas pour vocation d'apporter des réponses spécifiques pour évaluer un DMN particulier ou d'associer un score d'évaluation à chaque question mais vise à donner aux professionnels de santé et acheteurs des éléments de réflexion sur les questions à se poser pour leurs choix." ]
	[[ "$output" == *"> N. B. : Ces questions ne constituent pas des exigences de mise sur le marché mais des éléments à destination des professionnels de santé et des établissements pour éclairer leurs choix : une réponse à l'ensemble des questions n'est donc pas forcément requise."* ]]
	# the caveats, the opening passages and the part's introduction: the guide's own words
	python3 - "$QUESTIONNAIRE" "$FIXTURES/has-guide-dmn-2023.txt" <<'EOF'
import re, sys, yaml
q = yaml.safe_load(open(sys.argv[1]))
guide = open(sys.argv[2]).read()
guide = re.sub(r'\*\*|\*|[⁰¹²³⁴⁵⁶⁷⁸⁹]+', '', re.sub(r'\[([^\]]*)\]\(#\)', r'\1', guide))
flat = re.sub(r'\s+', ' ', guide)
texts = [c['text']['fr'] for c in q['caveats']] + [p['text']['fr'] for p in q['preface']]
texts += [p['intro']['fr'] for p in q['parts'] if 'intro' in p]
for t in texts:
    for para in t.split('\n\n'):
        for line in para.split('\n'):
            line = re.sub(r'^(- |\d+\. )', '', line)
            assert re.sub(r'\s+', ' ', line) in flat, line[:80]
assert len(q['preface']) == 2 and len(q['caveats']) == 2
print('ok')
EOF
}

@test "the blank form gives the guide's Contexte, Comment utiliser ce guide ?, the part's introduction, Annexe 1 and the abbreviations" {
	run -0 dmn-report --lang fr "$QUESTIONNAIRE"
	grep -qx '## Contexte' <<<"$output"
	grep -qx '## Comment utiliser ce guide ?' <<<"$output"
	grep -qxF -- "- Ce guide est à destination des professionnels de santé (libéraux ou exerçant en établissement de santé) et réseaux et groupements d'achat hospitaliers." <<<"$output"
	grep -qF "une réponse à l'ensemble des questions n'est donc pas forcément requise." <<<"$output"
	grep -qx "## Annexe 1. Méthode d'élaboration du guide" <<<"$output"
	grep -qF 'https://www.has-sante.fr/upload/docs/application/pdf/2022-02/guide_fabricant_2016_01_11_cnedimts_annexe6.pdf' <<<"${output//\\/}"
	grep -qxF '| HDS | Hébergeur de données de santé |' <<<"$output"
	# in that order: the opening before the first part, the annex after the last question
	[ "$(grep -n -m1 -x '## Contexte' <<<"$output" | cut -d: -f1)" -lt "$(grep -n -m1 -x '# Préambule' <<<"$output" | cut -d: -f1)" ]
	[ "$(grep -n -m1 '^## 10\. ' <<<"$output" | cut -d: -f1)" -lt "$(grep -n -m1 '^## Annexe 1' <<<"$output" | cut -d: -f1)" ]
	run -0 dmn-report --lang en "$QUESTIONNAIRE"
	grep -qx '# Guide to choosing' <<<"$output"
	grep -qx '## Background' <<<"$output"
}

@test "the dossier report's completion table has five columns, so that it fits a portrait page" {
	run -0 dmn-report "$EXAMPLES/fractavision.yaml"
	# the dashes give pandoc's DOCX its columns' widths: the section's title four-tenths
	grep -qxF '| -------------------------------- | -----------: | -----------: | -----------: | -----------: |' <<<"$output"
	cmark-gfm -e table <<<"$output" >d.html
	run -0 python3 -c '
import re, sys
t = re.findall(r"<table>(.*?)</table>", open("d.html").read(), re.S)[0]
print(re.findall(r"<th[^>]*>(.*?)</th>", t))
print(len(re.findall(r"<tr>", t)))'
	[ "${lines[0]}" = "['Section', 'Answered', 'Unknown or not applicable', 'Pending', 'Missing or invalid']" ]
	[ "${lines[1]}" = "12" ]
}

@test "the reference documents: A4 landscape for the comparison, A4 portrait for the rest, page numbers, tables of the page's width with a repeated header" {
	plain_pass_only
	for f in comparison portrait; do
		unzip -p "$ROOT/cmd/pandoc/$f.docx" word/document.xml >doc.xml
		unzip -p "$ROOT/cmd/pandoc/$f.docx" word/footer1.xml >footer.xml
		grep -q ' PAGE ' footer.xml
	done
	grep -q '<w:pgSz w:w="11906" w:h="16838"/>' doc.xml
	unzip -p "$ROOT/cmd/pandoc/comparison.docx" word/document.xml | grep -q '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$DEVICES/fracturia.yaml" "$DEVICES/lumenbone.yaml" | dmn-report >c.md
	pandoc -d "$ROOT/cmd/pandoc/comparison.yaml" c.md -o c.docx
	unzip -p c.docx word/document.xml >doc.xml
	# every table as wide as the text, its first row repeated on each page
	[ "$(grep -o '<w:tblW [^>]*>' doc.xml | sort -u)" = '<w:tblW w:type="pct" w:w="5000" />' ]
	[ "$(grep -o '<w:tblHeader w:val="true" />' doc.xml | wc -l)" = "$(grep -o '<w:tbl>' doc.xml | wc -l)" ]
	grep -q 'w:orient="landscape"' doc.xml
}

# render HOW N: the comparison of the complete OsteoScan and N-1 complete devices, through
# HTML and weasyprint (how=html) or DOCX and pandoc (how=docx), checked by pdf_check.py; one
# page kept as a PNG
render() {
	local how=$1 n=$2 files
	files=("$EXAMPLES/osteoscan.yaml" "$DEVICES"/*.yaml)
	dmn-compare --lang fr "${files[@]:0:$n}" >c.yaml
	dmn-report --lang fr c.yaml >c.md
	case $how in
	html)
		dmn-report --lang fr -f html c.yaml >c.html
		timeout 300 weasyprint c.html c.pdf
		;;
	docx)
		# pandoc reads the DOCX back (its tables' column widths with it) and prints it with
		# weasyprint on A4 landscape: what the DOCX holds, not how Word lays it out
		pandoc -d "$ROOT/cmd/pandoc/comparison.yaml" c.md -o c.docx
		printf '%s\n' '@page { size: A4 landscape; margin: 12mm; }' \
			'body { max-width: none; margin: 0; padding: 0; font-size: 9pt; hyphens: manual; }' \
			'table { width: 100%; table-layout: fixed; } td, th { overflow-wrap: break-word; vertical-align: top; }' >page.css
		timeout 300 pandoc c.docx --pdf-engine=weasyprint --css page.css --metadata title=c -o c.pdf 2>/dev/null
		;;
	libreoffice)
		pandoc -d "$ROOT/cmd/pandoc/comparison.yaml" c.md -o c.docx
		timeout 300 soffice --headless --convert-to pdf c.docx >/dev/null 2>&1
		;;
	esac
	run -0 python3 "$BATS_TEST_DIRNAME/pdf_check.py" c.pdf c.md c.yaml
	[ "$output" = "" ]
	mkdir -p "$DMN_BUILD/artefacts"
	pdftoppm -r 50 -png -f 2 -l 2 -singlefile c.pdf "$DMN_BUILD/artefacts/comparison-$n-$how"
	[ -s "$DMN_BUILD/artefacts/comparison-$n-$how.png" ]
}

@test "on paper from HTML (weasyprint): three and six devices, every word whole and on its page, every source there" {
	plain_pass_only
	render html 3
	render html 6
	# A4 landscape
	[[ "$(pdfinfo c.pdf)" == *"Page size:"*"841.89 x 595.276 pts (A4)"* ]]
	# the letters of a validation: portrait, each from the top of a page of its own
	dmn-validate "$EXAMPLES/fractavision.yaml" "$EXAMPLES/osteoscan.yaml" >v.yaml 2>/dev/null || true
	dmn-report -f html v.yaml >v.html
	timeout 300 weasyprint v.html v.pdf
	[[ "$(pdfinfo v.pdf)" == *"Page size:"*"595.276 x 841.89 pts (A4)"* ]]
	n=$(pdfinfo v.pdf | sed -n 's/^Pages: *//p')
	[ "$(pdftotext -f "$n" -l "$n" v.pdf - | head -n 1)" = "Questions about OsteoScan AI — Radiance Imaging" ]
	[ "$(pdftotext -f 1 -l 1 v.pdf - | head -n 1)" = "Questions about FractaVision — Nordlys Medical AB," ]
}

@test "on paper from DOCX (pandoc with the shipped defaults): six devices" {
	plain_pass_only
	render docx 6
}

@test "on paper from DOCX through LibreOffice, when it is installed: six devices on A4 landscape" {
	plain_pass_only
	command -v soffice >/dev/null || skip "LibreOffice Writer is not installed (make deps-office)"
	render libreoffice 6
	[[ "$(pdfinfo c.pdf)" == *"Page size:"*"841.89 x 595.3"*"(A4)"* ]]
}

@test "the checker of PDFs fails when it should: a word cut in two, a source left out" {
	plain_pass_only
	dmn-compare --lang fr --section 3 "$EXAMPLES/osteoscan.yaml" "$DEVICES/radiofrac.yaml" >c.yaml
	dmn-report --lang fr c.yaml >c.md
	# a narrow page: a criterion of 3 characters' width cuts words; a source taken out
	dmn-report --lang fr -f html c.yaml |
		sed 's/section.comparison td:first-child, section.comparison th:first-child { width: 20%; }/td:first-child, th:first-child { width: 2% !important; min-width: 0 !important; } * { overflow-wrap: anywhere !important; } th, td { min-width: 0 !important; }/' >c.html
	grep -q 'width: 2% !important' c.html
	timeout 300 weasyprint c.html c.pdf
	run -1 python3 "$BATS_TEST_DIRNAME/pdf_check.py" c.pdf c.md c.yaml
	[[ "$output" == *"is not a whole word of the report"* ]]
	[[ "$output" == *"a column of "*" characters"* ]]
	dmn-report --lang fr -f html c.yaml | sed 's/Notice d&#39;utilisation OsteoScan AI v2.3, § 1.2, p. 4/(retiré)/; s/Notice d'"'"'utilisation OsteoScan AI v2.3, § 1.2, p. 4/(retiré)/' >c.html
	timeout 300 weasyprint c.html c.pdf
	run -1 python3 "$BATS_TEST_DIRNAME/pdf_check.py" c.pdf c.md c.yaml
	[[ "$output" == *"the source of 3.1 is not in the PDF: \"Notice d'utilisation OsteoScan AI v2.3, § 1.2, p. 4\""* ]]
}

@test "the HTML page stands alone: its language, its CSS with A4 pages, no outside resource, vendor text escaped" {
	dmn-compare "$EXAMPLES/osteoscan.yaml" "$DEVICES/skeletix.yaml" >c.yaml
	run -0 dmn-report --lang fr -f html c.yaml
	[ "${lines[0]}" = "<!DOCTYPE html>" ]
	[ "${lines[1]}" = '<html lang="fr">' ]
	grep -qF '@page landscape { size: A4 landscape;' <<<"$output"
	grep -qF '<section class="comparison">' <<<"$output"
	grep -qF 'thead { display: table-header-group; }' <<<"$output"
	! grep -qiE '<(script|link|img|iframe)|src=|@import' <<<"$output"
	[ "${lines[${#lines[@]} - 1]}" = "</html>" ]
	# vendor text with markup stays text
	sed 's/^  name: Skeletix$/  name: "<b>Skel<\/b>etix"/' "$DEVICES/skeletix.yaml" >s.yaml
	dmn-compare "$EXAMPLES/osteoscan.yaml" s.yaml >c.yaml
	run -0 dmn-report -f html c.yaml
	grep -qF '&lt;b&gt;Skel&lt;/b&gt;etix' <<<"$output"
	! grep -qF '<b>Skel' <<<"$output"
}
