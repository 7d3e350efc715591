// The C part of ZKStorage's file layer (Sources/ZKStorage/IO): signal handlers, in C so that the code run
// inside a handler is async-signal-safe: no Swift runtime, no locks, no allocation.
//
// - SIGBUS guard: a mapped input that shrinks (or whose pages cannot be read) raises SIGBUS on
//   the next access past its end. The handler finds the registered mapping holding the faulting
//   address, maps anonymous zero pages over the rest of it (mmap MAP_FIXED|MAP_ANONYMOUS) and
//   records the offset of the first lost page; the access is then retried and reads zeros.
//   The reader asks zk_guard_lost_offset() before trusting what it read. A fault outside every
//   registered mapping restores the previous SIGBUS action and returns, so it is handled (or
//   kills the process) exactly as without the guard.
// - Temporary-name cleanup: SIGINT, SIGTERM and SIGHUP unlink every registered temporary file
//   name, then restore the default action and re-raise the signal, so the process still dies of
//   it. Installed only for signals whose action was the default (an ignored SIGHUP under nohup
//   stays ignored).
#ifndef ZK_IO_H
#define ZK_IO_H

#include <stddef.h>

/// Registers the mapping [base, base + length); returns a slot, or -1 when every slot is taken
/// (the mapping is then unguarded) or the handler cannot be installed.
int zk_guard_register(const void *base, size_t length);
/// Forgets a slot (before the mapping is unmapped).
void zk_guard_unregister(int slot);
/// Offset of the first page of the slot's mapping that could not be read, or -1.
long long zk_guard_lost_offset(int slot);

/// Registers a temporary file name to unlink if the process dies of SIGINT, SIGTERM or SIGHUP;
/// returns a slot, or -1 (name too long, every slot taken).
int zk_cleanup_register(const char *path);
/// Forgets a slot (after the name was renamed or unlinked).
void zk_cleanup_unregister(int slot);

/// Opens an unnamed file (O_TMPFILE, write-only, close-on-exec) in `directory`; -1 with errno
/// when the file system cannot (EOPNOTSUPP, EISDIR, EINVAL) or /proc/self/fd is missing.
int zk_open_unnamed(const char *directory, int mode);
/// Gives the unnamed file `fd` the name `path` (linkat through /proc/self/fd, else
/// AT_EMPTY_PATH); fails with EEXIST when `path` exists. 0 or -1 with errno.
int zk_link_unnamed(int fd, const char *path);
/// Returns `fd` if it is above 2; otherwise a close-on-exec duplicate above 2, the original
/// then reopened on /dev/null (or closed), so that stdout text can never reach the file.
/// -1 with errno when no duplicate can be made (the original is then closed).
int zk_above_stdio(int fd);

/// A hint that the cache line holding `p` will be read soon; any address (it never faults).
/// The replay and the snapshot writer read a node's columns at random and ask for them early.
static inline void zk_prefetch(const void *p) { __builtin_prefetch(p); }

/// Moves the mapping [old, old + old_size) to `target` (a range of the caller's, replaced),
/// grown to `new_size` bytes: mremap(MREMAP_MAYMOVE | MREMAP_FIXED), which Swift cannot call
/// (C variadic). Returns `target`, or MAP_FAILED with errno.
void *zk_mremap_to(void *old, size_t old_size, size_t new_size, void *target);

#endif
