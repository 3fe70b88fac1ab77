#!/usr/bin/env bats
# edit.bats: editing a dossier loses nothing (issue 13). The forgotten input, a kill -9 at
# every prompt of dmn-ask, two writers of one file (scripts, and a person with a script),
# a dossier with errors opened to be corrected, and what --set can say. The minimal
# rewrites themselves are in rewrite.bats.

load helper
load tty

setup() {
	tty_setup dmn-edit
}

teardown() {
	stop
}

# --- output never destroys input -----------------------------------------------------------

@test "the forgotten input: -o naming a dossier that is not the input is refused, untouched; --force replaces it" {
	sanitized_pass_only
	cp "$EXAMPLES/fractavision.yaml" copie.yaml
	cp copie.yaml orig.yaml
	msg="dmn-ask: error: 'copie.yaml' already holds a dossier, which would be replaced: give it as input to continue it (dmn-ask -o copie.yaml copie.yaml), or --force to replace it"
	# from a script, and on the terminal: refused before any question
	run -2 --separate-stderr dmn-ask --set device.name=X -o copie.yaml </dev/null
	[ "$stderr" = "$msg" ]
	[ -z "$output" ]
	cmp copie.yaml orig.yaml
	start 'dmn-ask -l fr -o copie.yaml'
	finish_with_stderr
	[ "$code" = 2 ]
	[ "$(cat err)" = "dmn-ask: erreur : « copie.yaml » contient déjà un dossier, qui serait remplacé : donnez-le en entrée pour le compléter (dmn-ask -o copie.yaml copie.yaml), ou utilisez --force pour le remplacer" ]
	lacks_text "Nouveau dossier."
	cmp copie.yaml orig.yaml
	# a file that is not a dossier is replaced as before; the input itself is continued
	printf 'notes\n' >notes.txt
	run -0 dmn-ask --set device.name=X -o notes.txt </dev/null
	[ "$(yq -r .device.name notes.txt)" = X ]
	run -0 dmn-ask --set 2=non -o copie.yaml copie.yaml
	[ "$(yq -r '.answers["2"].answer' copie.yaml)" = non ]
	# a blank template over it: refused too
	run -2 --separate-stderr dmn-ask -t -o copie.yaml
	[ "$stderr" = "dmn-ask: error: 'copie.yaml' already holds a dossier, which a blank one would replace: write the template elsewhere, or --force to replace it" ]
	cmp <(yq -c .answers copie.yaml) <(yq -c '.answers | .["2"] = {"answer": "non", "date": "2024-06-20"}' orig.yaml)
	# --force: replaced
	run -0 dmn-ask --force --set device.name=Nouveau -o copie.yaml </dev/null
	[ "$(yq -c '[.device, .answers]' copie.yaml)" = '[{"name":"Nouveau"},{}]' ]
	run -0 dmn-ask -t --force -o copie.yaml
	[ "$(yq -c '.device.name' copie.yaml)" = null ]
}

# --- a checkpoint before every prompt --------------------------------------------------

# killed PROMPT: kill -9 the dmn-ask waiting at PROMPT, then read what it left
killed() {
	prompt "$1"
	kill -KILL "$(cat pid)"
	finish
	[ "$code" = 137 ]
	[ -z "$(find . -name '.dmn-*')" ]
}

@test "kill -9 at the Source prompt: the answer typed before it is on disk" {
	sanitized_pass_only
	dossier d.yaml '"2": yes'
	start 'dmn-ask -s 3 -o d.yaml d.yaml'
	at 3.1
	send "one"
	killed "Source"
	same "$(yqa '.answers["3.1"]' d.yaml)" '{"answer":"one","date":"2024-06-20"}'
}

@test "kill -9 at the next question: the source typed is on disk" {
	sanitized_pass_only
	dossier d.yaml '"2": yes'
	start 'dmn-ask -s 3 -o d.yaml d.yaml'
	at 3.1
	send "one"
	prompt "Source"
	send "notice p. 4"
	at 3.2
	kill -KILL "$(cat pid)"
	finish
	same "$(yqa '.answers["3.1"]' d.yaml)" '{"answer":"one","source":"notice p. 4","date":"2024-06-20"}'
}

