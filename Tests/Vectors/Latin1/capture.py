#!/usr/bin/env python3
"""Captures ZooKeeper 3.8.0's Java tools under a Latin-1 locale (Debian's en_US, ISO-8859-1).

The JVM takes its platform charset from the locale, so under en_US.ISO-8859-1 non-ASCII text
prints as Latin-1 bytes (or '?'), arguments decode byte for byte, and 0x85 ends a line on stdin.
The locale is compiled into LOCPATH=/tmp/zk-tests-locales (localedef, from Debian's `locales`
package), the same place the Swift tests build it (TestSupport's TestLocales).

Cases go to <tool>/<case>/ in the Fixtures/goldens layout: cmd, env, setup, stdin, stdout,
stderr, exit. A case with a `names` file (containing `ISO-8859-1`) names files outside ASCII:
its `cmd` arguments and `setup` destinations are stored as UTF-8 text, and the OS (and the JVM's
argv) sees each character as one ISO-8859-1 byte (`snap\xe9.1c`). Rerun (needs java and the Debian zookeeper package, a few seconds):

    python3 Tests/Vectors/Latin1/capture.py
"""
import os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
LOCPATH = '/tmp/zk-tests-locales'
LOCALE = 'en_US.ISO-8859-1'
MTIME = 1700000000
J = '/usr/share/java'
CP = ':'.join(f'{J}/{n}.jar' for n in ['zookeeper', 'zookeeper-jute', 'commons-cli', 'slf4j-api', 'slf4j-nop',
                                     'snappy-java', 'jackson-databind', 'jackson-core', 'jackson-annotations',
                                     'metrics-core', 'commons-io'])
CLASSES = {
    'txnlog': 'org.apache.zookeeper.server.persistence.TxnLogToolkit',
    'formatter': 'org.apache.zookeeper.server.SnapshotFormatter',
    'comparer': 'org.apache.zookeeper.server.SnapshotComparer',
    'purge': 'org.apache.zookeeper.server.PurgeTxnLog',
}
TXN_LOGS = 'Tests/TxnLogToolkitTests/.vectors/logs'
GZ = 'Fixtures/zk-3.8.0/standalone-gz/version-2'
BAD_UTF8 = 'Tests/SnapshotFormatterTests/.vectors/invalid-utf8/input.snapshot'
CMP_FILES = 'Tests/SnapshotComparerTests/Vectors/files'
PLAIN = 'Fixtures/zk-3.8.0/standalone/version-2'
PURGE_FILES = ['snapshot.0', 'log.1', 'snapshot.1c', 'log.1e', 'snapshot.40', 'log.42', 'snapshot.60', 'log.62',
               'snapshot.74', 'log.75', 'snapshot.8e', 'log.90']

# (tool, case, arguments, [(repository file, name in the work directory)], stdin)
CASES = [
    ('txnlog', 'dump-log.fuzzutf8', ['log.fuzzutf8'], [(f'{TXN_LOGS}/log.fuzzutf8', 'log.fuzzutf8')], None),
    ('txnlog', 'dump-log.types', ['log.types'], [(f'{TXN_LOGS}/log.types', 'log.types')], None),
    ('formatter', 'text-gz', ['snapshot.75.gz'], [(f'{GZ}/snapshot.75.gz', 'snapshot.75.gz')], None),
    ('formatter', 'json-gz', ['-json', 'snapshot.75.gz'], [(f'{GZ}/snapshot.75.gz', 'snapshot.75.gz')], None),
    ('formatter', 'text-invalid-utf8', ['snapshot.10'], [(BAD_UTF8, 'snapshot.10')], None),
    ('formatter', 'json-invalid-utf8', ['-json', 'snapshot.10'], [(BAD_UTF8, 'snapshot.10')], None),
    ('comparer', 'invalid-utf8-debug', ['-l', 'badutf.snap', '-r', 'base.snap', '-b', '0', '-n', '0', '-d'],
     [(f'{CMP_FILES}/badutf.snap', 'badutf.snap'), (f'{CMP_FILES}/base.snap', 'base.snap')], None),
    # 0x85 (NEL in Latin-1) ends a line for Scanner; 0xE9 is é.
    ('comparer', 'interactive-nel', ['-l', 'snapshot.1c.gz', '-r', 'snapshot.8a.gz', '-b', '0', '-n', '0', '-i'],
     [(f'{GZ}/snapshot.1c.gz', 'snapshot.1c.gz'), (f'{GZ}/snapshot.8a.gz', 'snapshot.8a.gz')],
     b'1\x852\x85\x85/\xe9\n/\n\n\n\n\n\n'),
]

