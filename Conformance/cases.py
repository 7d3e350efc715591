"""Turns the data dirs written by the real servers into seeded random tool cases.

A case is what one Fixtures/goldens/<tool>/<case>/ directory holds: the arguments, the
files to copy into an empty work dir (relative paths), extra environment, optional stdin.
Every random choice comes from a Random derived from (seed, server, file, kind), so one
file's choices do not shift when another server wrote a different number of files.
"""
import os
import random

import importlib.util

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "zkfiles", os.path.join(HERE, "..", "Fixtures", "generate", "zkfiles.py"))
zkfiles = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zkfiles)

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]


class Case:
    def __init__(self, tool, name, args, setup, env=None, stdin=None, note=""):
        self.tool, self.name, self.args = tool, name, list(args)
        self.setup = list(setup)  # (absolute source, relative destination)
        self.env = dict(env or {})
        self.stdin = stdin
        self.note = note

    @property
    def id(self):
        return "%s/%s" % (self.tool, self.name)


def hexsorted(names, prefix):
    def key(n):
        try:
            return int(n.split(".")[1], 16)
        except (IndexError, ValueError):
            return -1
    return sorted((n for n in names if n.startswith(prefix + ".")), key=key)


class Builder:
    def __init__(self, seed, quick, run_dir, data_dirs):
        self.seed, self.quick, self.run = seed, quick, run_dir
        self.data = data_dirs  # name -> dir holding version-2/ (and maybe myid)
        self.cases = []
        self.prep = os.path.join(run_dir, "prep")
        os.makedirs(self.prep, exist_ok=True)

    def rnd(self, *what):
        return random.Random("%s/cases/%s" % (self.seed, "/".join(str(w) for w in what)))

    def add(self, *a, **kw):
        c = Case(*a, **kw)
        assert all(c.id != o.id for o in self.cases), c.id
        self.cases.append(c)

    def v2(self, srv):
        return os.path.join(self.data[srv], "version-2")

    def logs(self, srv):
        return hexsorted(os.listdir(self.v2(srv)), "log")

    def snaps(self, srv):
        return hexsorted(os.listdir(self.v2(srv)), "snapshot")

    def prep_file(self, name, data):
        p = os.path.join(self.prep, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        return p

    # -------------------------------------------------------------------------------
    def build(self):
        for srv in sorted(self.data):
            for log in self.logs(srv):
                self.txnlog(srv, log)
            for snap in self.snaps(srv):
                self.formatter(srv, snap)
        self.comparer()
        for srv in sorted(self.data):
            self.purge(srv)
        return self.cases

    def txnlog(self, srv, log):
        T = "txnlog"
        src = os.path.join(self.v2(srv), log)
        tag = "%s-%s" % (srv, log)
        r = self.rnd("txnlog", srv, log)
        self.add(T, "dump-" + tag, [log], [(src, log)])
        zone = r.choice(ZONES)
        self.add(T, "dump-%s-%s" % (zone.replace("/", "-"), tag), [log], [(src, log)], env={"TZ": zone})

        buf = open(src, "rb").read()
        entries = list(zkfiles.log_entries(buf)) if buf[:4] == b"ZKLG" else []
        if entries:
            # one payload byte flipped (stored CRC unchanged) -> CRC error
            e = r.choice(entries)
            off = e["payload_off"] + r.randrange(e["len"])
            bit = 1 << r.randrange(8)
            b = bytearray(buf)
            b[off] ^= bit
            flipped = self.prep_file(os.path.join(srv, log + ".flip"), bytes(b))
            note = "payload byte at offset %d (entry zxid 0x%x) xor 0x%02x" % (off, e["zxid"], bit)
            args = ["-r", "-y"] + (["-v"] if r.random() < 0.4 else []) + [log]
            self.add(T, "recover-" + tag, args, [(flipped, log)], note=note)
            self.add(T, "dump-flipped-" + tag, [log], [(flipped, log)], note=note)
            # a copy cut at a random byte inside the written entries (a crash mid-write)
            end = entries[-1]["eor_off"] + 1
            cut = r.randrange(1, end)
            self.add(T, "dump-cut-" + tag, [log], [(self.prep_file(os.path.join(srv, log + ".cut"), buf[:cut]), log)],
                     note="first %d of %d bytes" % (cut, len(buf)))
            if not self.quick:
                toks = [r.choice(["y", "n", "Y", "yes", "No", "x", "maybe", "a" if r.random() < 0.2 else "y"])
                        for _ in range(r.randint(0, 3))]
                stdin = ("\n".join(toks) + ("\n" if r.random() < 0.7 else "")).encode() if toks else b""
                self.add(T, "recover-interactive-" + tag, ["-r"] + (["-v"] if r.random() < 0.3 else []) + [log],
                         [(flipped, log)], stdin=stdin, note=note + "; answers %r" % stdin)
            # chop at a random zxid: usually one in the log, sometimes the last, sometimes absent
            x = r.random()
            if x < 0.65:
                z = r.choice(entries)["zxid"]
            elif x < 0.85:
                z = entries[-1]["zxid"]
            else:
                z = r.choice([entries[0]["zxid"] - 1, entries[-1]["zxid"] + r.randint(1, 5),
                              (entries[0]["zxid"] >> 32 << 32) + 0xfffffff])
            zs = hex(z) if r.random() < 0.6 else str(z)
            self.add(T, "chop-" + tag, ["-c", "-z", zs, log], [(src, log)])

    def formatter(self, srv, snap):
        T = "formatter"
        src = os.path.join(self.v2(srv), snap)
        tag = "%s-%s" % (srv, snap)
        self.add(T, "text-" + tag, [snap], [(src, snap)])
        self.add(T, "d-" + tag, ["-d", snap], [(src, snap)])
        self.add(T, "json-" + tag, ["-json", snap], [(src, snap)])
        r = self.rnd("formatter", srv, snap)
        if not self.quick and r.random() < 0.3:
            zone = r.choice(ZONES)
            self.add(T, "text-%s-%s" % (zone.replace("/", "-"), tag), [snap], [(src, snap)], env={"TZ": zone})
        if not self.quick and r.random() < 0.25:
            buf = open(src, "rb").read()
            cut = r.randrange(1, max(2, len(buf)))
            self.add(T, "text-cut-" + tag, [snap], [(self.prep_file(os.path.join(srv, snap + ".cut"), buf[:cut]), snap)],
                     note="first %d of %d bytes" % (cut, len(buf)))

    def all_snaps(self):
        return [(srv, s) for srv in sorted(self.data) for s in self.snaps(srv)]

    def comparer(self):
        T = "comparer"
        snaps = self.all_snaps()
        if not snaps:
            return
        r = self.rnd("comparer")
        n_pairs, n_inter = (6, 3) if self.quick else (14, 6)

        def place(s):
            return (os.path.join(self.v2(s[0]), s[1]), "%s/%s" % (s[0], s[1]))

        def thresholds():
            b = r.choice(["-1", "0", "1", "2", "5", "10", "100", str(r.randint(0, 5000))])
            n = r.choice(["-1", "0", "1", "2", "3", "10"])
            return b, n

        for i in range(n_pairs):
            left, right = r.choice(snaps), r.choice(snaps)
            if i == 0 and len(snaps) > 1:  # the oldest against the newest of one server
                srv = r.choice(sorted(self.data))
                ss = self.snaps(srv)
                left, right = (srv, ss[0]), (srv, ss[-1])
            lp, rp = place(left), place(right)
            b, n = thresholds()
            if r.random() < 0.2:
                args = ["--left", lp[1], "--right=" + rp[1], "--bytes", b, "--nodes=" + n]
            else:
                args = ["-l", lp[1], "-r", rp[1], "-b", b, "-n", n]
            if r.random() < 0.35:
                args.insert(r.randint(0, len(args) // 2) * 2, "-d")
            setup = [lp] if lp == rp else [lp, rp]
            self.add(T, "pair%02d" % i, args, setup, note="%s vs %s" % (lp[1], rp[1]))

        for i in range(n_inter):
            left, right = r.choice(snaps), r.choice(snaps)
            lp, rp = place(left), place(right)
            b, n = thresholds()
            args = ["-l", lp[1], "-r", rp[1], "-b", b, "-n", n, "-i"] + (["-d"] if r.random() < 0.3 else [])
            paths = []
            for p in (lp[0], rp[0]):
                try:
                    lay = zkfiles.snapshot_layout(zkfiles.read_snapshot_bytes(p))
                    paths += [x.decode("utf-8", "replace") for x, _ in lay["nodes"]]
                except Exception:  # noqa: BLE001 - a layout we cannot parse: no paths offered
                    pass
            lines = []
            for _ in range(r.randint(2, 7)):
                k = r.choices(["enter", "depth", "path", "nope", "junk", "root", "plus", "space", "neg", "huge",
                               "slash"], [6, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1])[0]
                lines.append({
                    "enter": lambda: "",
                    "depth": lambda: str(r.randint(0, 6)),
                    "path": lambda: r.choice(paths) if paths else "/zookeeper",
                    "nope": lambda: "/nope/" + str(r.randint(0, 99)),
                    "junk": lambda: r.choice(["abc", "x y", "1.5", "0x2"]),
                    "root": lambda: "/",
                    "plus": lambda: "+1",
                    "space": lambda: " 2",
                    "neg": lambda: "-1",
                    "huge": lambda: "99999999999",
                    "slash": lambda: (r.choice(paths) if paths else "/zookeeper") + "/",
                }[k]())
            stdin = "".join(l + "\n" for l in lines)
            if r.random() < 0.5:
                stdin += "\n" * 10  # most sessions then end with "All layers compared."
            elif r.random() < 0.3:
                stdin = stdin[:-1]  # last line without a newline
            setup = [lp] if lp == rp else [lp, rp]
            self.add(T, "interactive%02d" % i, args, setup, stdin=stdin.encode("utf-8", "surrogatepass"),
                     note="%s vs %s, stdin %r" % (lp[1], rp[1], stdin))

    def purge(self, srv):
        T = "purge"
        r = self.rnd("purge", srv)
        v2 = self.v2(srv)
        names = sorted(os.listdir(v2))
        nsnaps = len(self.snaps(srv))
        extra = []
        if os.path.isfile(os.path.join(self.data[srv], "myid")):
            extra = [(os.path.join(self.data[srv], "myid"), "D/myid")]

        def one(name, dirs_form):
            n = r.randint(3, max(3, nsnaps + 1))
            env = {"TZ": r.choice(ZONES)} if r.random() < 0.4 else {}
            if dirs_form == "two":
                setup = [(os.path.join(v2, x), "%s/version-2/%s" % ("S" if x.startswith("snapshot.") else "L", x))
                         for x in names]
                args = ["L", "S", "-n", str(n)]
            else:
                setup = [(os.path.join(v2, x), "D/version-2/" + x) for x in names] + extra
                args = [{"plain": "D", "dot": "./D/", "twice": "D"}[dirs_form]] + \
                    (["D"] if dirs_form == "twice" else []) + ["-n", str(n)]
            self.add(T, name, args, setup, env=env)

        forms = ["plain"] if self.quick else ["plain", r.choice(["dot", "twice", "two"])]
        for i, f in enumerate(forms):
            one("%s-%s%s" % (srv, f, "" if i == 0 else "-2"), f)
