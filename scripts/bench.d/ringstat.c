// SPDX-License-Identifier: GPL-2.0
/*
 * Speed reference for scripts/bench: a plain C libbpf consumer of netjfr's own icmp
 * object (target/classes/bpf/icmp.bpf.o, tp_btf program, same ring buffer, same pid
 * filter, same wake-up policy as io.netjfr.bpf.Engine: drain every millisecond while
 * records come, epoll while the ring is empty). Per record it only counts and takes the
 * kernel-to-consumer latency, so its rate is what the ring itself allows.
 * -P attaches other programs of the object instead, comma separated (bench.bpf.o's
 * floor_* programs, or send.bpf.o's send_tp_btf); the run statistics printed are those of
 * the first in the object. -t PORT and -c CAPTURES set the object's port filter and
 * capture_flags (send.bpf.o: 1 for HTTP, as `record --events http --port PORT`), -k HOOK
 * whose counters are printed (enum hook_id; default the icmp hook's). A second -o loads a
 * second object beside the first, sharing the first's maps of the same name as the engine
 * does (recv.bpf.o beside send.bpf.o: both halves of `record --events http`); -P then
 * names programs of either.
 *
 *   ringstat -o OBJECT [-o OBJECT] [-P PROGRAMS] [-t PORT] [-c CAPTURES] [-k HOOK] -p PID -r READY_FILE -s STOP_FILE
 *
 * Creates READY_FILE once attached, runs until STOP_FILE exists, prints one JSON line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "../../bpf/netjfr.h"

#define SUB_BITS 5
#define BUCKETS (64 + 58 * (1 << SUB_BITS))

static unsigned long long hist[BUCKETS], records, icmp_records;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int bucket(unsigned long long v)
{
	int e;

	if (v < 64)
		return v;
	e = 63 - __builtin_clzll(v);
	return 64 + (e - 6) * (1 << SUB_BITS) + ((v >> (e - SUB_BITS)) & ((1 << SUB_BITS) - 1));
}

static double bucket_value(int i)
{
	int e, m;

	if (i < 64)
		return i;
	e = (i - 64) / (1 << SUB_BITS) + 6;
	m = (i - 64) % (1 << SUB_BITS);
	return (double)(((1ULL << SUB_BITS) + m) << (e - SUB_BITS)) * (1 + 0.5 / (1 << SUB_BITS));
}

static double percentile(double q)
{
	unsigned long long total = 0, seen = 0;
	int i;

	for (i = 0; i < BUCKETS; i++)
		total += hist[i];
	for (i = 0; i < BUCKETS && total; i++) {
		seen += hist[i];
		if (seen >= q * total)
			return bucket_value(i);
	}
	return 0;
}

static int on_record(void *ctx, void *data, size_t size)
{
	const struct record_header *h = data;
	unsigned long long t = now_ns();

	(void)ctx;
	records++;
	if (size >= sizeof(struct icmp_record) && h->kind == RECORD_ICMP) {
		icmp_records++;
		hist[bucket(t > h->ktime_ns ? t - h->ktime_ns : 0)]++;
	}
	return 0;
}

/* name is one of the comma separated list */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == 0))
			return true;
	return false;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, args) : 0;
}

