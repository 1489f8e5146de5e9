/* Halcyon's Win32 conformance checks: a tiny harness in the spirit of Wine's dlls/<dll>/tests.
 *
 * Each test program is an ordinary mingw-w64 console program. A check is
 *
 *     SetLastError(0xdeadbeef);
 *     ret = GetFileAttributesA("missing");
 *     ok(ret == INVALID_FILE_ATTRIBUTES, "got %#lx\n", ret);
 *     expect_error(ERROR_FILE_NOT_FOUND);
 *
 * A failed check prints "file:line: message"; conf_summary() prints one line
 * "<program>: N checks, M failures, T todo" and returns the exit code (non-zero on failure).
 *
 * Every check must hold on Windows (Wine is the oracle here). A check Halcyon cannot pass yet is
 * wrapped in `todo_halcyon`: under Halcyon its failure is counted as "todo" instead of a failure
 * (and its unexpected success *is* a failure, so a fixed todo is noticed and removed); under
 * Wine or Windows it is an ordinary check. Halcyon is recognised by ntdll's
 * HalcyonLogUnimplemented export.
 */
#pragma once

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *conf_program = "conformance";
static int conf_checks, conf_failures, conf_todos;
static int conf_todo_level;
static int conf_is_halcyon;
static int conf_is_wine;

static void conf_init(const char *program)
{
    DWORD saved = GetLastError();
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    conf_program = program;
    conf_is_halcyon = ntdll && GetProcAddress(ntdll, "HalcyonLogUnimplemented") != NULL;
    conf_is_wine = ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
    setvbuf(stdout, NULL, _IONBF, 0);
    SetLastError(saved);
}

static inline int running_on_halcyon(void) { return conf_is_halcyon; }
/* For the rare check Wine cannot pass for reasons of its host (running as root, ...). */
static inline int running_on_wine(void) { return conf_is_wine; }

static void conf_vreport(const char *file, int line, const char *kind, const char *format, va_list args)
{
    const char *base = strrchr(file, '/');
    printf("%s:%d: %s", base ? base + 1 : file, line, kind);
    vprintf(format, args);
    if (!*format || format[strlen(format) - 1] != '\n')
        printf("\n");
}

/* Records one check; returns `condition` so callers may chain on it. Keeps LastError intact. */
static int conf_ok(const char *file, int line, int condition, const char *format, ...)
{
    DWORD saved = GetLastError();
    va_list args;
    __atomic_fetch_add(&conf_checks, 1, __ATOMIC_RELAXED);
    va_start(args, format);
    if (conf_todo_level && conf_is_halcyon) {
        if (condition) {
            __atomic_fetch_add(&conf_failures, 1, __ATOMIC_RELAXED);
            conf_vreport(file, line, "Test succeeded inside todo block (remove todo_halcyon): ", format, args);
        } else {
            __atomic_fetch_add(&conf_todos, 1, __ATOMIC_RELAXED);
            conf_vreport(file, line, "todo: ", format, args);
        }
    } else if (!condition) {
        __atomic_fetch_add(&conf_failures, 1, __ATOMIC_RELAXED);
        conf_vreport(file, line, "Test failed: ", format, args);
    }
    va_end(args);
    SetLastError(saved);
    return condition;
}

#define ok(condition, ...) conf_ok(__FILE__, __LINE__, (condition) ? 1 : 0, __VA_ARGS__)

/* Wraps the next statement (one check or a block of them) as known-failing on Halcyon. */
#define todo_halcyon \
    for (int conf_todo_once_ = (conf_todo_level++, 1); conf_todo_once_; conf_todo_once_ = 0, conf_todo_level--)

/* LastError must be exactly `expected` (read before anything else can change it). */
#define expect_error(expected) \
    do { \
        DWORD conf_error_ = GetLastError(); \
        ok(conf_error_ == (DWORD)(expected), "expected error %lu, got %lu\n", (unsigned long)(expected), \
           (unsigned long)conf_error_); \
    } while (0)

/* A BOOL-returning call that must fail with `error`, e.g. expect_fail(DeleteFileA("x"), ERROR_FILE_NOT_FOUND). */
#define expect_fail(call, error) \
    do { \
        SetLastError(0xdeadbeef); \
        BOOL conf_ret_ = (BOOL)(call); \
        DWORD conf_error_ = GetLastError(); \
        ok(!conf_ret_, "%s succeeded, expected failure %lu\n", #call, (unsigned long)(error)); \
        ok(conf_error_ == (DWORD)(error), "%s: expected error %lu, got %lu\n", #call, (unsigned long)(error), \
           (unsigned long)conf_error_); \
    } while (0)

/* A BOOL-returning call that must succeed. */
#define expect_success(call) \
    do { \
        SetLastError(0xdeadbeef); \
        BOOL conf_ret_ = (BOOL)(call); \
        ok(conf_ret_, "%s failed, error %lu\n", #call, GetLastError()); \
    } while (0)

static int conf_summary(void)
{
    printf("%s: %d checks, %d failures, %d todo\n", conf_program, conf_checks, conf_failures, conf_todos);
    fflush(stdout);
    return conf_failures ? 1 : 0;
}