# File names outside ASCII (`names`): Java decodes the argument as ISO-8859-1 and asks the OS for
# the same bytes again, so every tool opens them.
NAMED_CASES = [
    ('txnlog', 'non-ascii-name', ['log\xe9.1'], [(f'{PLAIN}/log.1', 'log\xe9.1')], None),
    ('formatter', 'non-ascii-name', ['snap\xe9.1c'], [(f'{PLAIN}/snapshot.1c', 'snap\xe9.1c')], None),
    ('comparer', 'non-ascii-name', ['-l', 'snap\xe9.1c', '-r', 'snapshot.8e', '-b', '0', '-n', '0'],
     [(f'{PLAIN}/snapshot.1c', 'snap\xe9.1c'), (f'{PLAIN}/snapshot.8e', 'snapshot.8e')], None),
    ('purge', 'non-ascii-name', ['d\xe9', '-n', '3'],
     [(f'{PLAIN}/{n}', f'd\xe9/version-2/{n}') for n in PURGE_FILES], None),
]


def os_name(text):
    """The bytes the OS sees for a name under ISO-8859-1."""
    return text.encode('latin-1')


def ensure_locale():
    target = os.path.join(LOCPATH, LOCALE)
    if not os.path.exists(os.path.join(target, 'LC_CTYPE')):
        os.makedirs(LOCPATH, exist_ok=True)
        subprocess.run(['localedef', '-i', 'en_US', '-f', 'ISO-8859-1', target], check=False)
    if not os.path.exists(os.path.join(target, 'LC_CTYPE')):
        sys.exit('cannot build the en_US.ISO-8859-1 locale (apt-get install -y locales)')


def capture(tool, name, args, files, stdin, names=False):
    work = os.path.realpath(tempfile.mkdtemp(prefix='zk-latin1-'))
    try:
        setup = []
        for source, dest in files:
            target = os.path.join(work.encode(), os_name(dest))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(REPO, source), target)
            os.utime(target, (MTIME, MTIME))
            setup.append(f'{source}\t{dest}\t{MTIME}\n')
        env = {'PATH': os.environ['PATH'], 'TZ': 'UTC', 'LANG': LOCALE, 'LOCPATH': LOCPATH}
        argv = [os_name(a) for a in args]
        p = subprocess.run([b'java', b'-XX:-UsePerfData', b'-cp', CP.encode(), CLASSES[tool].encode()] + argv,
                           cwd=work, env=env, input=stdin,
                           stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True, timeout=300)
        d = os.path.join(HERE, tool, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)

        def w(n, data):
            with open(os.path.join(d, n), 'wb') as fh:
                fh.write(data if isinstance(data, bytes) else data.encode())
        w('cmd', ''.join(a + '\n' for a in [tool] + args))
        w('env', f'LANG={LOCALE}\nLOCPATH={LOCPATH}\n')
        w('setup', ''.join(setup))
        if stdin is not None:
            w('stdin', stdin)
        if names:
            w('names', 'ISO-8859-1\n')
        w('stdout', p.stdout)
        w('stderr', p.stderr)
        w('exit', f'{p.returncode}\n')
        print(f'{tool:10} {name:24} exit {p.returncode}')
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    ensure_locale()
    for c in CASES:
        capture(*c)
    for c in NAMED_CASES:
        capture(*c, names=True)
