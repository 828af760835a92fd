#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Writes the seeds of fuzz_http (userspace/fuzz/fuzz_http.c) into
# tests/fuzz/corpus/http/: the requests tests/protocol/http-page.sh,
# http-auth.sh and http-hostile.sh send, in the target's input format (a
# flags byte, then what the peer sends, reads cut at "%%\n").  The ETags
# are computed from userspace/web/ as http_static.c does, so a changed
# stylesheet changes the 304 seeds with it.
#
#   tests/fuzz/gen-http.py [OUTDIR]
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

ADMINS, TIMEOUT = 1, 2


def joaat(data):
    """libre's hash_joaat(), which http_static.c makes the ETag of."""
    h = 0
    for b in data:
        h = (h + b) & 0xffffffff
        h = (h + (h << 10)) & 0xffffffff
        h ^= h >> 6
    h = (h + (h << 3)) & 0xffffffff
    h ^= h >> 11
    h = (h + (h << 15)) & 0xffffffff
    return '"%08x"' % h


def etag(name):
    with open(os.path.join(TOP, 'userspace/web', name), 'rb') as f:
        return joaat(f.read())


def get(path, extra='', method='GET', version='1.1'):
    return '%s %s HTTP/%s\r\nHost: x\r\n%s\r\n' % (method, path, version,
                                                  extra)


def auth(path, method='GET', qop=True):
    resp = ('Digest username="admin", realm="handsets", nonce="@", '
            'uri="%s", response="@", algorithm=MD5' % path)
    if qop:
        resp += ', qop=auth, nc=00000001, cnonce="0a4f113b"'
    return get(path, 'Authorization: %s\r\n' % resp, method)


