# rlxc — kernel-feature test harness and reference container runtime.
#
#   make demo             build rlxc and run a busybox container through its
#                         life cycle, showing each step
#   make check            install missing Debian packages, check the layers
#                         (ci/layers), build, print the probe report, run
#                         the selftests with prove
#   make check-valgrind   the same under valgrind memcheck
#   make check-unprivileged  the selftests as user nobody
#   make check-asan       the same built with ASan and UBSan; any report fails
#   make fuzz             the libFuzzer harnesses, FUZZ_SECONDS (60) each
#   make bench            benchmarks (figures, never pass/fail): rlxc against
#                         the kernel floor, lxc-execute and runc; QUICK=1 smoke
#   make install          PREFIX=/usr/local DESTDIR=

B        ?= build
PREFIX   ?= /usr/local
CC       ?= gcc
# libkmod is not linked: probes/kmod.c opens it when `rlxc check` needs it.
# The small libraries Debian ships archives of are linked in (every rlxc
# command started 0.3 ms sooner without loading four more shared objects);
# libmnl has no archive in Debian and stays shared.
PKGS     := libcap libmnl libnftnl libarchive json-c zlib libseccomp
STATIC   := libcap libnftnl json-c zlib libseccomp
WERROR   ?= -Werror
CFLAGS   ?= -O2 -g
# Evidence and messages are bounded buffers: truncating them is intended.
CFLAGS   += -std=gnu11 -Wall -Wextra $(WERROR) -Wno-format-truncation -D_GNU_SOURCE \
            -iquote . -iquote runtime/lib
LDLIBS   := -Wl,-Bstatic $(shell pkg-config --libs $(STATIC) 2>/dev/null) -Wl,-Bdynamic \
            $(shell pkg-config --libs $(filter-out $(STATIC),$(PKGS)) 2>/dev/null)
PROVE    := prove --verbose --exec ''
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite \
            --track-fds=no