int main(int argc, char **argv)
{
	const char *objects[2] = {}, *ready = NULL, *stop = NULL, *programs = "icmp_tp_btf";
	struct netjfr_config cfg = {};
	struct bpf_object *obj, *opened[2] = {};
	int nobjects = 0, o;
	struct bpf_program *prog, *used = NULL;
	struct bpf_map *map, *stats;
	struct ring_buffer *rb;
	struct bpf_link *links[8];
	int nlinks = 0;
	unsigned long long wakeups = 0, first_ns = 0, last_ns = 0, wakeups_first = 0, wakeups_last = 0;
	unsigned long long records_first = 0;
	double cpu_first = 0, cpu_last = 0;
	struct hook_stats *per_cpu;
	__u64 seen = 0, lost = 0;
	__u32 key = HOOK_ICMP;
	unsigned long long next_ns;
	struct epoll_event event;
	int opt, ncpu, i, fd, err, epfd;

	while ((opt = getopt(argc, argv, "o:P:p:r:s:t:c:k:")) != -1) {
		switch (opt) {
		case 'o':
			if (nobjects == 2) {
				fprintf(stderr, "at most two objects\n");
				return 2;
			}
			objects[nobjects++] = optarg;
			break;
		case 'P': programs = optarg; break;
		case 'p': cfg.target_tgid = atoi(optarg); break;
		case 'r': ready = optarg; break;
		case 's': stop = optarg; break;
		case 't': cfg.target_port = atoi(optarg); break;
		case 'c': cfg.captures = atoi(optarg); break;
		case 'k': key = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: ringstat -o OBJECT [-o OBJECT] [-P PROGRAMS] [-t PORT] [-c CAPTURES] [-k HOOK] -p PID -r READY_FILE -s STOP_FILE\n");
			return 2;
		}
	}
	if (!nobjects || !ready || !stop) {
		fprintf(stderr, "usage: ringstat -o OBJECT [-o OBJECT] [-P PROGRAMS] [-t PORT] [-c CAPTURES] [-k HOOK] -p PID -r READY_FILE -s STOP_FILE\n");
		return 2;
	}
	libbpf_set_print(quiet);
	for (o = 0; o < nobjects; o++) {
		obj = opened[o] = bpf_object__open_file(objects[o], NULL);
		if (!obj) {
			fprintf(stderr, "failed to open %s: %s\n", objects[o], strerror(errno));
			return 1;
		}
		bpf_object__for_each_program(prog, obj) {
			bool on = listed(programs, bpf_program__name(prog));

			bpf_program__set_autoload(prog, on);
			if (on && !used)
				used = prog;
		}
		bpf_object__for_each_map(map, obj) {
			const char *name = bpf_map__name(map);
			struct bpf_map *shared;

			if (strlen(name) >= 7 && strcmp(name + strlen(name) - 7, ".rodata") == 0)
				bpf_map__set_initial_value(map, &cfg, sizeof(cfg));
			else if (o > 0 && (shared = bpf_object__find_map_by_name(opened[0], name)) != NULL &&
				 bpf_map__reuse_fd(map, bpf_map__fd(shared))) {
				fprintf(stderr, "failed to share map %s\n", name);
				return 1;
			}
		}
		err = bpf_object__load(obj);
		if (err) {
			fprintf(stderr, "failed to load %s: %s\n", objects[o], strerror(-err));
			return 1;
		}
		bpf_object__for_each_program(prog, obj) {
			if (!bpf_program__autoload(prog))
				continue;
			if (nlinks == (int)(sizeof(links) / sizeof(links[0])) ||
			    !(links[nlinks++] = bpf_program__attach(prog))) {
				fprintf(stderr, "failed to attach %s: %s\n", bpf_program__name(prog), strerror(errno));
				return 1;
			}
		}
	}
	if (!used) {
		fprintf(stderr, "none of the programs %s is in the objects\n", programs);
		return 1;
	}
	obj = opened[0];
	rb = ring_buffer__new(bpf_map__fd(bpf_object__find_map_by_name(obj, "rb")), on_record, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "failed to open ring buffer: %s\n", strerror(errno));
		return 1;
	}
	fd = open(ready, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);

	epfd = ring_buffer__epoll_fd(rb);
	next_ns = now_ns();
	while (access(stop, F_OK) != 0) {
		unsigned long long before = records;
		int n = ring_buffer__consume(rb);

		if (n > 0) {
			unsigned long long t = now_ns();

			if (!first_ns) {
				first_ns = t;
				cpu_first = cpu_seconds();
				wakeups_first = wakeups;
				records_first = before;
			}
			last_ns = t;
			cpu_last = cpu_seconds();
			wakeups_last = wakeups;
			/* busy: drain again on the next millisecond of a 1 ms grid */
			next_ns += 1000000;
			if (next_ns <= t) {
				next_ns = t;
				continue;
			}
			struct timespec ts = { next_ns / 1000000000ULL, next_ns % 1000000000ULL };
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		} else {
			/* idle: the kernel signals the first record after the ring went empty */
			epoll_wait(epfd, &event, 1, 100);
			next_ns = now_ns();
		}
		wakeups++;
	}
	ring_buffer__consume(rb);

	stats = bpf_object__find_map_by_name(obj, "stats");
	ncpu = libbpf_num_possible_cpus();
	per_cpu = calloc(ncpu, sizeof(*per_cpu));
	if (per_cpu && !bpf_map_lookup_elem(bpf_map__fd(stats), &key, per_cpu)) {
		for (i = 0; i < ncpu; i++) {
			seen += per_cpu[i].seen;
			lost += per_cpu[i].lost;
		}
	}
	{
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		double span = last_ns > first_ns ? (last_ns - first_ns) / 1e9 : 0;
		unsigned long long active = records - records_first;

		bpf_obj_get_info_by_fd(bpf_program__fd(used), &info, &len);
		printf("{\"seen\": %llu, \"lost\": %llu, \"delivered\": %llu, \"seconds\": %.3f, \"rate\": %.0f, "
		       "\"latency_p50_us\": %.1f, \"latency_p99_us\": %.1f, \"latency_max_us\": %.1f, "
		       "\"wakeups_per_s\": %.0f, \"cpu_ns_per_event\": %.0f, "
		       "\"prog_run_cnt\": %llu, \"prog_run_time_ns\": %llu}\n",
		       (unsigned long long)seen, (unsigned long long)lost, icmp_records, span,
		       span > 0 ? active / span : 0, percentile(0.5) / 1e3, percentile(0.99) / 1e3,
		       percentile(1.0) / 1e3, span > 0 ? (wakeups_last - wakeups_first) / span : 0,
		       active ? (cpu_last - cpu_first) * 1e9 / active : 0,
		       (unsigned long long)info.run_cnt, (unsigned long long)info.run_time_ns);
	}
	ring_buffer__free(rb);
	for (i = 0; i < nlinks; i++)
		bpf_link__destroy(links[i]);
	for (o = 0; o < nobjects; o++)
		bpf_object__close(opened[o]);
	return 0;
}
