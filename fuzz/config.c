// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the config reader (config/config.h). The input is a
 * config file, SCRATCH/config, read with rlxc_config_load. A load that
 * fails must say why, with -errno. One that loads is written out
 * (rlxc_config_write), that text is loaded again from SCRATCH/rewritten
 * and written again: both loads must succeed and both texts be the same
 * (load -> write -> load keeps the config). Anything else aborts.
 *
 * An lxc.include in the input may name any file or directory of the host:
 * it is only read and parsed (the reader writes nothing), and every file
 * the harness writes is in its scratch directory. Neither file is named
 * *.conf, so an include of the scratch directory reads nothing.
 */
#include "config/config.h"
#include "scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *input, *rewritten;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_scratch("config");
	input = fuzz_path("config");
	rewritten = fuzz_path("rewritten");
	return 0;
}

/* path loaded into a fresh config, which the caller frees. */
static int load(struct rlxc_config *c, const char *path, struct rlxc_error *err)
{
	int ret;

	rlxc_config_init(c);
	memset(err, 0, sizeof(*err));
	ret = rlxc_config_load(c, path, err);
	if (ret > 0 || (ret < 0 && !err->msg[0]))
		fuzz_fail("rlxc_config_load returned %d with the message '%s'", ret, err->msg);
	return ret;
}

/* c in the config format, malloc'd. */
static char *text_of(const struct rlxc_config *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		fuzz_fail("open_memstream failed");
	ret = rlxc_config_write(c, f);
	if (fclose(f) != 0 || ret < 0)
		fuzz_fail("rlxc_config_write of a loaded config returned %d", ret);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rlxc_error err;
	struct rlxc_config c;
	char *first, *second;

	fuzz_put(input, data, size);
	if (load(&c, input, &err) < 0) {
		rlxc_config_free(&c);
		return 0;
	}
	first = text_of(&c);
	rlxc_config_free(&c);
	fuzz_put(rewritten, first, strlen(first));
	if (load(&c, rewritten, &err) < 0)
		fuzz_fail("the written config does not load: %s\n--- written:\n%s", err.msg, first);
	second = text_of(&c);
	rlxc_config_free(&c);
	if (strcmp(first, second))
		fuzz_fail("load -> write -> load changed the config\n--- first written:\n%s"
			  "--- written again:\n%s",
			  first, second);
	free(first);
	free(second);
	unlink(rewritten);
	return 0;
}
