// Host-side measurements for bench/run_bench.sh.
//
//   host_bench getpid ITERATIONS
//       Linux's null system call: syscall(SYS_getpid) in a loop; prints ns/call.
//   host_bench spawn RUNS COMMAND [ARGS...]
//       Wall time of COMMAND from fork to exit (its output goes to /dev/null), RUNS times;
//       prints the median, minimum and maximum in milliseconds and fails if any run exits non-zero.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static int bench_getpid(long iterations)
{
    for (long i = 0; i < 1000; ++i)
        syscall(SYS_getpid);
    double start = now_ns();
    for (long i = 0; i < iterations; ++i)
        syscall(SYS_getpid);
    double elapsed = now_ns() - start;
    printf("linux syscall(SYS_getpid): %ld calls, %.1f ns/call\n", iterations, elapsed / (double)iterations);
    return 0;
}

static int bench_spawn(int runs, char** command)
{
    double* times = calloc((size_t)runs, sizeof *times);
    for (int run = 0; run < runs; ++run) {
        double start = now_ns();
        pid_t child = fork();
        if (child < 0) {
            perror("fork");
            return 1;
        }
        if (child == 0) {
            int null_fd = open("/dev/null", O_RDWR);
            dup2(null_fd, 0);
            dup2(null_fd, 1);
            execvp(command[0], command);
            perror(command[0]);
            _exit(127);
        }
        int status = 0;
        waitpid(child, &status, 0);
        times[run] = (now_ns() - start) / 1e6;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "host_bench: run %d of %s failed (status %#x)\n", run, command[0], status);
            return 1;
        }
    }
    qsort(times, (size_t)runs, sizeof *times, compare_doubles);
    double median = runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    printf("%d runs: median %.2f ms, min %.2f ms, max %.2f ms\n", runs, median, times[0], times[runs - 1]);
    free(times);
    return 0;
}

int main(int argc, char** argv)
{
    if (argc >= 3 && strcmp(argv[1], "getpid") == 0)
        return bench_getpid(atol(argv[2]));
    if (argc >= 4 && strcmp(argv[1], "spawn") == 0)
        return bench_spawn(atoi(argv[2]), argv + 3);
    fprintf(stderr, "usage: host_bench getpid ITERATIONS | host_bench spawn RUNS COMMAND [ARGS...]\n");
    return 2;
}
