// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic load for scripts/bench, beyond what real packets reach here: runs netjfr's
 * benchmark program (bpf/bench.bpf.c) with BPF_PROG_TEST_RUN, each run emitting a batch
 * of ICMP records of the real format, in this process's context, into the ring buffer of
 * a running consumer (found through /proc/PID/fdinfo, its maps reused by name).
 *
 *   recordgen -o bench.bpf.o -p CONSUMER_PID [-r RATE] [-d SECONDS] [-b BATCH] [-w SECONDS] [-m MARK_FILE] [-g GO_FILE]
 *
 * -r records per second (0, the default: as fast as possible), -d run time (default 5 s),
 * -b records per run (default 64; paced runs run at least once per millisecond), -g wait
 * until GO_FILE exists, -w first run for this long at 100,000/s (the consumer warms up;
 * default 0), -m create MARK_FILE when the measured run starts. Prints one JSON line: warmup_sent, then sent, seconds and rate of the
 * measured run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static const char *const SHARED[] = {"rb", "stats", "known_processes", "process_epoch", "last_announced"};
static volatile sig_atomic_t stop;
static int prog_fd;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: recordgen -o OBJECT -p CONSUMER_PID [-r RATE] [-d SECONDS] [-b BATCH] [-w SECONDS] [-m MARK_FILE] [-g GO_FILE]\n");
	exit(2);
}

/* An fd of the map named `name` that process `pid` holds, or -1. */
static int consumer_map(int pid, const char *name)
{
	char path[64], line[128];
	struct dirent *e;
	DIR *dir;
	int found = -1;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo", pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while (found < 0 && (e = readdir(dir))) {
		char file[352];
		FILE *f;

		snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
		f = fopen(file, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned int id;
			struct bpf_map_info info = {};
			__u32 len = sizeof(info);
			int fd;

			if (sscanf(line, "map_id: %u", &id) != 1)
				continue;
			fd = bpf_map_get_fd_by_id(id);
			if (fd < 0)
				break;
			if (!bpf_obj_get_info_by_fd(fd, &info, &len) && strcmp(info.name, name) == 0) {
				found = fd;
				break;
			}
			close(fd);
			break;
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

/* One test run of bench_icmp emitting n records; 0 or -1. */
static int emit(int n, unsigned long long first)
{
	__u64 ctx[2] = { n, first };
	LIBBPF_OPTS(bpf_test_run_opts, run, .ctx_in = ctx, .ctx_size_in = sizeof(ctx));

	return bpf_prog_test_run_opts(prog_fd, &run);
}

/* Emits at `rate` per second (0: as fast as possible) for `seconds`; returns the count, -1 on error. */
static long long run(double rate, double seconds, int batch)
{
	double start = now(), deadline = start + seconds, next = start;
	static unsigned long long total;
	long long sent = 0;

	if (rate > 0 && batch > rate / 1000 + 1)
		batch = rate / 1000 + 1; /* at least a run per millisecond when paced */
	while (!stop) {
		double t = now();

		if (t >= deadline)
			break;
		if (rate > 0) {
			if (t < next) {
				struct timespec ts;

				ts.tv_sec = (time_t)next;
				ts.tv_nsec = (long)((next - ts.tv_sec) * 1e9);
				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
				continue;
			}
			next += batch / rate;
		}
		if (emit(batch, total)) {
			fprintf(stderr, "failed to run bench_icmp: %s\n", strerror(errno));
			return -1;
		}
		sent += batch;
		total += batch;
	}
	return sent;
}

int main(int argc, char **argv)
{
	const char *object = NULL, *go = NULL;
	double rate = 0, seconds = 5, warmup = 0, start;
	const char *mark = NULL;
	long long warmup_sent = 0, sent;
	int pid = 0, batch = 64, opt, i;
	struct bpf_object *obj;

	while ((opt = getopt(argc, argv, "o:p:r:d:b:w:m:g:")) != -1) {
		switch (opt) {
		case 'o': object = optarg; break;
		case 'p': pid = atoi(optarg); break;
		case 'r': rate = atof(optarg); break;
		case 'd': seconds = atof(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 'g': go = optarg; break;
		case 'w': warmup = atof(optarg); break;
		case 'm': mark = optarg; break;
		default: usage();
		}
	}
	if (!object || pid <= 0 || batch < 1 || batch > 65536 || rate < 0 || seconds <= 0 || warmup < 0)
		usage();

	obj = bpf_object__open_file(object, NULL);
	if (!obj) {
		fprintf(stderr, "failed to open %s: %s\n", object, strerror(errno));
		return 1;
	}
	for (i = 0; i < 3; i++) {
		int fd = consumer_map(pid, SHARED[i]);
		struct bpf_map *map = bpf_object__find_map_by_name(obj, SHARED[i]);

		if (fd < 0 || !map || bpf_map__reuse_fd(map, fd)) {
			fprintf(stderr, "failed to share map %s of process %d\n", SHARED[i], pid);
			return 1;
		}
		close(fd);
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "failed to load %s: %s\n", object, strerror(errno));
		return 1;
	}
	prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "bench_icmp"));
	prctl(PR_SET_TIMERSLACK, 1UL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	while (go && access(go, F_OK) != 0 && !stop)
		usleep(1000);
	if (warmup > 0 && (warmup_sent = run(100000, warmup, batch)) < 0)
		return 1;
	if (mark)
		close(open(mark, O_CREAT | O_WRONLY, 0644)); /* the measured run starts now */
	start = now();
	if ((sent = run(rate, seconds, batch)) < 0)
		return 1;
	seconds = now() - start;
	printf("{\"warmup_sent\": %lld, \"sent\": %lld, \"seconds\": %.3f, \"rate\": %.0f}\n",
	       warmup_sent, sent, seconds, sent / seconds);
	bpf_object__close(obj);
	return 0;
}
