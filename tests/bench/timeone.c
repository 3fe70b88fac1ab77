/* timeone.c: how the benchmarks (tests/bench/run.sh) and the memory tests run a program.
 *
 *   timeone -o FILE [-n RUNS] [-i INPUT] CMD [ARG...]
 *
 * runs CMD RUNS times (1 by default) one after the other, each with INPUT (or timeone's own
 * standard input, for one run) on its standard input, standard output and error inherited,
 * and writes to FILE one line:
 *
 *   WALL-SECONDS PEAK-RSS-KB USER-SECONDS SYSTEM-SECONDS
 *
 * the wall and CPU times of all the runs together (microseconds, from wait4: finer than GNU
 * time's 10 ms), the largest peak RSS of one run. It exits with the status of the last run
 * (128+N for a signal). A C parent, started once: the figures are the program's alone, not a
 * shell's fork (and the peak RSS of a child started from python3 would include python's
 * own memory, the kernel counting what the child was forked from). */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int usage(void)
{
	fputs("usage: timeone -o FILE [-n RUNS] [-i INPUT] CMD [ARG...]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	double user = 0, sys = 0;
	long maxrss = 0, runs = 1, i;
	const char *out = NULL, *input = NULL;
	int status = 0, c;
	FILE *o;

	while ((c = getopt(argc, argv, "+o:n:i:")) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'n': runs = strtol(optarg, NULL, 10); break;
		case 'i': input = optarg; break;
		default: return usage();
		}
	}
	if (!out || optind >= argc || runs < 1 || (runs > 1 && !input))
		return usage();
	argv += optind;
	if (!(o = fopen(out, "w"))) {
		perror(out);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < runs; i++) {
		struct rusage ru;
		pid_t pid = fork();

		if (pid < 0) {
			perror("timeone: fork");
			return 2;
		}
		if (pid == 0) {
			if (input) {
				int fd = open(input, O_RDONLY);
				if (fd < 0 || dup2(fd, 0) < 0) {
					perror(input);
					_exit(127);
				}
				close(fd);
			}
			execvp(argv[0], argv);
			perror(argv[0]);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("timeone: wait4");
			return 2;
		}
		user += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
		sys += ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(o, "%.6f %ld %.6f %.6f\n",
		(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, maxrss, user, sys);
	if (fclose(o) != 0) {
		perror("timeone");
		return 2;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
