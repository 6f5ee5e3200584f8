/*
 * LD_PRELOAD shim for the load tests: makes a client's TCP connections to loopback
 * come from other loopback addresses, which Linux routes to lo like 127.0.0.1.
 * wrk and slowhttptest cannot choose their source address; the server limits
 * connections per address, so a test that wants "a crowd" (many addresses) or "an
 * attacker" (one address other than the probe's) needs this.
 *
 *   SRCADDR_BASE=127.1.0.0 SRCADDR_COUNT=250  each connect() binds to the next of
 *                                             127.1.0.1 ... 127.1.0.250 in turn
 *
 * Built by tests/load/lib.sh: cc -shared -fPIC -o srcaddr.so srcaddr.c -ldl
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

static atomic_uint srcaddr_next;

int connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
	const char *base = getenv("SRCADDR_BASE");
	const char *count = getenv("SRCADDR_COUNT");
	struct in_addr b;
	if (base && sa && sa->sa_family == AF_INET && inet_pton(AF_INET, base, &b) == 1) {
		unsigned n = count ? (unsigned)strtoul(count, NULL, 10) : 1;
		if (n == 0)
			n = 1;
		unsigned i = atomic_fetch_add(&srcaddr_next, 1) % n;
		struct sockaddr_in src;
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(ntohl(b.s_addr) + 1 + i);
		int one = 1;
		/* The port is picked at connect(), per destination: no ephemeral port
		 * shortage with thousands of connections. */
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
		bind(fd, (struct sockaddr *)&src, sizeof(src));
	}
	return real(fd, sa, len);
}