@test "kill -9 at the Reason prompt of na: the status is on disk; the reason typed, at the next prompt" {
	sanitized_pass_only
	dossier d.yaml '"2": yes'
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	at 3.1
	send na
	killed "Reason"
	same "$(yqa '.answers["3.1"]' d.yaml)" '{"status":"not-applicable","date":"2024-06-20"}'
	stop
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	at 3.2
	send na
	prompt "Reason"
	send "adults only"
	at 3.3
	kill -KILL "$(cat pid)"
	finish
	same "$(yqa '.answers["3.2"]' d.yaml)" '{"status":"not-applicable","date":"2024-06-20","comment":"adults only"}'
}

@test "\"other\" asks what the other is: kill -9 there keeps the choice; the text goes in the comment" {
	sanitized_pass_only
	dossier d.yaml '"2": yes'
	start 'dmn-ask -S -n 7.2 -n 4.1 -o d.yaml d.yaml'
	at 4.1
	send "1, other"
	killed "What is the other?"
	same "$(yqa '.answers["4.1"]' d.yaml)" '{"answer":["clinical","other"],"date":"2024-06-20"}'
	stop
	start 'dmn-ask -S -n 7.2 -o d.yaml d.yaml'
	at 7.2
	send 4
	prompt "What is the other?"
	send "licence per site"
	finish
	[ "$code" = 0 ]
	same "$(yqa '.answers["7.2"]' d.yaml)" '{"answer":["other"],"date":"2024-06-20","comment":"licence per site"}'
}

@test "a new dossier: kill -9 at the manufacturer, then the version prompt: what was typed is on disk" {
	sanitized_pass_only
	start 'dmn-ask -S -o new.yaml </dev/null'
	prompt "Device name"
	send "NewScan"
	killed "Manufacturer"
	same "$(yqa '.device' new.yaml)" '{"name":"NewScan"}'
	stop
	rm new.yaml
	start 'dmn-ask -S -o new.yaml </dev/null'
	prompt "Device name"
	send "NewScan"
	prompt "Manufacturer"
	send "Acme"
	killed "Version"
	same "$(yqa '.device' new.yaml)" '{"name":"NewScan","manufacturer":"Acme"}'
}

# --- two writers of one file ------------------------------------------------------------

# answer_of ID FILE: the answer of ID as dmn-ask writes it, "ID": VALUE or "ID": then
# answer: VALUE on the next line (the lines these tests make), without its double quotes
answer_of() {
	sed -n "/^  \"$1\":/{s/^  \"$1\": *//;/./{p;q};n;s/^    answer: //p;q}" "$2" | sed 's/^"\(.*\)"$/\1/'
}

# runs: 50, or 10 in the sanitized pass (it looks for memory errors; the plain pass for races)
runs() {
	if [ -n "${DMN_SANITIZED:-}" ]; then seq 10; else seq 20; fi
}

@test "20 runs of two concurrent --set on one file: nothing is lost" {
	dossier c.yaml '"2": oui'
	for i in $(runs); do
		cp c.yaml t.yaml
		dmn-ask --set 5.4.3=yes -o t.yaml t.yaml 2>e1 &
		dmn-ask --set 5.8.3=no -o t.yaml t.yaml 2>e2 &
		wait
		[ ! -s e1 ] && [ ! -s e2 ]
		# both answers, and the one before (yq would read it too, but ten times slower)
		same "$(answer_of 2 t.yaml) $(answer_of 5.4.3 t.yaml) $(answer_of 5.8.3 t.yaml)" "oui oui non"
	done
	[ -z "$(find . -name '.dmn-*')" ]
}

