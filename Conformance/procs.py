"""Child-process bookkeeping for the conformance harness.

Every long-lived process the harness starts (ZooKeeper servers, session-holder clients,
the background `swift build`) is registered here and written to the pidfile named by
$CONFORMANCE_PIDFILE as "<pid> <starttime>" (starttime = field 22 of /proc/<pid>/stat).
bin/conformance's EXIT trap kills whatever is listed there and still alive *with the same
start time* (so a recycled pid is never hit).  Nothing is ever killed by name.
"""
import os
import signal
import subprocess
import threading
import time

_lock = threading.Lock()
_live = {}  # pid -> (Popen, description, own process group?)
_closing = False


def become_subreaper():
    """PR_SET_CHILD_SUBREAPER: processes orphaned below us (swiftc / swift-frontend jobs,
    which `swift build` starts in process groups of their own) are re-parented to us, so
    sweep() can still find and end them by pid."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except Exception:  # noqa: BLE001 - best effort (non-Linux)
        pass


def _children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
            ppid = int(s[s.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def descendants(pid):
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


def sweep():
    """Kill (by pid) every process still below this one: our own descendants only."""
    for _ in range(3):
        left = descendants(os.getpid())
        if not left:
            return
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.2)
        for pid in left:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def starttime(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
        return s[s.rindex(")") + 2:].split()[19]
    except (OSError, ValueError, IndexError):
        return None


def _record(pid):
    pf = os.environ.get("CONFORMANCE_PIDFILE")
    if not pf:
        return
    st = starttime(pid) or "?"
    with _lock, open(pf, "a") as f:
        f.write("%d %s\n" % (pid, st))


def spawn(cmd, what, group=False, **kw):
    """Popen + registration. group=True: the child leads its own process group (for
    `swift build`, whose compiler children must go with it)."""
    if _closing:
        raise RuntimeError("shutting down: not starting %s" % what)
    kw.setdefault("stdin", subprocess.DEVNULL)
    if group:
        kw["start_new_session"] = True
    p = subprocess.Popen(cmd, **kw)
    with _lock:
        _live[p.pid] = (p, what, group)
    _record(p.pid)
    return p


def forget(p):
    with _lock:
        _live.pop(p.pid, None)


def stop(p, sig=signal.SIGTERM, timeout=15.0):
    """Signal one registered child by pid, wait, SIGKILL if it does not go away."""
    with _lock:
        entry = _live.get(p.pid)
    group = entry[2] if entry else False
    if group and p.poll() is None and sig == signal.SIGKILL:
        # a build: ask it to cancel (it stops its compiler jobs), then kill what remains
        below = descendants(p.pid)
        try:
            os.killpg(p.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        end = time.time() + 10
        while p.poll() is None and time.time() < end:
            time.sleep(0.1)
        for pid in below + descendants(p.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if p.poll() is None:
        try:
            if group:
                os.killpg(p.pid, sig)
            else:
                p.send_signal(sig)
        except ProcessLookupError:
            pass
        end = time.time() + timeout
        while p.poll() is None and time.time() < end:
            time.sleep(0.05)
        if p.poll() is None:
            try:
                if group:
                    os.killpg(p.pid, signal.SIGKILL)
                else:
                    p.kill()
            except ProcessLookupError:
                pass
            p.wait()
    forget(p)


def stop_all():
    global _closing
    with _lock:
        _closing = True
        items = list(_live.values())
    for p, what, _group in items:
        if p.poll() is None:
            stop(p, signal.SIGKILL, timeout=5.0)
        else:
            forget(p)
    sweep()


def live():
    with _lock:
        return [(p.pid, what) for p, what, _ in _live.values() if p.poll() is None]
