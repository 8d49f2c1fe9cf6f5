// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the seccomp profile reader (seccomp/seccomp.h). The
 * input is a profile, SCRATCH/profile, built with rlxc_seccomp_build. A
 * build that fails must say why: -errno, a message that names the profile
 * (FILE:LINE for a bad line) or the builder ("seccomp: ..."), and no
 * program. One that builds must give a program the kernel would take: 1 to
 * BPF_MAXINSNS instructions, every jump inside it, and a return last.
 * Anything else aborts. The filter is never installed: it would judge the
 * fuzzer's own calls.
 */
#include "seccomp/seccomp.h"
#include "scratch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *input;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_scratch("seccomp");
	input = fuzz_path("profile");
	return 0;
}

/* A message about a line of the profile, "PROFILE:LINE: what: 'line'",
 * names a line from 1 and ends with it. */
static void check_line_message(const char *msg)
{
	char *end;
	unsigned long line = strtoul(msg, &end, 10);
	size_t n = strlen(msg);

	if (end == msg) /* "PROFILE: ...": about the whole file */
		return;
	if (line == 0 || strncmp(end, ": ", 2))
		fuzz_fail("a message names no line: '%s'", msg);
	if (msg[n - 1] != '\'' || !strstr(end, ": '"))
		fuzz_fail("a message about a line does not end with the line: '%s'", msg);
}

/* A failed build's message: "PROFILE:LINE: ...", "PROFILE: ...",
 * "seccomp profile PROFILE: ...", or the builder's own "seccomp: ...". */
static void check_failure(int ret, const struct rlxc_error *err, const struct rlxc_seccomp *f)
{
	size_t n = strlen(input);
	bool named = !strncmp(err->msg, input, n) && err->msg[n] == ':';

	if (named)
		check_line_message(err->msg + n + 1);
	if (ret >= 0 || !err->msg[0])
		fuzz_fail("rlxc_seccomp_build returned %d with the message '%s'", ret, err->msg);
	if (!named && strncmp(err->msg, "seccomp profile ", 16) &&
	    strncmp(err->msg, "seccomp: ", 9))
		fuzz_fail(
			"a failed build's message names neither the profile nor the builder: '%s'",
			err->msg);
	if (f->prog || f->len)
		fuzz_fail("a failed build left a program of %u instructions", f->len);
}

/* Each instruction of a built program: a jump lands inside it, and it
 * ends with a return. */
static void check_program(const struct rlxc_seccomp *f)
{
	unsigned short i;

	if (!f->prog || f->len == 0 || f->len > BPF_MAXINSNS)
		fuzz_fail("a built filter has %u instructions", f->len);
	for (i = 0; i < f->len; i++) {
		const struct sock_filter *in = &f->prog[i];
		unsigned long far = (unsigned long)i + 1 + (in->jt > in->jf ? in->jt : in->jf);

		if (BPF_CLASS(in->code) != BPF_JMP)
			continue;
		if (BPF_OP(in->code) == BPF_JA)
			far = (unsigned long)i + 1 + in->k;
		if (far >= f->len)
			fuzz_fail("instruction %u jumps to %lu, past the end (%u)", i, far, f->len);
	}
	if (BPF_CLASS(f->prog[f->len - 1].code) != BPF_RET)
		fuzz_fail("a built filter does not end with a return");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rlxc_seccomp_spec spec = { .profile = input };
	struct rlxc_seccomp f;
	struct rlxc_error err;
	int ret;

	fuzz_put(input, data, size);
	memset(&err, 0, sizeof(err));
	ret = rlxc_seccomp_build(&spec, &f, &err);
	if (ret != 0)
		check_failure(ret, &err, &f);
	else
		check_program(&f);
	rlxc_seccomp_free(&f);
	return 0;
}
