/* timeone.c: run.sh's stand-in for GNU time where /usr/bin/time is missing.
 * timeone -o FILE CMD [ARG...] runs CMD (standard streams inherited), writes
 * "WALL-SECONDS PEAK-RSS-KB USER-SECONDS SYSTEM-SECONDS" to FILE, as
 * `time -f '%e %M %U %S' -o FILE` would, and exits with CMD's status.
 * A C parent because the peak RSS the kernel reports for a child includes the memory of
 * the process it was forked from: from python3 (os.wait4, resource.getrusage) every
 * program would weigh at least python's own 10 MB or so. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *o;

	if (argc < 4 || argv[1][0] != '-' || argv[1][1] != 'o' || argv[1][2]) {
		fputs("usage: timeone -o FILE CMD [ARG...]\n", stderr);
		return 2;
	}
	if (!(o = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 2;
	}
	argv += 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeone: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("timeone: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(o, "%.6f %ld %.6f %.6f\n",
		(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
		ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	if (fclose(o) != 0) {
		perror("timeone");
		return 2;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
