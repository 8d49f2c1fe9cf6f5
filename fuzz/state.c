// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the state file reader (state/state.h). The input is
 * RUN_DIR/state, read with rlxc_status_read. A read that fails must say
 * why, with -errno. One that succeeds gives STOPPED with every other field
 * 0 (nobody alive to trust), or a status whose supervisor is the live
 * process it names (pid and start time); that status, written
 * (rlxc_status_write) to another RUN_DIR and read back, is the same.
 * Anything else aborts. So that a live supervisor is in reach on any host,
 * the word "self" in the input stands for this process's pid and start
 * time ("supervisor self": fixtures/fuzz/state/live).
 */
#include "state/state.h"
#include "scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *run_dir;
static char *state, *again, self[48];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	run_dir = fuzz_scratch("state");
	state = fuzz_path("state");
	again = fuzz_path("again");
	snprintf(self, sizeof(self), "%d %llu", (int)getpid(), rlxc_proc_start_time(getpid()));
	return 0;
}

/* The input with every "self" replaced, as the state file. */
static void put_state(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *at;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		fuzz_fail("open_memstream failed");
	while ((at = memmem(p, (size_t)(end - p), "self", 4))) {
		fwrite(p, 1, (size_t)(at - p), f);
		fputs(self, f);
		p = at + 4;
	}
	fwrite(p, 1, (size_t)(end - p), f);
	if (fclose(f) != 0)
		fuzz_fail("out of memory for the state input");
	fuzz_put(state, text, len);
	free(text);
}

static int read_status(const char *dir, struct rlxc_status *st)
{
	struct rlxc_error err = { 0 };
	int ret = rlxc_status_read(dir, st, &err);

	if (ret > 0 || (ret < 0 && !err.msg[0]))
		fuzz_fail("rlxc_status_read returned %d with the message '%s'", ret, err.msg);
	return ret;
}

static bool same(const struct rlxc_status *a, const struct rlxc_status *b)
{
	return a->state == b->state && a->supervisor == b->supervisor &&
	       a->sup_start == b->sup_start && a->init == b->init &&
	       a->since.tv_sec == b->since.tv_sec && a->since.tv_nsec == b->since.tv_nsec;
}

/* A status the supervisor it names published: written and read back. */
static void check_live(const struct rlxc_status *st)
{
	struct rlxc_error err = { 0 };
	struct rlxc_status back;

	if (st->supervisor <= 0 || rlxc_proc_start_time(st->supervisor) != st->sup_start)
		fuzz_fail("read a status of supervisor %d (start %llu) that is not alive",
			  (int)st->supervisor, st->sup_start);
	if (rlxc_status_write(again, st, &err) < 0)
		fuzz_fail("a status read does not write: %s", err.msg);
	if (read_status(again, &back) < 0 || !same(st, &back))
		fuzz_fail("a status written and read back changed (%s, supervisor %d)",
			  rlxc_state_name(st->state), (int)st->supervisor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rlxc_status stopped = { .state = RLXC_STOPPED };
	struct rlxc_status st;

	put_state(data, size);
	if (read_status(run_dir, &st) < 0)
		return 0;
	if ((unsigned)st.state >= RLXC_NSTATES)
		fuzz_fail("read state %d, which is no state", (int)st.state);
	if (!same(&st, &stopped))
		check_live(&st);
	return 0;
}
