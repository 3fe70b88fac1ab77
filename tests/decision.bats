#!/usr/bin/env bats
# decision.bats: the committee's weighted decision (dmn-compare --ratings --weights): a
# weighted sum and rank computed by hand, the AHP weights of a published example, the
# one-at-a-time ranges computed by hand, the perturbation share and its seed, ratings where
# answers are missing, dmn-report's rendering, and bad files with their exact diagnostics.
# Never by default: a comparison without the options has no decision.

load helper

setup() {
	# new arithmetic and new readers: run where the sanitizers watch them (make check's
	# sanitized pass, the shorter one); DMN_ALL_TESTS=1 runs them on the plain build too
	sanitized_pass_only
	cd "$BATS_TEST_TMPDIR"
	D=$FIXTURES/decision
	cp "$D"/*.yaml .
}

# decide [OPTIONS...]: the three examples compared with the committee's files, as JSON
decide() {
	dmn-compare -j "$@" "$EXAMPLES"/bonesight.yaml "$EXAMPLES"/fractavision.yaml "$EXAMPLES"/osteoscan.yaml
}

@test "never by default: a comparison without --ratings and --weights has no decision, nor its report" {
	run -1 --separate-stderr decide
	[ "$(jq 'has("decision")' <<<"$output")" = false ]
	run -0 dmn-report <<<"$output"
	[[ $output == *"Multi-criteria analysis table"* ]]
	[[ $output != *"weighted decision"* ]]
	[[ $output != *"Rank"* ]]
}

@test "weighted sum and rank of three devices, computed by hand" {
	# weights 50, 30, 20 (total 100); ratings (3.1, 4.1, 5.1.1):
	#   BoneSight    4 2 3 -> (50*4 + 30*2 + 20*3) / 100 = 320 / 100 = 3.2
	#   FractaVision 3 4 2 -> (150 + 120 + 40) / 100          = 3.1
	#   OsteoScan AI 2 3 5 -> (100 + 90 + 100) / 100         = 2.9
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml
	[ "$(jq -c '[.decision.devices[] | [.name, .total, .rank]]' <<<"$output")" = \
		'[["BoneSight",3.2,1],["FractaVision",3.1,2],["OsteoScan AI",2.9,3]]' ]
	[ "$(jq -c '[.decision.devices[] | .scores]' <<<"$output")" = '[[4,2,3],[3,4,2],[2,3,5]]' ]
	[ "$(jq -c '[.decision.criteria[] | [.row, .weight]]' <<<"$output")" = '[["3.1",50],["4.1",30],["5.1.1",20]]' ]
	[ "$(jq -c '.decision | [.method, .["scores-by"], .weights.method, .weights.by, .weights.total, .scale]' <<<"$output")" = \
		'["weighted-sum","committee","given","rows",100,{"min":0,"max":5}]' ]
	# the guide's own words on scores, quoted by the document
	[ "$(jq -r '.decision.guide.fr' <<<"$output")" = "Ce guide généraliste n'a pas pour vocation d'apporter des réponses spécifiques pour évaluer un DMN particulier ou d'associer un score d'évaluation à chaque question" ]
	grep -qF "$(jq -r '.decision.guide.fr' <<<"$output")" "$FIXTURES/has-guide-dmn-2023.txt"
}

@test "one at a time: the range of each weight that keeps the ranking, computed by hand" {
	# Weight t on one criterion, the others keeping their proportions: each total is
	# base + t (score - base) / 100, base being the device's mean on the other criteria.
	# 3.1 (50): bases 120/50 = 2.4, 160/50 = 3.2, 190/50 = 3.8; B and F cross where
	#   2.4 + 1.6t/100 = 3.2 - 0.2t/100, t = 44.4; B-O at 41.2, F-O at 37.5; none above: 100.
	# 4.1 (30): bases 260/70, 190/70, 200/70; B-F cross at t = 33.3, F-O at 12.5.
	# 5.1.1 (20): bases 3.25, 3.375, 2.375; B-F at 11.1, F-O at 25, B-O at 30.4.
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml
	[ "$(jq -c '[.decision.criteria[] | [.row, .stable.from, .stable.to]]' <<<"$output")" = \
		'[["3.1",44.4,100],["4.1",12.5,33.3],["5.1.1",11.1,25]]' ]
}

@test "pairwise comparisons: the published weights and consistency ratio of the AHP's leader example" {
	# published: .547, .127, .270, .056 and CR 0.044 (to three places, the eigenvector's
	# first priority is .5476; the example writes .547)
	run -1 --separate-stderr decide --ratings ratings-sections.yaml --weights leader.yaml
	jq -e '.decision.weights | .method == "pairwise" and .by == "sections" and (.["consistency-ratio"] - 0.044 | fabs) < 0.0005' <<<"$output"
	jq -e '[.decision.criteria[] | .weight / 100] as $w | [.547, .127, .270, .056] as $p
		| [range(4) | ($w[.] - $p[.] | fabs) < 0.001] | all' <<<"$output"
	[ "$(jq -c '[.decision.criteria[] | .section]' <<<"$output")" = '["3","4","5","6"]' ]
	# a section's score is the mean of its rows' ratings: one row each here
	[ "$(jq -c '.decision.devices[0].scores' <<<"$output")" = '[4,2,3,3]' ]
}

@test "pairwise comparisons above a consistency ratio of 0.10 are refused, at the matrix" {
	# 3 criteria, a > b (9), b > c (9), but c > a (9): no order can fit
	cat >bad.yaml <<-'EOF'
	kind: weights
	by: sections
	pairwise:
	  criteria: ["3", "4", "5"]
	  matrix:
	    - [1, 9, 1/9]
	    - [1/9, 1, 9]
	    - [9, 1/9, 1]
	EOF
	run -2 --separate-stderr decide --ratings ratings.yaml --weights bad.yaml
	[ "$output" = "" ]
	[[ $stderr == *"bad.yaml:6:5: error: the pairwise comparisons are not consistent: their consistency ratio is "*", above 0.10: revise them"* ]]
}

@test "the perturbation share is reproducible with its seed, and none with no spread" {
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --seed 7
	first=$(jq -c '.decision.perturbation' <<<"$output")
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --seed 7
	[ "$(jq -c '.decision.perturbation' <<<"$output")" = "$first" ]
	jq -e '.spread == 20 and .draws == 10000 and .seed == 7 and .["ranking-changed"] > 0 and .["ranking-changed"] < 1' <<<"$first"
	# per device: the share of draws where its rank changed; a device's rank cannot change
	# without the ranking changing, and some device's does when the ranking does
	jq -e '.decision | ([.devices[] | .["rank-changed"]] | max) as $m
		| $m <= .perturbation["ranking-changed"] and $m > 0' <<<"$output"
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --seed 8
	[ "$(jq -c '.decision.perturbation' <<<"$output")" != "$first" ]
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --perturb 0 --draws 500
	[ "$(jq -c '.decision.perturbation' <<<"$output")" = '{"spread":0,"draws":500,"seed":1,"ranking-changed":0}' ]
	[ "$(jq -c '[.decision.devices[] | .["rank-changed"]]' <<<"$output")" = '[0,0,0]' ]
}

@test "ratings where a device's answers are missing, pending or invalid are flagged, and warned of" {
	run -1 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml
	[ "$(jq -c '.decision.devices[0].ratings[0].unanswered' <<<"$output")" = \
		'[{"question":"3.1","status":"invalid"},{"question":"3.3","status":"invalid"},{"question":"3.4","status":"missing"}]' ]
	[ "$(jq -c '[.decision.devices[1].ratings[] | has("unanswered")]' <<<"$output")" = '[false,false,false]' ]
	grep -Fx "ratings.yaml:11:9: warning: 'BoneSight' is rated on the row of 3.1, where answers are not in: 3.1 (invalid), 3.3 (invalid), 3.4 (missing)" <<<"$stderr"
	grep -Fx "ratings.yaml:13:9: warning: 'BoneSight' is rated on the row of 5.1.1, where answers are not in: 5.1.2 (missing)" <<<"$stderr"
	[ "$(grep -c 'ratings.yaml:.*warning' <<<"$stderr")" = 3 ]
}

@test "dmn-report shows the decision under the Annexe 2 table, says whose scores they are, in English and French" {
	decide --ratings ratings.yaml --weights weights.yaml >cmp.json 2>/dev/null || true
	run -0 dmn-report cmp.json
	# after the last section's table
	[ "$(grep -n '^## ' <<<"$output" | tail -1)" = "$(grep -n "^## The committee's weighted decision" <<<"$output")" ]
	grep -Fx "> **The ratings and weights below are the committee's, not the guide's.** The guide says: « This general guide is not intended to provide specific answers for assessing a particular DMN or to associate an evaluation score with each question » (HAS, June 2023, introduction; translated)." <<<"$output"
	# the share of draws where its rank changed, from the document, as a percentage
	share=$(jq -r '.decision.devices[0]["rank-changed"] * 1000 | round / 10' cmp.json)
	grep -Fx "| 1 | **BoneSight** | 3.2 | $share % |" <<<"$output"
	grep -Fx '| Intended purpose of CE marking vs planned use (3.1) | 50 % | from 44.4 to 100 % | 4 | 3 | 2 |' <<<"$output"
	grep -F '| BoneSight | Intended purpose of CE marking vs planned use (3.1) | 4 | Destination conforme à l'"'"'usage prévu. ⚠ *rated while answers are not in: 3.1 (invalid), 3.3 (invalid), 3.4 (missing)* |' <<<"$output"
	run -0 dmn-report --lang fr cmp.json
	grep -Fx "## La décision pondérée du comité" <<<"$output"
	grep -F "> **Les notes et les poids ci-dessous sont ceux du comité, pas ceux du guide.** Le guide dit : « Ce guide généraliste n'a pas pour vocation" <<<"$output"
	nb=$'\xc2\xa0'	# French puts a no-break space before %
	grep -Fx "| Destination du marquage CE et utilisation prévue (3.1) | 50$nb% | de 44,4 à 100$nb% | 4 | 3 | 2 |" <<<"$output"
	grep -Fx "| 1 | **BoneSight** | 3,2 | ${share/./,}$nb% |" <<<"$output"
	[[ $output != *"Rank"* && $output != *"weighted"* ]]
}

@test "--ratings and --weights go together; --perturb, --draws and --seed need them; their values are checked" {
	run -2 --separate-stderr decide --ratings ratings.yaml
	[ "${lines[0]:-}" = "" ]
	[ "$(head -1 <<<"$stderr")" = "dmn-compare: error: a decision needs both --ratings and --weights" ]
	run -2 --separate-stderr decide --seed 3
	[ "$(head -1 <<<"$stderr")" = "dmn-compare: error: --perturb, --draws and --seed go with --ratings and --weights" ]
	run -2 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --perturb 120
	[ "$stderr" = "dmn-compare: error: --perturb '120' is not a percentage from 0 to 100" ]
	run -2 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --draws many
	[ "$stderr" = "dmn-compare: error: --draws 'many' is not a number of draws from 0 to 1000000" ]
	run -2 --separate-stderr decide --ratings ratings.yaml --weights weights.yaml --seed -1
	[ "$stderr" = "dmn-compare: error: --seed '-1' is not a whole number from 0 to 4294967295" ]
}

# bad FILE EXPECTED [ratings|weights]: the file (stdin) as the ratings or the weights gives
# exit 2, no document, and exactly the diagnostic EXPECTED (after the examples' findings)
bad() {
	local kind=${3:-ratings}
	cat >"$1"
	if [ "$kind" = ratings ]; then
		run -2 --separate-stderr decide --ratings "$1" --weights weights.yaml
	else
		run -2 --separate-stderr decide --ratings ratings.yaml --weights "$1"
	fi
	[ "$output" = "" ]
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v ': warning: ')" = "$2" ]
}

@test "weights that do not sum to their declared total: exit 2 at 'total'" {
	bad w.yaml "w.yaml:3:8: error: the weights sum to 95, not to the total declared (100)" weights <<-'EOF'
	kind: weights
	by: rows
	total: 100
	weights:
	  "3.1": 50
	  "4.1": 25
	  "5.1.1": 20
	EOF
}

@test "a weights file without a total, with both ways, or with an unknown 'by': exit 2" {
	bad w.yaml "w.yaml:1:1: error: the weights have no 'total': declare what they sum to (100)" weights <<-'EOF'
	kind: weights
	by: rows
	weights: {"3.1": 100}
	EOF
	bad w.yaml "w.yaml:1:1: error: the weights are either given ('weights' and 'total') or derived ('pairwise'): give one" weights <<-'EOF'
	kind: weights
	by: rows
	EOF
	bad w.yaml "w.yaml:2:5: error: 'by' is rows or sections, not 'questions'" weights <<-'EOF'
	kind: weights
	by: questions
	total: 100
	weights: {"3.1": 100}
	EOF
	bad w.yaml "w.yaml:1:1: error: not a weights file: expected a mapping with 'kind: weights'" weights <<-'EOF'
	kind: ratings
	EOF
}

@test "unknown rows and sections, in either file: exit 2 at the name" {
	bad w.yaml "w.yaml:5:3: error: unknown row '3.9': a row is named by the id of one of its questions (3.1)" weights <<-'EOF'
	kind: weights
	by: rows
	total: 100
	weights:
	  "3.9": 50
	  "4.1": 50
	EOF
	bad w.yaml "w.yaml:4:11: error: question '6.1' is in no row of the Annexe 2 table" weights <<-'EOF'
	kind: weights
	by: rows
	total: 100
	weights: {"6.1": 100}
	EOF
	bad w.yaml "w.yaml:4:20: error: unknown section '11'" weights <<-'EOF'
	kind: weights
	by: sections
	total: 100
	weights: {"3": 50, "11": 50}
	EOF
	bad w.yaml "w.yaml:4:22: error: '3.3' names the same row as '3.1' (line 4)" weights <<-'EOF'
	kind: weights
	by: rows
	total: 100
	weights: {"3.1": 50, "3.3": 50}
	EOF
	sed 's/row: "4.1", score: 2/row: "4.9", score: 2/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "r.yaml:12:15: error: unknown row '4.9': a row is named by the id of one of its questions (3.1)" ]
}

@test "scale violations, ratings without rationale, twice, or of a device not compared: exit 2 at the place" {
	sed 's/row: "4.1", score: 2/row: "4.1", score: 7/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "r.yaml:12:29: error: score 7 is outside the scale declared (0 to 5)" ]
	sed 's/rationale: "Impact peu documenté."/rationale: ""/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "r.yaml:12:43: error: a rating needs its rationale" ]
	sed 's/row: "4.1", score: 2/row: "3.2", score: 2/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "r.yaml:12:15: error: 'BoneSight' is rated twice on the row of 3.1 (first at line 11)" ]
	sed 's/min: 0, max: 5/min: 5, max: 5/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "r.yaml:5:8: error: the scale's min (5) must be below its max (5)" ]
	sed 's/name: OsteoScan AI/name: OsteoScan/' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v warning)" = "r.yaml:9:3: error: device 'OsteoScan AI' is compared but not rated: rate every device compared
r.yaml:19:5: error: device 'OsteoScan' is rated but not among the dossiers compared" ]
	[ "$output" = "" ]
}

@test "a weighed row that a device has no rating on: exit 2 at the device" {
	grep -v 'DICOM seulement' ratings.yaml >r.yaml
	run -2 --separate-stderr decide --ratings r.yaml --weights weights.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v warning)" = "r.yaml:14:5: error: 'FractaVision' has no rating on the row 'Availability of the data the DMN requires' (5.1.1), which weighs 20 %" ]
	[ "$output" = "" ]
}

@test "a pairwise matrix that is not reciprocal, off Saaty's scale, or of the wrong size: exit 2 at the cell" {
	sed 's|\[1/4, 1, 1/3, 3\]|[1/2, 1, 1/3, 3]|' leader.yaml >w.yaml
	run -2 --separate-stderr decide --ratings ratings-sections.yaml --weights w.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v warning)" = "w.yaml:11:8: error: row 2, column 1 is '1/2', not the inverse of row 1, column 2 ('4')" ]
	sed 's|\[1, 4, 3, 7\]|[1, 4, 3, 12]|' leader.yaml >w.yaml
	run -2 --separate-stderr decide --ratings ratings-sections.yaml --weights w.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v warning)" = "w.yaml:10:17: error: '12' is outside Saaty's scale (1/9 to 9)" ]
	sed 's|    - \[1/7, 1/3, 1/5, 1\]||' leader.yaml >w.yaml
	run -2 --separate-stderr decide --ratings ratings-sections.yaml --weights w.yaml
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr" | grep -v warning)" = "w.yaml:10:5: error: the matrix has 3 rows for 4 criteria" ]
}

@test "a workbook of a comparison with a decision holds the table, and says that the decision is not in it" {
	# as YAML, so that the place of the decision is a line to find
	dmn-compare --ratings ratings.yaml --weights weights.yaml "$EXAMPLES"/bonesight.yaml \
		"$EXAMPLES"/fractavision.yaml "$EXAMPLES"/osteoscan.yaml >cmp.yaml 2>/dev/null || true
	at=$(($(grep -n '^decision:$' cmp.yaml | cut -d: -f1) + 1))
	run -0 --separate-stderr dmn-report -f xlsx -o w.xlsx cmp.yaml
	[ "$stderr" = "cmp.yaml:$at:3: warning: the committee's decision is not in the workbook, only the Annexe 2 table: render it with -f markdown or -f html" ]
	[ -s w.xlsx ]
	# without a decision, no word of it
	decide >plain.yaml 2>/dev/null || true
	run -0 --separate-stderr dmn-report -f xlsx -o p.xlsx plain.yaml
	[ "$stderr" = "" ]
}

@test "a ratings or weights file holds one document: a second one, or none, is trouble at its place" {
	{ cat ratings.yaml; printf -- '---\nkind: ratings\n'; } >two.yaml
	run -2 --separate-stderr decide --ratings two.yaml --weights weights.yaml
	[ "$output" = "" ]
	[ "$(grep -v "^$EXAMPLES/" <<<"$stderr")" = "two.yaml:$(($(wc -l <ratings.yaml) + 2)):1: error: this file holds one document" ]
	: >empty.yaml
	run -2 --separate-stderr decide --ratings ratings.yaml --weights empty.yaml
	[ "$stderr" = "empty.yaml: error: empty weights file" ]
}
