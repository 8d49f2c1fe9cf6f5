/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every harness needs around the code it fuzzes: a scratch directory
 * of its own under $TMPDIR (make fuzz sets it to the run's directory), the
 * one place the harness writes, removed at exit; and a way to say what
 * broke. A harness aborts when an invariant fails: libFuzzer reports it as
 * a crash and keeps the input.
 */
#ifndef RLXC_FUZZ_SCRATCH_H
#define RLXC_FUZZ_SCRATCH_H

#include <stddef.h>

/* Make the scratch directory rlxc-fuzz-NAME.XXXXXX (once, from
 * LLVMFuzzerInitialize) and point stdin at /dev/null, so that nothing the
 * fuzzed code opens can wait for a terminal. Its path, or abort. */
const char *fuzz_scratch(const char *name);

/* SCRATCH/NAME, malloc'd, or abort. */
char *fuzz_path(const char *name);

/* PATH holds exactly data (created or truncated), or abort. */
void fuzz_put(const char *path, const void *data, size_t size);

/* Print what broke on stderr and abort. */
void fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
