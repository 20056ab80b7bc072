// SPDX-License-Identifier: GPL-2.0
/*
 * Load generator for scripts/bench: real ICMP echo requests, sent by this process through
 * an AF_PACKET socket (sendmmsg: a batch of packets per system call) onto a network device
 * that drops them (a bridge without ports in the bench's own network namespace). Each
 * packet passes net_dev_queue in this process's context, where netjfr's icmp hook sees
 * it: the cheapest real record, with no IP stack and no reply to pay for. The addresses
 * are loopback ones; nothing leaves the namespace. (A PACKET_TX_RING would be faster, but
 * it puts the packet in page fragments, where a tracing program cannot read it.)
 *
 *   icmpflood -i DEV [-r RATE] [-d SECONDS] [-b BATCH] [-w SECONDS] [-m MARK_FILE] [-g GO_FILE]
 *
 * -r packets per second (0, the default: as fast as possible), -d run time (default 5 s),
 * -b packets per sendmmsg (default 64; paced runs send at least one batch per millisecond),
 * -g wait until GO_FILE exists before sending (so a consumer can attach to this pid
 * first), -w first send for this long at 100,000/s (the consumer warms up; default 0),
 * -m create MARK_FILE when the measured run starts, after the warm-up.
 * Prints one JSON line: warmup_sent, then sent, seconds and rate of the measured run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <sys/socket.h>
#include "pacer.h"

#define MAX_BATCH 1024
#define PAYLOAD 8

struct packet {
	struct iphdr ip;
	struct icmphdr icmp;
	unsigned char payload[PAYLOAD];
} __attribute__((packed));

static struct packet packets[MAX_BATCH];
static struct iovec iov[MAX_BATCH];
static struct mmsghdr msgs[MAX_BATCH];
static int fd;
static unsigned short seq;

static unsigned short checksum(const void *data, size_t len)
{
	const unsigned short *p = data;
	unsigned long sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const unsigned char *)p;
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	return ~sum;
}

static void usage(void)
{
	fprintf(stderr, "usage: icmpflood -i DEV [-r RATE] [-d SECONDS] [-b BATCH] [-w SECONDS] [-m MARK_FILE] [-g GO_FILE]\n");
	exit(2);
}

/* One sendmmsg of n packets; returns how many went out, -1 on error. */
static int send_batch(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		struct packet *p = &packets[i];

		p->icmp.un.echo.sequence = htons(seq++);
		p->icmp.checksum = 0;
		p->icmp.checksum = checksum(&p->icmp, sizeof(p->icmp) + PAYLOAD);
	}
	for (;;) {
		int sent = sendmmsg(fd, msgs, n, 0);

		if (sent >= 0 || errno != EINTR || stop)
			return sent;
	}
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *go = NULL;
	double rate = 0, seconds = 5, warmup = 0;
	const char *mark = NULL;
	int batch = 64, opt, i;
	unsigned short id = getpid() & 0xffff;
	struct sockaddr_ll to = {};

	while ((opt = getopt(argc, argv, "i:r:d:b:w:m:g:")) != -1) {
		switch (opt) {
		case 'i': dev = optarg; break;
		case 'r': rate = atof(optarg); break;
		case 'd': seconds = atof(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 'g': go = optarg; break;
		case 'w': warmup = atof(optarg); break;
		case 'm': mark = optarg; break;
		default: usage();
		}
	}
	if (!dev || batch < 1 || batch > MAX_BATCH || rate < 0 || seconds <= 0 || warmup < 0)
		usage();

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (fd < 0) {
		fprintf(stderr, "failed to open packet socket: %s\n", strerror(errno));
		return 1;
	}
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_IP);
	to.sll_ifindex = if_nametoindex(dev);
	to.sll_halen = ETH_ALEN;
	memset(to.sll_addr, 0xff, ETH_ALEN);
	if (!to.sll_ifindex) {
		fprintf(stderr, "failed to find device %s: %s\n", dev, strerror(errno));
		return 1;
	}
	for (i = 0; i < MAX_BATCH; i++) {
		struct packet *p = &packets[i];

		p->ip.version = 4;
		p->ip.ihl = 5;
		p->ip.tot_len = htons(sizeof(*p));
		p->ip.ttl = 64;
		p->ip.protocol = IPPROTO_ICMP;
		p->ip.saddr = htonl(0x7f000001);
		p->ip.daddr = htonl(0x7f000002);
		p->ip.check = checksum(&p->ip, sizeof(p->ip));
		p->icmp.type = ICMP_ECHO;
		p->icmp.un.echo.id = htons(id);
		iov[i].iov_base = p;
		iov[i].iov_len = sizeof(*p);
		msgs[i].msg_hdr.msg_name = &to;
		msgs[i].msg_hdr.msg_namelen = sizeof(to);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	return pace(send_batch, "send", go, mark, warmup, rate, seconds, batch);
}
