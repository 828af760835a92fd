#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# fxs-ynl.py - the shell tests' client of the "fxs" family for dump, get
# and set, built on the kernel's own YNL library (tools/net/ynl/lib, what
# cli.py imports) and kernel/fxs.yaml, so that no code of ours encodes or
# decodes those requests.  tests/lib/ynl.bash starts it once per test
# script as a coprocess: cli.py per call costs ~0.3 s of CPU on the host
# and several times that in the TCG guest, mostly Python start-up and the
# spec's parsing, which one process pays once.
#
#   fxs-ynl.py [--ynl DIR] [--spec FILE] [--first REQUEST] [REQUEST]
#
# REQUEST is "dump", "get PORT" or "set PORT SETTING...", the words
# fxsnl took before these commands moved here.  PORT is a port name
# (sim0, exp-SIM0001-2) or an index (all digits); name=X and index=N force
# either reading.  SETTINGs, any number in one request:
#   linefeed=open|forward-active|reverse-active|forward-oht|reverse-oht|N
#   ring=on|off
#   cadence=ON,OFF[,ON,OFF...]   in ms, one ring-cadence nest
#   timing.KEY=MS                KEY debounce_ms, pulse_break_max_ms,
#                                interdigit_ms, flash_min_ms or
#                                flash_max_ms, all in one timing nest
# With a REQUEST on the command line it runs that one (exit 0, or 1 with
# the error on stderr): for a request under another identity, e.g.
# without CAP_NET_ADMIN.  Without one it reads requests from stdin, one a
# line (the coprocess, or a loop fed by a pipe), and answers each with its
# lines, then "%ok" or "%error TEXT" alone on a line; --first is a request read from stdin by
# the shell that exec'd us (tests/lib/ynl.bash starts Python only once a
# request comes).  An error says errno, text and the kernel's extack:
#   set sim1: EINVAL (Invalid argument): extack: "..." bad-attr .timing...
#
# Replies print as fxsnl printed them (one "port key=value ..." line, same
# keys, order and percent-encoding), so the tests' greps did not change.
# YNL checks no value against the spec's ranges before sending: a set of
# an invalid cadence or timing reaches the kernel, which must refuse it.

import argparse
import errno
import itertools
import os
import select
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# Words of fxsnl's output whose spec names differ; the others are the
# spec's with "_" for "-".
KEYS = {'port-index': 'index', 'port-name': 'name',
        'ring-cadence': 'cadence', 'timestamp': 'ts'}
DUMP_TRIES = 10
NLM_F_DUMP_INTR = 0x10


class Refused(Exception):
    """A request that failed, refused by the kernel or by us: why."""


def errno_text(err):
    return f'{errno.errorcode.get(err, "?")} ({os.strerror(err)})'


class IntrWatch:
    """
    The YNL socket, seen through: YNL ignores NLM_F_DUMP_INTR, set on the
    messages of a dump that ports coming or going made inconsistent, so
    its recv() is watched here to redo such a dump, as fxsnl did.
    """

    def __init__(self, sock):
        self.sock = sock
        self.intr = False

    def recv(self, *args):
        data = self.sock.recv(*args)
        off = 0
        while off + 16 <= len(data):
            length, _, flags = struct.unpack_from('IHH', data, off)
            if flags & NLM_F_DUMP_INTR:
                self.intr = True
            if length < 16:
                break
            off += (length + 3) & ~3
        return data

    def __getattr__(self, name):
        return getattr(self.sock, name)


