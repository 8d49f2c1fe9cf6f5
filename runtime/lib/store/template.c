// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The busybox template: the embedded default a new user runs first. A
 * rootfs made from the host's static busybox (Debian's busybox-static):
 * the binary copied in, one symlink per applet the container needs, an
 * /etc with passwd, group, hostname and an inittab, so that busybox init
 * runs as a system container's init (halted with SIGUSR1, which the
 * config says through lxc.signal.halt).
 */
#include "template.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const dirs[] = {
	"bin", "sbin", "etc", "etc/init.d", "proc", "sys", "dev", "tmp", "root", "run",
	"var", "var/log", "usr", "usr/bin", "usr/sbin", "home", "mnt",
};

static const char *const applets[] = {
	"sh",	  "ash",   "cat",    "cp",	 "date",  "dmesg",   "echo",  "env",   "false",
	"grep",	  "halt",  "head",   "hostname", "id",    "ip",	     "kill",  "ln",    "ls",
	"mkdir",  "mount", "mv",     "nproc",	 "ping",  "poweroff", "printf", "ps",    "pwd",
	"reboot", "rm",	   "rmdir",  "sed",	 "seq",   "sleep",   "sort",  "stat",  "sync",
	"tail",	  "tee",   "test",   "top",	 "touch", "true",    "umount", "uname", "vi",
	"wc",	  "which", "whoami", "yes",	 "awk",   "find",    "free",  "uptime", "nc",
};

static const char *const sbin_applets[] = { "init", "halt", "poweroff", "reboot" };

static const struct {
	const char *path;
	const char *text;
	mode_t mode;
} files[] = {
	{ "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
	  0644 },
	{ "etc/group", "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n", 0644 },
	{ "etc/inittab", "::sysinit:/etc/init.d/rcS\n::shutdown:/bin/sync\n", 0644 },
	{ "etc/init.d/rcS", "#!/bin/sh\n# rlxc busybox template: the system is up.\n"
			    "echo \"$(hostname) up\" >/run/rlxc-up\n",
	  0755 },
	{ "etc/profile", "export PS1='\\h:\\w\\$ '\n", 0644 },
};

/* A static binary has no PT_INTERP: it runs in a rootfs without libc. */
static int check_static(const char *path, struct rlxc_error *err)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return rlxc_fail(err, errno, "busybox template: %s", path);
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64) {
		ret = rlxc_fail(err, 0, "busybox template: %s is not a 64-bit ELF binary", path);
		goto out;
	}
	for (int i = 0; i < eh.e_phnum; i++) {
		off_t off = (off_t)eh.e_phoff + (off_t)i * eh.e_phentsize;

		if (pread(fd, &ph, sizeof(ph), off) != sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP) {
			ret = rlxc_fail(err, 0,
					"busybox template: %s is dynamically linked; install "
					"busybox-static or set RLXC_BUSYBOX",
					path);
			break;
		}
	}
out:
	close(fd);
	return ret;
}

static const char *find_busybox(void)
{
	const char *env = getenv("RLXC_BUSYBOX");

	if (env && *env)
		return env;
	if (access("/bin/busybox", X_OK) == 0)
		return "/bin/busybox";
	return "/usr/bin/busybox";
}

static int copy_file(const char *from, const char *to, mode_t mode, struct rlxc_error *err)
{
	struct stat st;
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, ret = 0;
	off_t done = 0;

	if (in < 0 || fstat(in, &st) < 0) {
		ret = rlxc_fail(err, errno, "open %s", from);
		goto out;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		ret = rlxc_fail(err, errno, "create %s", to);
		goto out;
	}
	while (done < st.st_size) {
		ssize_t n = sendfile(out, in, NULL, (size_t)(st.st_size - done));

		if (n <= 0) {
			ret = rlxc_fail(err, n < 0 ? errno : EIO, "copy %s to %s", from, to);
			goto out;
		}
		done += n;
	}
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

static int write_text(int dirfd, const char *path, const char *text, mode_t mode,
		      struct rlxc_error *err)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(text);
	int ret = 0;

	if (fd < 0)
		return rlxc_fail(err, errno, "create %s", path);
	if (write(fd, text, len) != (ssize_t)len)
		ret = rlxc_fail(err, errno ? errno : EIO, "write %s", path);
	if (fchmod(fd, mode) < 0 && !ret)
		ret = rlxc_fail(err, errno, "chmod %s", path);
	close(fd);
	return ret;
}

static int make_tree(int root, const char *name, struct rlxc_error *err)
{
	char host[128];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(root, dirs[i], strcmp(dirs[i], "tmp") ? 0755 : 01777) < 0)
			return rlxc_fail(err, errno, "mkdir %s", dirs[i]);
	if (fchmodat(root, "tmp", 01777, 0) < 0)
		return rlxc_fail(err, errno, "chmod tmp");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (write_text(root, files[i].path, files[i].text, files[i].mode, err) < 0)
			return -EIO;
	snprintf(host, sizeof(host), "%s\n", name);
	return write_text(root, "etc/hostname", host, 0644, err);
}

static int link_applets(int root, struct rlxc_error *err)
{
	char path[64];

	for (size_t i = 0; i < sizeof(applets) / sizeof(applets[0]); i++) {
		snprintf(path, sizeof(path), "bin/%s", applets[i]);
		if (symlinkat("busybox", root, path) < 0 && errno != EEXIST)
			return rlxc_fail(err, errno, "symlink %s", path);
	}
	for (size_t i = 0; i < sizeof(sbin_applets) / sizeof(sbin_applets[0]); i++) {
		snprintf(path, sizeof(path), "sbin/%s", sbin_applets[i]);
		if (symlinkat("../bin/busybox", root, path) < 0)
			return rlxc_fail(err, errno, "symlink %s", path);
	}
	return 0;
}

int rlxc_template_busybox(const char *rootfs, const char *name, struct rlxc_error *err)
{
	const char *busybox = find_busybox();
	char target[PATH_MAX];
	int root, ret;

	if ((ret = check_static(busybox, err)) < 0)
		return ret;
	if (mkdir(rootfs, 0755) < 0)
		return rlxc_fail(err, errno, "mkdir %s", rootfs);
	root = open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (root < 0)
		return rlxc_fail(err, errno, "open %s", rootfs);
	ret = make_tree(root, name, err);
	if (ret == 0) {
		snprintf(target, sizeof(target), "%s/bin/busybox", rootfs);
		ret = copy_file(busybox, target, 0755, err);
	}
	if (ret == 0)
		ret = link_applets(root, err);
	close(root);
	if (ret < 0)
		rlxc_error_prefix(err, "busybox template in %s", rootfs);
	return ret;
}

int rlxc_template_busybox_config(struct rlxc_config *c, const char *rootfs, const char *name,
				 struct rlxc_error *err)
{
	const char *origin = "busybox template";
	const char *const kv[][2] = {
		{ "lxc.uts.name", name },
		{ "lxc.rootfs.path", rootfs },
		{ "lxc.init.cmd", "/sbin/init" },
		{ "lxc.signal.halt", "SIGUSR1" },
		{ "lxc.net.0.type", "empty" },
		{ "lxc.mount.auto", "proc:mixed sys:ro" },
	};
	int ret;

	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
		if ((ret = rlxc_config_set(c, kv[i][0], kv[i][1], origin, err)) < 0)
			return ret;
	return 0;
}
