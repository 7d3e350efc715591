#!/usr/bin/env python3
"""Captures ZooKeeper 3.8.0's TxnLogToolkit on the crafted logs as golden cases under cases/.

The layout is Fixtures/goldens/<tool>/<case>/ (see Fixtures/README.md): cmd, env, setup,
stdin, stdout, stderr, exit, after. The Java tool runs with exactly PATH, TZ=UTC,
LANG=C.UTF-8 plus the case's env, in a fresh work directory, with the Debian jars and
slf4j-nop (the classpath of Fixtures/generate/lib.sh).

    python3 make_logs.py && python3 capture.py
"""
import hashlib, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
LOGS = os.path.relpath(os.path.join(HERE, 'logs'), REPO)
J = '/usr/share/java'
CP = ':'.join(f'{J}/{n}.jar' for n in ['zookeeper', 'zookeeper-jute', 'commons-cli', 'slf4j-api', 'slf4j-nop',
                                     'snappy-java', 'jackson-databind', 'jackson-core', 'jackson-annotations',
                                     'metrics-core', 'commons-io'])
CLASS = 'org.apache.zookeeper.server.persistence.TxnLogToolkit'
MTIME = 1700000000

CASES = []
def case(name, args, files, env=None, stdin=None):
    CASES.append((name, args, files, env or {}, stdin))

# Dumps of every body type, extreme times and invalid UTF-8, in several environments.
for log in ['log.types', 'log.times', 'log.fuzzutf8']:
    case(f'dump-{log}', [log], [log])
    case(f'dump-{log}-lang-c', [log], [log], {'LANG': 'C'})
case('dump-log.times-tz-sao-paulo', ['log.times'], ['log.times'], {'TZ': 'America/Sao_Paulo'})
case('dump-log.times-tz-junk', ['log.times'], ['log.times'], {'TZ': 'JUNK'})
case('dump-log.times-tz-gmt0530', ['log.times'], ['log.times'], {'TZ': 'GMT+05:30'})
case('dump-log.times-tz-empty', ['log.times'], ['log.times'], {'TZ': ''})
# Framing and body decoding, dump and recovery.
for log in ['log.crc', 'log.crcneg', 'log.eor-missing-crc', 'log.len-max', 'log.len-zero-crc', 'log.trunc-len',
            'log.short5', 'log.short5bad', 'log.create2-cut', 'log.create-cut-v0-cut', 'log.strlen-neg',
            'log.strlen-big', 'log.acl-count-big', 'log.multi-cut', 'log.multi-null', 'log.short-header',
            'log.type-sync-crc', 'log.type-99', 'log.dbid', 'log.exact', 'log.snapmagic']:
    case(f'dump-{log}', [log], [log])
    case(f'recover-y-{log}', ['-r', '-y', log], [log])
    case(f'recover-yv-{log}', ['-ryv', log], [log])
# Chop: messages of every exception LogChopper can meet, gaps with negative zxids.
for log, z in [('log.chopneg', '7'), ('log.chopneg', '0x700000009'), ('log.chopneg', '0x700000000'),
               ('log.chopgap-crc', '0x200000001'), ('log.chopgap-crc', '0x100000002'), ('log.len-minus1', '0x500000003'),
               ('log.len-minus2', '0x500000003'), ('log.eor-bad', '0x500000003'), ('log.eor-missing', '0x500000003'),
               ('log.short5', '5'), ('log.empty', '5'), ('log.type-99', '0x500000003'), ('log.body-cut', '0x500000003'),
               ('log.strlen-big', '0x500000003'), ('log.multi-null', '0x500000003'), ('log.crc', '0x500000003'),
               ('log.types', '0x100000010'), ('log.short-header', '0x500000003')]:
    case(f'chop-{log}-{z}', ['-c', '-z', z, log], [log])
# commons-cli corners and Long.decode.
G = 'log.chopgap'
for i, args in enumerate([['-=5', G], ['--=5', G], ['---r', G], ['-zxid12', '-c', G], ['-c', '-z', '-x', G],
                          ['-c', '-z', '"0x200000001"', G], ['-c', '-z"0x200000001"', G], ['-c', '-z', '\u0661\u0662', G],
                          ['-cz0x100000003', G], ['-c', '-z', '-0x8000000000000000', G], ['-c', '-z', '0x8000000000000000', G],
                          ['-c', '-z', '', G], ['-c', '-z', '08', G], ['-c', '-z', '0100000000001', G], ['-c', '-z', '+0x200000001', G],
                          ['-c', '-z', '--', G], ['-c', '-z', '-', G], ['-r=5', G], ['--chop=5', G], ['-ve', G], ['-', G], ['', G]]):
    case(f'cli-{i:02d}', args, [G])
case('missing-non-ascii-lang-c', ['missing\u00e9'], [], {'LANG': 'C'})
case('missing-non-ascii', ['missing\u00e9'], [])
# Prompt answers: Java whitespace (not no-break spaces), non-ASCII first characters.
for i, stdin in enumerate([b'\xe2\x80\x83y n', b'\xc2\xa0y n\nn', b'\xe3\x80\x80n y', b'\xff y n', b'\xc3\xbf y n',
                           b'yes please', b'x\nq\nYES\nNo', b'\n\n  \t y \n n']):
    case(f'prompt-{i:02d}', ['-r', '-v', 'log.crc'], ['log.crc'], stdin=stdin)


def listing(d):
    rows = []
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            rel = os.path.relpath(p, d)
            h = hashlib.sha256()
            with open(p, 'rb') as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b''):
                    h.update(chunk)
            rows.append((rel.encode(), f'{h.hexdigest()}  {os.path.getsize(p)}  {rel}\n'))
    return ''.join(r for _, r in sorted(rows))


def capture(name, args, files, env, stdin):
    out = os.path.join(HERE, 'cases', name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    work = tempfile.mkdtemp(prefix='txnlog-capture-')
    try:
        setup = ''
        for f in files:
            shutil.copy(os.path.join(REPO, LOGS, f), os.path.join(work, f))
            os.utime(os.path.join(work, f), (MTIME, MTIME))
            setup += f'{LOGS}/{f}\t{f}\t{MTIME}\n'
        e = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'TZ': 'UTC', 'LANG': 'C.UTF-8'}
        e.update(env)
        p = subprocess.run(['java', '-cp', CP, CLASS] + args, cwd=work, env=e, capture_output=True,
                           input=stdin if stdin is not None else None,
                           stdin=None if stdin is not None else subprocess.DEVNULL)
        def put(n, data, mode='w'):
            with open(os.path.join(out, n), mode) as fh:
                fh.write(data)
        put('cmd', ''.join(x + '\n' for x in ['txnlog'] + args))
        if env:
            put('env', ''.join(f'{k}={v}\n' for k, v in env.items()))
        if setup:
            put('setup', setup)
        if stdin is not None:
            put('stdin', stdin, 'wb')
        put('stdout', p.stdout, 'wb')
        put('stderr', p.stderr, 'wb')
        put('exit', f'{p.returncode}\n')
        put('after', listing(work))
    finally:
        shutil.rmtree(work)


if __name__ == '__main__':
    pattern = sys.argv[1] if len(sys.argv) > 1 else ''
    for c in CASES:
        if pattern in c[0]:
            capture(*c)
            print(c[0], file=sys.stderr)