# A white-box test, one that needs a folder's private header, lives in that
# folder as *_test.c; the others are in selftests/. All are built alike.
FOLDER_TESTS := $(wildcard probes/*_test.c runtime/lib/*/*_test.c)
KERNEL_SRC  := $(wildcard kernel/*.c)
PROBE_SRC   := $(filter-out %_test.c,$(wildcard probes/*.c))
LIB_SRC     := $(filter-out %_test.c,$(wildcard runtime/lib/*/*.c))
CLI_SRC     := $(wildcard runtime/cli/*.c)
TEST_SRC    := $(wildcard selftests/*_test.c) $(FOLDER_TESTS)
TEST_UTIL   := $(filter-out %_test.c,$(wildcard selftests/*.c))
BENCH_SRC   := $(wildcard bench/*.c)
BENCH_DRV   := $(wildcard bench/driver/*.c)

KERNEL_OBJ := $(KERNEL_SRC:%.c=$(B)/%.o)
LIBS      := $(B)/librlxc.a $(B)/libprobes.a $(B)/libkernel.a
PROBE_OBJ := $(PROBE_SRC:%.c=$(B)/%.o)
LIB_OBJ   := $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(B)/%.o)
TESTS     := $(addprefix $(B)/selftests/,$(notdir $(TEST_SRC:.c=)))
BENCHES   := $(BENCH_SRC:bench/%.c=$(B)/bench/%) \
             $(if $(wildcard bench/driver/main.c),$(B)/bench/rlxc-bench)
HARNESS   := $(B)/include/kselftest_harness.h

.PHONY: all deps layers demo check check-valgrind check-unprivileged check-asan fuzz report bench \
	install clean
all: $(B)/rlxc $(B)/rlxc-supervisor $(TESTS) $(BENCHES)

deps:
	@ci/deps

layers:
	@ci/layers

$(HARNESS):
	ci/kselftest-headers $(B)/include

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libkernel.a: $(KERNEL_OBJ)
	$(AR) rcs $@ $^
$(B)/libprobes.a: $(PROBE_OBJ)
	$(AR) rcs $@ $^
$(B)/librlxc.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(B)/rlxc: $(CLI_OBJ) $(LIBS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The supervisor of a running container (runtime/supervisor/main.c):
# static, and linked with the archives only, so that it takes from them
# just what it uses and no shared library at all. A sanitizer's runtime
# cannot be linked statically: check-asan links it with SUPERVISOR_LDFLAGS=.
SUPERVISOR_LDFLAGS ?= -static
$(B)/rlxc-supervisor: $(B)/runtime/supervisor/main.o $(LIBS)
	$(CC) $(CFLAGS) $(SUPERVISOR_LDFLAGS) -o $@ $^

define test_program
$(B)/selftests/$(notdir $(1:.c=)): $(1) $(TEST_UTIL) $(LIBS) $(HARNESS)
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS) -MMD -MP -MF $$@.d -isystem $(B)/include -Iselftests \
		-DRLXC_BIN='"$$(abspath $(B)/rlxc)"' -DRLXC_FIXTURES='"$$(abspath fixtures)"' \
		-o $$@ $$< $(TEST_UTIL) $(LIBS) $$(LDLIBS)
endef
$(foreach t,$(TEST_SRC),$(eval $(call test_program,$(t))))

# rlxc-bench: the bench driver, one program from bench/driver/*.c
$(B)/bench/rlxc-bench: $(BENCH_DRV:%.c=$(B)/%.o) $(B)/libkernel.a $(B)/rlxc $(B)/bench/floor
	$(CC) $(CFLAGS) -o $@ $(BENCH_DRV:%.c=$(B)/%.o) $(B)/libkernel.a $(LDLIBS) -lm

$(B)/bench/%: bench/%.c $(B)/libkernel.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DRLXC_BIN='"$(abspath $(B)/rlxc)"' -o $@ $^ $(LDLIBS)

# The probe report is printed for the log; whether the host passes is what
# the selftests say (a host may lack features and still pass).
report: $(B)/rlxc
	@echo "== rlxc check: what this kernel can do for containers"
	@$(B)/rlxc check || echo "== rlxc check: some required features are missing (see above)"

check: deps layers
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory report
	@echo "== selftests"
	$(PROVE) $(TESTS)

check-valgrind: deps
	@$(MAKE) --no-print-directory all
	$(VALGRIND) $(B)/rlxc check >/dev/null || [ $$? -eq 1 ]
	$(VALGRIND) $(B)/rlxc check --json >/dev/null || [ $$? -eq 1 ]
	RLXC_VALGRIND=1 $(PROVE) --exec '$(VALGRIND)' $(TESTS)

check-unprivileged: deps
	@$(MAKE) --no-print-directory all
	ci/check-unprivileged $(B)

# check-asan: everything built with AddressSanitizer and UBSan by gcc into
# $(ASAN_B), then the probe report and the selftests as `make check` runs
# them, the tests running the sanitized rlxc and rlxc-supervisor (RLXC_BIN
# is baked in from $(ASAN_B)). UB is fatal (-fno-sanitize-recover). Every
# report is also written to a log file, because rlxc's output is read by the
# tests and a detached supervisor's stderr is /dev/null: any such file fails
# the run, whatever the exit statuses said. The directory is under /tmp and
# open to all, for the tests' children that drop to user nobody.
ASAN_B      ?= $(B)/asan
ASAN_CC     ?= gcc
# The two runtimes are linked in statically: shared, libubsan's reports
# ignore log_path (libasan's copy of the setting is the one that is set).
SANITIZE    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
	       -static-libasan -static-libubsan
ASAN_TESTS  := $(addprefix $(ASAN_B)/selftests/,$(notdir $(TEST_SRC:.c=)))
# exitcode=99: a report is never mistaken for rlxc's own 1 or 2.
# handle_segv=0: probes/probe_unit_test.c raises SIGSEGV in a child on
# purpose to see the runner survive it, which ASan would turn into a report
# and an exit; a real SEGV still kills by the signal and fails its test.
# detect_leaks=1 works here: LeakSanitizer stops the world with ptrace, which
# it can do in a pid or user namespace and after dropping to nobody, but not
# in a process that is traced (strace, gdb) or whose seccomp filter denies
# ptrace ("LeakSanitizer has encountered a fatal error", exit 99). No rlxc
# process runs so; a seccomp filter of a container's must stay its init's,
# set right before it execs, where no leak check runs.
SAN_OPTIONS := exitcode=99:log_path=$$reports/report:print_stacktrace=1
ASAN_OPTS   := $(SAN_OPTIONS):handle_segv=0:detect_leaks=1
ASAN_OPTS   := $(ASAN_OPTS):strict_string_checks=1:detect_stack_use_after_return=1
ASAN_ENV    := ASAN_OPTIONS=$(ASAN_OPTS) UBSAN_OPTIONS=$(SAN_OPTIONS)

# The kselftest headers are taken from $(B) when it has them, not fetched again.
check-asan: deps
	@[ -f $(ASAN_B)/include/kselftest_harness.h ] || [ ! -f $(HARNESS) ] || \
		{ mkdir -p $(ASAN_B)/include && cp -p $(B)/include/kselftest.h $(HARNESS) $(ASAN_B)/include/; }
	@$(MAKE) --no-print-directory B=$(ASAN_B) CC='$(ASAN_CC) $(SANITIZE)' SUPERVISOR_LDFLAGS= all
	@reports=$$(mktemp -d /tmp/rlxc-asan.XXXXXX) && chmod 1777 "$$reports" && \
	export $(ASAN_ENV) && ret=0 && \
	echo "== rlxc check (sanitized)" && \
	{ $(ASAN_B)/rlxc check >/dev/null || [ $$? -eq 1 ] || ret=1; } && \
	{ $(ASAN_B)/rlxc check --json >/dev/null || [ $$? -eq 1 ] || ret=1; } && \
	echo "== selftests (sanitized)" && \
	{ $(PROVE) $(ASAN_TESTS) || ret=1; } && \
	if [ -n "$$(ls -A "$$reports")" ]; then \
		echo "== check-asan: sanitizer reports" && cat "$$reports"/* && ret=1; \
	fi; \
	rm -rf "$$reports"; exit $$ret

# fuzz: libFuzzer harnesses (fuzz/, fuzz/README.md), built with clang,
# ASan and UBSan into $(FUZZ_B), the libraries too (for coverage); each runs
# FUZZ_SECONDS on a scratch copy of its seed corpus fixtures/fuzz/NAME/
# (fuzz/run), and a crash fails it.
FUZZ_B       ?= $(B)/fuzz
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
# The harnesses: fuzz/NAME.c, seeds in fixtures/fuzz/NAME/: the config
# loader, the state file reader, the seccomp profile reader.
FUZZERS      := config state seccomp
FUZZ_UTIL    := fuzz/scratch.c
# clang has no -Wformat-truncation to turn off.
FUZZ_SAN     := -Wno-unknown-warning-option -fsanitize=fuzzer-no-link,address,undefined \
		-fno-sanitize-recover=undefined -fno-omit-frame-pointer

$(B)/fuzz/%: fuzz/%.c $(FUZZ_UTIL) $(B)/librlxc.a $(B)/libkernel.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -MF $@.d -fsanitize=fuzzer -o $@ $< $(FUZZ_UTIL) \
		$(B)/librlxc.a $(B)/libkernel.a $(LDLIBS)

fuzz:
	@ci/deps fuzz
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC='$(FUZZ_CC) $(FUZZ_SAN)' \
		$(FUZZERS:%=$(FUZZ_B)/fuzz/%)
	fuzz/run $(FUZZ_B)/fuzz $(FUZZ_SECONDS) $(FUZZERS)

bench:
	@ci/deps bench
	@$(MAKE) --no-print-directory all
	$(B)/bench/rlxc-bench $(if $(QUICK),--quick)

demo: deps
	@$(MAKE) --no-print-directory $(B)/rlxc $(B)/rlxc-supervisor
	ci/demo $(B)/rlxc

install: $(B)/rlxc $(B)/rlxc-supervisor
	install -D -m 0755 $(B)/rlxc $(DESTDIR)$(PREFIX)/bin/rlxc
	install -D -m 0755 $(B)/rlxc-supervisor $(DESTDIR)$(PREFIX)/libexec/rlxc/rlxc-supervisor
	install -D -m 0644 docs/man/rlxc.1 $(DESTDIR)$(PREFIX)/share/man/man1/rlxc.1

clean:
	rm -rf $(B)

-include $(KERNEL_OBJ:.o=.d) $(PROBE_OBJ:.o=.d) $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TESTS:=.d) $(B)/runtime/supervisor/main.d \
	 $(BENCH_DRV:%.c=$(B)/%.d) $(FUZZERS:%=$(B)/fuzz/%.d)