@test "20 runs of two concurrent --set of the same answer: each lands, or is refused with a message" {
	dossier c.yaml '"2": oui'
	refused="t.yaml: error: changed by another program since it was read: not written, because it changed there too: 3.1"
	for i in $(runs); do
		cp c.yaml t.yaml
		dmn-ask --set 3.1=first -o t.yaml t.yaml 2>e1 &
		p1=$!
		dmn-ask --set 3.1=second -o t.yaml t.yaml 2>e2 &
		p2=$!
		wait $p1 && r1=0 || r1=$?
		wait $p2 && r2=0 || r2=$?
		got=$(answer_of 3.1 t.yaml)
		# a refusal is exit 2 and the message; what lands last is in the file
		echo "run $i: $r1 $r2: $(cat e1) | $(cat e2)"
		[ "$r1" = 0 ] || { [ "$r1" = 2 ] && [ "$(cat e1)" = "$refused" ]; }
		[ "$r2" = 0 ] || { [ "$r2" = 2 ] && [ "$(cat e2)" = "$refused" ]; }
		[ "$r1" = 0 ] || [ "$r2" = 0 ]
		if [ "$r1" != 0 ]; then [ "$got" = second ]; fi
		if [ "$r2" != 0 ]; then [ "$got" = first ]; fi
		[ "$got" = first ] || [ "$got" = second ]
		[ "$(answer_of 2 t.yaml)" = oui ]
	done
}

@test "a script's --set while a session is open on the file: the session reads it again, never undoes it" {
	sanitized_pass_only
	dossier d.yaml '"2": oui'
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	at 3.1
	send "one"
	at 3.2
	# a script writes another answer meanwhile
	run -0 dmn-ask --set 5.4=non -o d.yaml d.yaml
	send "two"
	at 3.3
	has_text "The file was changed by another program meanwhile: read again, your answers added to its own."
	same "$(yqa '[.answers["3.1"].answer, .answers["3.2"].answer, .answers["5.4"].answer]' d.yaml)" '["one","two","non"]'
	# the script answers the question on screen: the person's answer is not written, asked again
	run -0 dmn-ask --set 3.3=non -o d.yaml d.yaml
	send "oui"
	at 3.3
	has_text "The file was changed by another program meanwhile; these answers changed there too and were not written: 3.3"
	has_text "Current answer: non"
	same "$(yqa '.answers["3.3"].answer' d.yaml)" '"non"'
	# answered again, now knowing: written
	send "oui"
	at 3.4
	send q
	finish
	[ "$code" = 0 ]
	same "$(yqa '[.answers["3.1"].answer, .answers["3.2"].answer, .answers["3.3"].answer, .answers["5.4"].answer]' d.yaml)" '["one","two","oui","non"]'
}

@test "a file that is no longer a dossier is not written over: the answers are saved beside it" {
	sanitized_pass_only
	dossier d.yaml '"2": oui'
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	at 3.1
	send "one"
	at 3.2
	printf 'not: [a dossier\n' >d.yaml
	send "two"
	at 3.3
	has_text "'d.yaml' was changed by another program since it was read and is no longer a dossier that can be read"
	has_text "Your answers are kept: they will be written at the end."
	send q
	finish_with_stderr
	[ "$code" = 2 ]
	[ "$(cat d.yaml)" = 'not: [a dossier' ]
	saved=$(ls d.yaml.dmn-ask-*)
	grep -qF "error: 'd.yaml' could not be written: the answers are saved in '$saved'" err
	same "$(yqa '[.answers["2"], .answers["3.1"].answer, .answers["3.2"].answer]' "$saved")" '["oui","one","two"]'
}

# --- a dossier with errors, corrected -----------------------------------------------------

