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
#include <linux/types.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pacer.h"

static const char *const SHARED[] = {"rb", "stats", "known_processes", "process_epoch", "last_announced"};
static int prog_fd;

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

/* One test run of bench_icmp emitting n records (ICMP sequence numbers go on across runs); n or -1. */
static int emit(int n)
{
	static unsigned long long total;
	__u64 ctx[2] = { n, total };
	LIBBPF_OPTS(bpf_test_run_opts, test_run, .ctx_in = ctx, .ctx_size_in = sizeof(ctx));

	if (bpf_prog_test_run_opts(prog_fd, &test_run))
		return -1;
	total += n;
	return n;
}

int main(int argc, char **argv)
{
	const char *object = NULL, *go = NULL;
	double rate = 0, seconds = 5, warmup = 0;
	const char *mark = NULL;
	int pid = 0, batch = 64, opt, i, status;
	struct bpf_object *obj;
	struct bpf_program *prog;

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
	for (i = 0; i < (int)(sizeof(SHARED) / sizeof(SHARED[0])); i++) {
		int fd = consumer_map(pid, SHARED[i]);
		struct bpf_map *map = bpf_object__find_map_by_name(obj, SHARED[i]);

		if (fd < 0 || !map || bpf_map__reuse_fd(map, fd)) {
			fprintf(stderr, "failed to share map %s of process %d\n", SHARED[i], pid);
			return 1;
		}
		close(fd);
	}
	bpf_object__for_each_program(prog, obj) /* the floor_* programs are ringstat's */
		bpf_program__set_autoload(prog, strcmp(bpf_program__name(prog), "bench_icmp") == 0);
	if (bpf_object__load(obj)) {
		fprintf(stderr, "failed to load %s: %s\n", object, strerror(errno));
		return 1;
	}
	prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "bench_icmp"));
	status = pace(emit, "run bench_icmp", go, mark, warmup, rate, seconds, batch);
	bpf_object__close(obj);
	return status;
}
