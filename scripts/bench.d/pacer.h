/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the bench's two load generators (icmpflood.c: real packets, recordgen.c: synthetic
 * records) share: a paced run of batches and the steps around it — wait for GO_FILE,
 * warm up at 100,000/s, create MARK_FILE, the measured run, one JSON line. Each generator
 * supplies emit(n): sends n, returns how many went out or -1 (errno set), and says what
 * that is for the error message ("send", "run bench_icmp").
 */
#ifndef NETJFR_BENCH_PACER_H
#define NETJFR_BENCH_PACER_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

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

static void sleep_until(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - ts.tv_sec) * 1e9);
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* Emits at `rate` per second (0: as fast as possible) for `seconds`; returns the count, -1 on error. */
static long long run(int (*emit)(int n), const char *what, double rate, double seconds, int batch)
{
	double start = now(), deadline = start + seconds, next = start;
	long long sent = 0;

	if (rate > 0 && batch > rate / 1000 + 1)
		batch = rate / 1000 + 1; /* at least a batch per millisecond when paced */
	while (!stop) {
		double t = now();
		int n;

		if (t >= deadline)
			break;
		if (rate > 0) {
			if (t < next) {
				sleep_until(next);
				continue;
			}
			next += batch / rate;
		}
		n = emit(batch);
		if (n < 0) {
			fprintf(stderr, "failed to %s: %s\n", what, strerror(errno));
			return -1;
		}
		sent += n;
	}
	return sent;
}

/* The whole paced run (see the top of this file); the process's exit status. */
static int pace(int (*emit)(int n), const char *what, const char *go, const char *mark, double warmup,
		double rate, double seconds, int batch)
{
	long long warmup_sent = 0, sent;
	double start;

	prctl(PR_SET_TIMERSLACK, 1UL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (go && access(go, F_OK) != 0 && !stop)
		usleep(1000);
	if (warmup > 0 && (warmup_sent = run(emit, what, 100000, warmup, batch)) < 0)
		return 1;
	if (mark)
		close(open(mark, O_CREAT | O_WRONLY, 0644)); /* the measured run starts now */
	start = now();
	if ((sent = run(emit, what, rate, seconds, batch)) < 0)
		return 1;
	seconds = now() - start;
	printf("{\"warmup_sent\": %lld, \"sent\": %lld, \"seconds\": %.3f, \"rate\": %.0f}\n",
	       warmup_sent, sent, seconds, sent / seconds);
	return 0;
}

#endif
