/* baseline.c: the benchmarks' yardstick (tests/bench/run.sh). It reads a YAML stream
 * from FILE or standard input with libyaml's event parser and does nothing else: every
 * event is parsed and deleted. What dmn's programs do beyond this is their own cost.
 * Exit status: 0 parsed to the end, 1 not YAML, 2 cannot open. */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t event;
	FILE *f = stdin;
	int done = 0;

	if (argc > 1 && !(argv[1][0] == '-' && argv[1][1] == '\0')) {
		f = fopen(argv[1], "rb");
		if (!f) {
			perror(argv[1]);
			return 2;
		}
	}
	if (!yaml_parser_initialize(&parser))
		return 2;
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "baseline: %lu:%lu: %s\n",
				(unsigned long)parser.problem_mark.line + 1,
				(unsigned long)parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "parse error");
			yaml_parser_delete(&parser);
			return 1;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	if (f != stdin)
		fclose(f);
	return 0;
}
