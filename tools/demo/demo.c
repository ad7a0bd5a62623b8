// SPDX-License-Identifier: GPL-2.0-only
/*
 * The demo `make run` shows in a guest: what the module can do today.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/ntsection.h>

int main(void)
{
	struct ntsection_version ver;
	int fd;

	fd = open("/dev/ntsection", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("demo: cannot open /dev/ntsection: %s\n", strerror(errno));
		return 1;
	}
	printf("demo: /dev/ntsection is open\n");
	if (ioctl(fd, NTSECTION_IOC_VERSION, &ver)) {
		printf("demo: NTSECTION_IOC_VERSION failed: %s\n", strerror(errno));
		return 1;
	}
	printf("demo: ntsection ABI %u.%u, status 0x%08x\n", ver.major, ver.minor, ver.status);
	close(fd);
	return 0;
}