class Client:
    def __init__(self, ynl_dir, spec):
        self.ynl_dir = ynl_dir
        self.spec = spec
        self.family = None

    def _family(self):
        """
        The YnlFamily, with the family's id looked up again: every test
        reloads fxs.ko, and each load gets a new id (YNL resolves it once,
        in the constructor, from a cache the lookup below refreshes).
        """
        lib_dir = os.path.join(self.ynl_dir, 'tools/net/ynl')
        if lib_dir not in sys.path:
            sys.path.insert(0, lib_dir)
        from lib import ynl
        ynl._genl_load_families()
        fam = ynl.genl_family_name_to_id.get('fxs')
        if fam is None:
            raise Refused('generic netlink family "fxs" not '
                          'found (is fxs.ko loaded?)')
        if self.family is None:
            # No schema: core-ynl.sh and the unit tier validate the spec;
            # jsonschema here would only cost start-up time.
            self.family = ynl.YnlFamily(self.spec, schema='')
            self.family.sock = IntrWatch(self.family.sock)
        self.family.nlproto.genl_family = fam
        self.family.nlproto.family_id = fam['id']
        return self.family

    def _call(self, what, op, vals, dump=False):
        fam = self._family()  # first: it puts YNL on sys.path
        from lib import NlError
        try:
            if dump:
                return fam.dump(op, vals)
            return fam.do(op, vals)
        except NlError as e:
            text = f'{what}: {errno_text(e.error)}'
            ext = e.nl_msg.extack or {}
            if 'msg' in ext:
                text += f': extack: "{ext["msg"]}"'
            for key in ('bad-attr', 'bad-attr-offs', 'miss-type'):
                if key in ext:
                    text += f' {key} {ext[key]}'
            raise Refused(text) from None

    # --- requests

    def dump(self, out):
        for _ in range(DUMP_TRIES):
            self._family().sock.intr = False
            ports = self._call('dump', 'port-get', {}, dump=True)
            if not self.family.sock.intr:
                break
            out.write('# dump interrupted, again\n')
        for port in ports:
            out.write(self.port_line(port) + '\n')

    def get(self, out, port):
        reply = self._call(f'get {port}', 'port-get', port_key(port))
        out.write(self.port_line(reply) + '\n')

    def set(self, out, port, *settings):
        vals = port_key(port)
        timing = {}
        for word in settings:
            key, eq, value = word.partition('=')
            if not eq:
                raise Refused(f"'{word}' is not KEY=VALUE")
            if key == 'linefeed':
                vals['linefeed'] = self.enum_value('linefeed', value)
            elif key == 'ring':
                if value not in ('on', 'off', '1', '0'):
                    raise Refused(f'ring={value}: want on or off')
                vals['ringing'] = int(value in ('on', '1'))
            elif key == 'cadence':
                vals['ring-cadence'] = {'ring-step': [
                    number(f'cadence {value}', s)
                    for s in value.split(',')]}
            elif key.startswith('timing.'):
                name = key[len('timing.'):].replace('_', '-')
                if name not in self.attrs('timing'):
                    raise Refused(f"unknown timing key in '{word}'")
                timing[name] = number(word, value)
            else:
                raise Refused(f"unknown setting '{word}' (want "
                              'linefeed=, ring=, cadence=, timing.KEY=)')
        # Last, as fxsnl sent it: all timing values in one nest.
        if timing:
            vals['timing'] = timing
        self._call(f'set {port}', 'port-set', vals)

    # --- the spec, read through the family (parsed at the first request)

    def attrs(self, space):
        return self._family().attr_sets[space].attrs

    def enum_value(self, attr, value):
        names = self._family().consts[attr].entries
        if value in names or value.isdigit():
            return int(value) if value.isdigit() else value
        raise Refused(f'{attr}={value}: want '
                      f'{", ".join(names)} or a number')

    def port_line(self, port):
        words = ['port']
        for name, spec in self.attrs('port').items():
            if name not in port:
                continue
            value = port[name]
            key = KEYS.get(name, name.replace('-', '_'))
            if name == 'timing':
                words += [f'timing.{k.replace("-", "_")}={value[k]}'
                          for k in self.attrs('timing') if k in value]
            elif name == 'ring-cadence':
                words.append(f'{key}=' + ','.join(
                    str(s) for s in value.get('ring-step', [])))
            elif spec['type'] == 'string':
                words.append(f'{key}={escape(value)}')
            else:
                words.append(f'{key}={value}')
        return ' '.join(words)


def number(what, s):
    """A u32 as fxsnl took it: digits only, so "-1" is no wrap-around."""
    if not s.isdigit() or int(s) > 0xffffffff:
        raise Refused(f"'{what}': not a number of ms")
    return int(s)


def port_key(word):
    """PORT as fxsnl read it: name=X, index=N, digits an index, a name."""
    if word.startswith('name='):
        return {'port-name': word[len('name='):]}
    if word.startswith('index='):
        word = word[len('index='):]
    elif not word.isdigit():
        return {'port-name': word}
    if not word.isdigit() or int(word) > 0xffffffff:
        raise Refused(f"bad port index '{word}'")
    return {'port-index': int(word)}


def escape(s):
    """fxsnl's percent-encoding: every byte but printable ASCII, and %="."""
    return ''.join(chr(b) if 0x20 < b < 0x7f and chr(b) not in '%="'
                   else f'%{b:02X}' for b in s.encode())


def run(client, out, words):
    """One request; returns None, or the error's text."""
    usage = {'dump': (1, 1), 'get': (2, 2), 'set': (3, None)}
    try:
        if not words or words[0] not in usage:
            raise Refused('want dump, get PORT or set PORT SETTING...')
        least, most = usage[words[0]]
        if len(words) < least or (most and len(words) > most):
            raise Refused(f'{words[0]}: wrong number of arguments')
        getattr(client, words[0])(out, *words[1:])
    except Refused as e:
        return str(e)
    except Exception as e:  # the library's own, e.g. a value too big
        return f'{" ".join(words)}: {type(e).__name__}: {e}'
    return None


def requests():
    """
    The lines of stdin until EOF, or until the test script that started
    us is gone: a daemon it left running may still hold our stdin open.
    Read unbuffered, so that select() sees every line not yet taken.
    """
    parent = os.getppid()
    buf = b''
    while os.getppid() == parent:
        if b'\n' in buf:
            line, _, buf = buf.partition(b'\n')
            yield line.decode()
            continue
        if not select.select([0], [], [], 1.0)[0]:
            continue
        data = os.read(0, 4096)
        if not data:
            return
        buf += data


def serve(client, out, first):
    for line in itertools.chain([first] if first else [], requests()):
        err = run(client, out, line.split())
        out.write('%ok\n' if err is None else f'%error {err}\n')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--ynl', default=os.path.join(
        os.environ.get('FXS_BUILD', os.path.join(TOP, 'build')), 'ynl'),
        help='the YNL tree of scripts/ynl-tree.sh')
    parser.add_argument('--spec', default=os.path.join(TOP, 'kernel',
                                                        'fxs.yaml'))
    parser.add_argument('--first', help='the first request to serve')
    parser.add_argument('request', nargs='*')
    args = parser.parse_args()

    # Replies go to our own copy of stdout; YNL prints its warnings with
    # print(), which must not mix into them.
    out = os.fdopen(os.dup(sys.stdout.fileno()), 'w', buffering=1)
    sys.stdout = sys.stderr
    client = Client(args.ynl, args.spec)
    if not args.request:
        serve(client, out, args.first)
        return 0
    err = run(client, out, args.request)
    if err is not None:
        print(f'fxs-ynl: {err}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