@test "a dossier with errors: the invalid answers first, with why; unknown ids kept or dropped; exit 1 while errors remain" {
	sanitized_pass_only
	cp "$EXAMPLES/bonesight.yaml" b.yaml
	start 'dmn-ask -S -o b.yaml b.yaml'
	wait_for "Some answers of the dossier need correcting: they come first."
	# 3.1: an unknown field, which only an editor can mend: skipped
	at 3.1
	has_text "To correct: unknown field 'auteur' in the answer to '3.1' (expected answer, status, source, by, date or comment)"
	send
	at 3.3
	has_text "To correct: “15/03/2024” — '15/03/2024' is not a date in the form YYYY-MM-DD (the date of an answer): write 2024-03-15"
	send oui
	at 4.1
	has_text "To correct: “economic” — 'economic' is not an option of question '4.1' (expected clinical, organisational, budgetary or other, or their labels)"
	send "1"
	at 4.2.4
	send non
	at 5.8.1
	send "Sensibilité 0,89."
	at 6.2.5
	send "10"
	# then the unknown id 9.7: shown, dropped
	poll last_is "k keep as is, d drop (Enter: keep, q: quit)"
	# its line in the file as saved so far
	# its line in the file as saved so far
	has_text "Unknown question id: “9.7” (line $(grep -n '^  "9.7":' b.yaml | cut -d: -f1)): Trois mois."
	send d
	# then what is missing
	at 1.3
	send q
	finish_with_stderr
	[ "$code" = 1 ]
	run -1 --separate-stderr dmn-validate --json b.yaml
	same "$(jq -c '[.dossiers[0].invalid[] | [.id, .message]]' <<<"$output")" '[["3.1","unknown field '"'auteur'"' in the answer to '"'3.1'"' (expected answer, status, source, by, date or comment)"]]'
	run -1 grep -F '9.7' b.yaml
	# everything else as it was: only the corrected answers' lines changed (a new answer
	# clears the old one's source, by and date; 3.3's value, oui again, is the same line)
	run -1 diff "$EXAMPLES/bonesight.yaml" b.yaml
	same "$output" "$(cat <<'EOF'
30,31c30
<     by: radiologue
<     date: "15/03/2024"  # ERREUR : date invalide (format attendu AAAA-MM-JJ, soit "2024-03-15")
---
>     date: "2024-06-20"  # ERREUR : date invalide (format attendu AAAA-MM-JJ, soit "2024-03-15")
35c34,36
<   "4.1": [clinical, economic]  # ERREUR : « economic » n'est pas une option de 4.1 (clinical, organisational, budgetary ou other)
---
>   "4.1":  # ERREUR : « economic » n'est pas une option de 4.1 (clinical, organisational, budgetary ou other)
>     answer: [clinical]
>     date: "2024-06-20"
42c43,45
<   "4.2.4": peut-être  # ERREUR : 4.2.4 est une question oui/non (attendu : oui, non, yes ou no)
---
>   "4.2.4":  # ERREUR : 4.2.4 est une question oui/non (attendu : oui, non, yes ou no)
>     answer: non
>     date: "2024-06-20"
60,62c63,64
<     answer: "Sensibilité 0,89 et spécificité 0,87 sur 3 100 examens ; AUC 0,93."
<     source: "Becker J et al., 2023, doi:10.5555/bonesight.2023.021"
<     status: done  # ERREUR : statut invalide (answered, unknown, not-applicable ou pending)
---
>     answer: "Sensibilité 0,89."
>     date: "2024-06-20"
69c71,73
<   "6.2.5": environ 10 minutes  # ERREUR : 6.2.5 attend un nombre (en minutes), par exemple 10
---
>   "6.2.5":  # ERREUR : 6.2.5 attend un nombre (en minutes), par exemple 10
>     answer: 10
>     date: "2024-06-20"
89d92
<   "9.7": "Trois mois."  # ERREUR : identifiant de question inconnu (la question 9 n'a que les sous-questions 9.1 à 9.4)
EOF
)"
}

# last_is TEXT: the terminal's last line is TEXT (a prompt, nothing typed yet)
last_is() {
	[ "$(last_line)" = "$1" ]
}

# finish_with_stderr: finish, for a run that says something on stderr
finish_with_stderr() {
	poll test -s status
	code=$(sed -n 's/^EXIT=//p' status)
}

# --- scripts say what a person can -------------------------------------------------------------

