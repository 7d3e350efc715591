#!/usr/bin/env python3
"""Captures the exit code of ZooKeeper 3.8.0's Java tools (Debian jars, OpenJDK 17) for every
invocation of CorruptInputMatrixTests on every damaged fixture (Fixtures/damaged/MANIFEST.tsv),
on a directory (`adir`) and on a missing file (`missing`), into java-exit-codes.tsv:

    <case>\t<invocation label>\t<exit code>

The matrix test expects exactly these codes from our tools. Rerun (about three minutes):

    python3 Tests/Vectors/ExitCodes/capture.py
"""
import concurrent.futures, os, shutil, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
J = '/usr/share/java'
CP = ':'.join(f'{J}/{n}.jar' for n in ['zookeeper', 'zookeeper-jute', 'commons-cli', 'slf4j-api', 'slf4j-nop',
                                     'snappy-java', 'jackson-databind', 'jackson-core', 'jackson-annotations',
                                     'metrics-core', 'commons-io'])
TXNLOG = 'org.apache.zookeeper.server.persistence.TxnLogToolkit'
FORMATTER = 'org.apache.zookeeper.server.SnapshotFormatter'
COMPARER = 'org.apache.zookeeper.server.SnapshotComparer'
# The labels and arguments of CorruptInputMatrixTests.invocations.
INVOCATIONS = [
    ('txnlog dump', TXNLOG, lambda f: [f]),
    ('txnlog -r -y', TXNLOG, lambda f: ['-r', '-y', f]),
    ('txnlog chop', TXNLOG, lambda f: ['-c', '-z', '0x7fffffff', f]),
    ('formatter', FORMATTER, lambda f: [f]),
    ('formatter -json', FORMATTER, lambda f: ['-json', f]),
    ('comparer', COMPARER, lambda f: ['-l', f, '-r', f, '-b', '0', '-n', '0']),
]


def cases():
    with open(os.path.join(REPO, 'Fixtures', 'damaged', 'MANIFEST.tsv')) as f:
        next(f)
        for line in f:
            case, name = line.rstrip('\n').split('\t')[:2]
            yield case, os.path.join(REPO, 'Fixtures', 'damaged', case, name), name
    yield 'adir', None, 'adir'
    yield 'missing', None, 'missing'


def run(job):
    (case, source, name), (label, main, args) = job
    work = tempfile.mkdtemp(prefix='zk-exit-')
    try:
        if source:
            shutil.copyfile(source, os.path.join(work, name))
        elif name == 'adir':
            os.mkdir(os.path.join(work, name))
        env = {'PATH': os.environ['PATH'], 'TZ': 'UTC', 'LANG': 'C.UTF-8'}
        p = subprocess.run(['java', '-XX:-UsePerfData', '-cp', CP, main] + args(name), cwd=work, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        return case, label, p.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    jobs = [(c, i) for c in cases() for i in INVOCATIONS]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        rows = list(ex.map(run, jobs))
    with open(os.path.join(HERE, 'java-exit-codes.tsv'), 'w') as f:
        f.write('case\tinvocation\texit\n')
        for case, label, rc in rows:
            f.write(f'{case}\t{label}\t{rc}\n')
    print(f'{len(rows)} exit codes')