WS = ('Upgrade: websocket\r\nConnection: Upgrade\r\n'
      'Sec-WebSocket-Version: 13\r\n'
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n')

SEEDS = {
    # http-page.sh
    'page': (0, get('/')),
    'api': (0, get('/api/v1/handsets')),
    'handset-sip': (0, get('/handsets/101')),
    'handset-json': (0, get('/api/v1/handsets/102')),
    'handset-analog': (0, get('/handsets/200')),
    'handset-unknown': (0, get('/handsets/999')),
    'nowhere': (0, get('/nowhere')),
    'css': (0, get('/static/handsets.css')),
    'js-304': (0, get('/static/handsets.js', 'If-None-Match: %s\r\n'
                      % etag('handsets.js'))),
    'css-304': (0, get('/static/handsets.css', 'If-None-Match: %s\r\n'
                       % etag('handsets.css'))),
    'favicon': (0, get('/favicon.ico')),
    'head': (0, get('/', 'Connection: close\r\n', 'HEAD')),
    'events': (0, get('/api/v1/events')),
    'http10': (0, get('/api/v1/handsets', 'Connection: keep-alive\r\n',
                      version='1.0') + get('/', version='1.0')),
    'pipelined': (0, get('/static/handsets.css') + get('/handsets/101') +
                  get('/api/v1/handsets', 'Connection: close\r\n')),
    'split-reads': (0, 'GET /api/v1/hand%%\nsets HTTP/1.1\r\nHo%%\n'
                    'st: x\r\n\r%%\n\n' + get('/')),
    'query': (0, get('/api/v1/handsets?x=1&y=%20')),
    # http-auth.sh
    'auth-none': (ADMINS, get('/')),
    'auth-ok': (ADMINS, auth('/')),
    'auth-ok-json': (ADMINS, auth('/api/v1/handsets')),
    'auth-ok-query': (ADMINS, auth('/api/v1/handsets?a=b')),
    'auth-no-qop': (ADMINS, auth('/handsets/101', qop=False)),
    'auth-wrong': (ADMINS, get('/', 'Authorization: Digest username='
                                '"admin", realm="handsets", nonce="@", '
                                'uri="/", response="0123456789abcdef0123'
                                '456789abcdef", qop=auth, nc=00000001, '
                                'cnonce="x"\r\n') * 4),
    'auth-other-uri': (ADMINS, get('/', 'Authorization: Digest username='
                                   '"admin", realm="handsets", nonce="@", '
                                   'uri="/api/v1/handsets", response="@", '
                                   'qop=auth, nc=00000001, cnonce="x"\r\n')),
    'auth-realm': (ADMINS, get('/', 'Authorization: Digest username='
                               '"admin", realm="other", nonce="1", '
                               'uri="/", response="1"\r\n')),
    'auth-basic': (ADMINS, get('/', 'Authorization: Basic YWRtaW46cHc=\r\n')),
    'auth-events': (ADMINS | 4, auth('/api/v1/events')),
    # http-hostile.sh
    'garbage': (0, 'GARBAGE\r\n\r\n'),
    'no-target': (0, 'GET\r\nHost: x\r\n\r\n'),
    'relative-target': (0, 'GET index.html HTTP/1.1\r\nHost: x\r\n\r\n'),
    'version': (0, get('/', version='2.0')),
    'no-host': (0, 'GET / HTTP/1.1\r\n\r\n'),
    'two-hosts': (0, get('/', 'Host: y\r\n')),
    'dotdot': (0, get('/static/../../etc/passwd')),
    'encoded-dotdot': (0, get('/static/%2e%2e/%2E%2E/etc/passwd')),
    'double-encoded': (0, get('/static/%252e%252e/etc/passwd')),
    'bad-escape': (0, get('/%zz')),
    'nul': (0, get('/handsets/101%00')),
    'backslash': (0, get('/static\\..\\handsets.css')),
    'unknown-method': (0, get('/', method='BREW')),
    'post': (0, get('/', 'Content-Length: 3\r\n', 'POST') + 'abc'),
    'body': (0, get('/', 'Content-Length: 3\r\n') + 'abc'),
    'chunked': (0, get('/', 'Transfer-Encoding: chunked\r\n') + '0\r\n\r\n'),
    'ws-ok': (0, get('/api/v1/events', WS)),
    'ws-key': (0, get('/api/v1/events', WS.replace(
        'dGhlIHNhbXBsZSBub25jZQ==', 'bm90IDE2IGJ5dGVz'))),
    'ws-version': (0, get('/api/v1/events', WS.replace(': 13', ': 8'))),
    'ws-post': (0, get('/api/v1/events', WS, 'POST')),
    'big-header': (0, get('/', 'X-Big: %s\r\n' % ('a' * 5000))),
    'many-headers': (0, get('/', ''.join('X-%d: y\r\n' % i
                                         for i in range(80)))),
    'stalled': (TIMEOUT, 'GET / HTTP/1.1\r\nHost: x\r\n'),
    'idle': (TIMEOUT | 8, get('/favicon.ico')),
    # prov-*.sh: handset 102 is a yealink-t46 with MAC 00:15:65:12:34:56
    'prov-yealink': (0, get('/prov/001565123456.cfg')),
    'prov-upper': (4, get('/prov/001565123456.CFG')),
    'prov-common': (0, get('/prov/y000000000000.cfg') +
                    get('/prov/000000000000.cfg')),
    'prov-other-family': (0, get('/prov/cfg001565123456.xml') +
                          get('/prov/spa001565123456.xml')),
    'prov-unknown': (8, get('/prov/0004f2aabbcc-phone.cfg',
                            'User-Agent: PolycomVVX-VVX_410-UA/5.9.0\r\n')),
    'prov-scan': (0, ''.join(get('/prov/001565%06x.cfg' % i)
                             for i in range(7))),
    'prov-odd': (0, get('/prov/..%2fhandsetd.conf') + get('/prov/.x') +
                 get('/prov/' + 'a' * 80 + '.cfg')),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        TOP, 'tests/fuzz/corpus/http')
    os.makedirs(out, exist_ok=True)
    for name, (flags, req) in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes([flags]) + req.encode())


main()