@test "--set ID.source, .by, .comment, .date, .status, pending with a partial answer, device fields, several options" {
	dossier d.yaml '"2": oui'
	run -0 --separate-stderr dmn-ask -b vendor --set 5.4=oui --set 5.4.source="notice p. 12" \
		--set 5.4.comment="à vérifier" --set 5.4.date=2024-01-31 --set 3.1="début de réponse" \
		--set 3.1.status=pending --set-status 3.2=not-applicable --set 3.2.comment="pas d'enfants" \
		--set 4.1=1,budgetary --set device.udi-di=0123456789 --set device.url=https://example.org \
		--set device.version= -o d.yaml d.yaml
	[ -z "$stderr" ]
	same "$(yqa '.device' d.yaml)" '{"name":"Test","manufacturer":"Acme","udi-di":"0123456789","url":"https://example.org"}'
	same "$(yqa '.answers["5.4"]' d.yaml)" '{"answer":"oui","source":"notice p. 12","by":"vendor","date":"2024-01-31","comment":"à vérifier"}'
	same "$(yqa '.answers["3.1"]' d.yaml)" '{"answer":"début de réponse","status":"pending","by":"vendor","date":"2024-06-20"}'
	same "$(yqa '.answers["3.2"]' d.yaml)" '{"status":"not-applicable","by":"vendor","date":"2024-06-20","comment":"pas d'"'"'enfants"}'
	same "$(yqa '.answers["4.1"].answer' d.yaml)" '["clinical","budgetary"]'
	# read back by dmn-validate: pending is not an answer, the rest is valid
	run -1 --separate-stderr dmn-validate --json d.yaml
	same "$(jq -c '.dossiers[0] | [.valid, .counts.total.pending]' <<<"$output")" '[true,1]'
	# an empty field removes it; a bad date, a device without a name, an unknown field are refused
	run -0 dmn-ask --set 5.4.comment= -o d.yaml d.yaml
	same "$(yqa '.answers["5.4"] | keys_unsorted' d.yaml)" '["answer","source","by","date"]'
	cp d.yaml before.yaml
	run -2 --separate-stderr dmn-ask --set 5.4.date=31/01/2024 -o d.yaml d.yaml
	same "$stderr" "dmn-ask: error: --set '5.4.date=31/01/2024': '31/01/2024' is not a date in the form YYYY-MM-DD: write 2024-01-31"
	run -2 --separate-stderr dmn-ask --set device.name= -o d.yaml d.yaml
	same "$stderr" "dmn-ask: error: --set 'device.name=': a device cannot lose its name"
	run -2 --separate-stderr dmn-ask --set device.colour=red -o d.yaml d.yaml
	same "$stderr" "dmn-ask: error: --set 'device.colour=red': unknown device field 'colour' (expected name, manufacturer, version, ce-class, notified-body, udi-di, contact or url)"
	cmp d.yaml before.yaml
}

@test "keys in either case; a text answer that is a key word is confirmed first" {
	sanitized_pass_only
	dossier d.yaml '"2": oui'
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	at 3.1
	send "aide"
	poll last_is "“aide” as the answer? (y/N)"
	send n
	at 3.1
	send "U"
	at 3.2
	send "Help"
	poll last_is "“Help” as the answer? (y/N)"
	send y
	at 3.3
	send "Q"
	finish
	[ "$code" = 0 ]
	same "$(yqa '[.answers["3.1"].status, .answers["3.2"].answer, .answers["3.3"]]' d.yaml)" '["unknown","Help",null]'
}

@test "in French the prompt shows French keys: i inconnu, so sans objet, a en attente, r retour; the English ones work too" {
	sanitized_pass_only
	dossier d.yaml '"2": oui'
	start 'dmn-ask -l fr -S -s 3 -o d.yaml d.yaml'
	at 3.1
	[[ $(last_line) == "> (? aide, i inconnu, so sans objet, a en attente, e éditeur, Entrée passer, r retour, q quitter)" ]]
	send I
	at 3.2
	send so
	poll last_is "Raison (courte ; q : quitter) :"
	send "adultes seulement"
	at 3.3
	send r
	at 3.2
	send a
	at 3.3
	send u
	at 3.4
	send q
	finish
	[ "$code" = 0 ]
	same "$(yqa '[.answers["3.1"].status, .answers["3.2"].status, .answers["3.3"].status, .answers["3.4"]]' d.yaml)" '["unknown","pending","unknown",null]'
}

@test "unknown ids: one kept (k), one dropped (d); the kept one stays as it was, exit 1" {
	sanitized_pass_only
	dossier d.yaml '"2": oui' '"9.7": "a"  # kept' '"9.8": b'
	start 'dmn-ask -S -s 3 -o d.yaml d.yaml'
	poll last_is "k keep as is, d drop (Enter: keep, q: quit)"
	has_text "Unknown question id: “9.7” (line 9): a"
	send k
	wait_for "Unknown question id: “9.8” (line 10): b"
	send d
	at 3.1
	send q
	finish_with_stderr
	[ "$code" = 1 ]
	grep -qxF '  "9.7": "a"  # kept' d.yaml
	run -1 grep -F '9.8' d.yaml
}
