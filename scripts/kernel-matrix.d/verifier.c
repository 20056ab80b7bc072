// SPDX-License-Identifier: GPL-2.0
/*
 * How close each of netjfr's BPF programs comes to the verifier's limit on this kernel:
 * loads the programs of an object one at a time, with the configuration the agent gives
 * them (-p: a target pid, its default scope; -c: the capture flags), and prints per program
 * the instructions the verifier processed (limit 1,000,000: past it the load fails with
 * E2BIG) or why it did not load. Programs whose hook the kernel lacks fail with their errno.
 * -r: the node daemon's configuration instead (routed: every process, per-client rings).
 *
 *   verifier -o OBJECT [-p TGID | -r] [-c CAPTURES] [-P PREFIX]
 *
 * One line per program: "verifier object=O program=P tgid=T routed=R insns=N states=S result=ok|E2BIG|..."
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include "../../bpf/netjfr.h"

static char log_buf[1 << 20];

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

/* The number after the last occurrence of key in the verifier's log, or -1. */
static long last_number(const char *key)
{
	const char *p = log_buf, *hit = NULL;

	while ((p = strstr(p, key)) != NULL)
		hit = p++;
	return hit ? strtol(hit + strlen(key), NULL, 10) : -1;
}

static const char *object_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Loads program `name` of object alone; prints its line; 0 when it loaded. */
static int verify(const char *object, const char *name, const struct netjfr_config *cfg)
{
	struct bpf_object *obj = bpf_object__open_file(object, NULL);
	struct bpf_program *prog, *target = NULL;
	struct bpf_map *map;
	int err;

	if (!obj) {
		fprintf(stderr, "verifier: cannot open %s: %s\n", object, strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		bool on = strcmp(bpf_program__name(prog), name) == 0;

		bpf_program__set_autoload(prog, on);
		if (on)
			target = prog;
	}
	bpf_object__for_each_map(map, obj) {
		const char *m = bpf_map__name(map);

		/* the configuration is the whole .rodata: a size that differs means it is not */
		if (strlen(m) >= 7 && strcmp(m + strlen(m) - 7, ".rodata") == 0 &&
		    bpf_map__set_initial_value(map, cfg, sizeof(*cfg))) {
			fprintf(stderr, "verifier: %s's .rodata is not struct netjfr_config\n", object);
			bpf_object__close(obj);
			return 1;
		}
	}
	log_buf[0] = 0;
	bpf_program__set_log_level(target, 4); /* BPF_LOG_STATS: the verifier's totals only */
	bpf_program__set_log_buf(target, log_buf, sizeof(log_buf));
	err = bpf_object__load(obj);
	printf("verifier object=%s program=%s tgid=%u routed=%u insns=%ld states=%ld result=%s\n", object_name(object),
	       name, cfg->target_tgid, cfg->routed, last_number("processed "), last_number("total_states "),
	       !err ? "ok" : err == -E2BIG ? "E2BIG" : strerror(-err));
	fflush(stdout);
	bpf_object__close(obj);
	return err != 0;
}

int main(int argc, char **argv)
{
	const char *object = NULL, *prefix = "";
	struct netjfr_config cfg = {.captures = CAPTURE_HTTP | CAPTURE_TLS};
	struct bpf_object *obj;
	struct bpf_program *prog;
	char names[64][64];
	int n = 0, opt, failed = 0;

	while ((opt = getopt(argc, argv, "o:p:rc:P:")) != -1) {
		switch (opt) {
		case 'o': object = optarg; break;
		case 'p': cfg.target_tgid = atoi(optarg); break;
		case 'r': cfg.routed = 1; break;
		case 'c': cfg.captures = atoi(optarg); break;
		case 'P': prefix = optarg; break;
		default: object = NULL; optind = argc; break;
		}
	}
	if (!object) {
		fprintf(stderr, "usage: verifier -o OBJECT [-p TGID | -r] [-c CAPTURES] [-P PREFIX]\n");
		return 2;
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(object, NULL);
	if (!obj) {
		fprintf(stderr, "verifier: cannot open %s: %s\n", object, strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(prog, obj) {
		if (n < 64 && strncmp(bpf_program__name(prog), prefix, strlen(prefix)) == 0)
			snprintf(names[n++], sizeof(names[0]), "%s", bpf_program__name(prog));
	}
	bpf_object__close(obj);
	for (int i = 0; i < n; i++)
		failed |= verify(object, names[i], &cfg);
	return failed;
}
