# options.bash: the options that a program's --help lists (load options, after helper).

# help_options PROGRAM [args]: the options of PROGRAM --help, short and long, one a line,
# sorted; with "args", only those that take an argument ("-f, --format FMT"; the
# description may follow the argument after one space: "-Q, --questionnaire FILE use")
help_options() {
	"$1" --help | sed -nE 's/^ +((-[A-Za-z]), )?(--[a-z-]+)( [A-Z][A-Z=]*)?( +.*)?$/\2 \3 \4/p' |
		while read -r a b c; do
			if [[ $a == --* ]]; then c=$b b=$a a=; fi
			if [[ $2 != args || -n $c ]]; then
				# printf: echo would take -n (dmn-ask --question) for its own option
				[[ -z $a ]] || printf '%s\n' "$a"
				printf '%s\n' "$b"
			fi
		done | LC_ALL=C sort
}
