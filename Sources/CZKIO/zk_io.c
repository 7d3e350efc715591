#define _GNU_SOURCE
#include "zk_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// MARK: - SIGBUS guard

#define GUARD_SLOTS 256

struct guard_slot {
    _Atomic uintptr_t base;   // 0: free
    _Atomic size_t length;
    _Atomic long long lost;   // -1: intact
    atomic_flag claimed;
};

static struct guard_slot guard_slots[GUARD_SLOTS];
static struct sigaction previous_bus;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;
static int bus_installed;
static uintptr_t page_mask;

static void bus_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    if (info->si_code > 0) {  // a fault, not a kill(2)
        for (int i = 0; i < GUARD_SLOTS; i++) {
            uintptr_t base = atomic_load(&guard_slots[i].base);
            size_t length = atomic_load(&guard_slots[i].length);
            if (base == 0 || address < base || address - base >= length) continue;
            uintptr_t page = address & page_mask;
            if (page < base) page = base;
            void *zeros = mmap((void *)page, base + length - page, PROT_READ,
                               MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
            if (zeros == MAP_FAILED) break;
            long long offset = (long long)(page - base);
            long long seen = atomic_load(&guard_slots[i].lost);
            while ((seen < 0 || offset < seen)
                   && !atomic_compare_exchange_weak(&guard_slots[i].lost, &seen, offset)) {
            }
            return;  // the access is retried and reads zeros
        }
    }
    // Not ours: behave as if the guard were not there.
    sigaction(SIGBUS, &previous_bus, NULL);
    if (info->si_code <= 0) raise(sig);
}

static void install_bus(void) {
    long page = sysconf(_SC_PAGESIZE);
    page_mask = ~((uintptr_t)(page > 0 ? page : 4096) - 1);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = bus_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    bus_installed = sigaction(SIGBUS, &action, &previous_bus) == 0;
}

int zk_guard_register(const void *base, size_t length) {
    pthread_once(&bus_once, install_bus);
    if (!bus_installed || base == NULL || length == 0) return -1;
    for (int i = 0; i < GUARD_SLOTS; i++) {
        if (atomic_flag_test_and_set(&guard_slots[i].claimed)) continue;
        atomic_store(&guard_slots[i].lost, -1);
        atomic_store(&guard_slots[i].length, length);
        atomic_store(&guard_slots[i].base, (uintptr_t)base);
        return i;
    }
    return -1;
}

void zk_guard_unregister(int slot) {
    if (slot < 0 || slot >= GUARD_SLOTS) return;
    atomic_store(&guard_slots[slot].base, 0);
    atomic_store(&guard_slots[slot].length, 0);
    atomic_flag_clear(&guard_slots[slot].claimed);
}

long long zk_guard_lost_offset(int slot) {
    if (slot < 0 || slot >= GUARD_SLOTS) return -1;
    return atomic_load(&guard_slots[slot].lost);
}

// MARK: - Temporary-name cleanup

#define CLEANUP_SLOTS 32

struct cleanup_slot {
    _Atomic int ready;  // 1: path holds a name to unlink
    atomic_flag claimed;
    char path[PATH_MAX];
};

static struct cleanup_slot cleanup_slots[CLEANUP_SLOTS];
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void cleanup_handler(int sig) {
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        if (atomic_load(&cleanup_slots[i].ready)) unlink(cleanup_slots[i].path);
    }
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(sig, &fallback, NULL);
    raise(sig);  // blocked until this handler returns, then delivered with the default action
}

static void install_cleanup(void) {
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction current;
        if (sigaction(cleanup_signals[i], NULL, &current) != 0) continue;
        if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = cleanup_handler;
        sigemptyset(&action.sa_mask);
        for (size_t j = 0; j < sizeof cleanup_signals / sizeof cleanup_signals[0]; j++) {
            sigaddset(&action.sa_mask, cleanup_signals[j]);
        }
        sigaction(cleanup_signals[i], &action, NULL);
    }
}

int zk_cleanup_register(const char *path) {
    pthread_once(&cleanup_once, install_cleanup);
    size_t length = strlen(path);
    if (length >= PATH_MAX) return -1;
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        if (atomic_flag_test_and_set(&cleanup_slots[i].claimed)) continue;
        memcpy(cleanup_slots[i].path, path, length + 1);
        atomic_store(&cleanup_slots[i].ready, 1);
        return i;
    }
    return -1;
}

void zk_cleanup_unregister(int slot) {
    if (slot < 0 || slot >= CLEANUP_SLOTS) return;
    atomic_store(&cleanup_slots[slot].ready, 0);
    atomic_flag_clear(&cleanup_slots[slot].claimed);
}

// MARK: - Unnamed files and descriptors

int zk_open_unnamed(const char *directory, int mode) {
    if (access("/proc/self/fd", X_OK) != 0) {
        errno = EOPNOTSUPP;
        return -1;
    }
    return open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
}

int zk_link_unnamed(int fd, const char *path) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0) return 0;
    if (errno == EEXIST) return -1;
    int first = errno;
    if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0) return 0;
    if (errno != EEXIST) errno = first;
    return -1;
}

int zk_above_stdio(int fd) {
    if (fd < 0 || fd > 2) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int saved = errno;
    int null = open("/dev/null", O_RDWR);
    if (null >= 0 && null != fd) {
        dup2(null, fd);
        close(null);
    } else if (null < 0) {
        close(fd);
    }
    errno = saved;
    return moved;
}

// MARK: - Column memory

void *zk_mremap_to(void *old, size_t old_size, size_t new_size, void *target) {
    return mremap(old, old_size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, target);
}
