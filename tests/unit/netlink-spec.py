#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# netlink-spec.py YNL_TREE SPEC UAPI_HEADER NETLINK_C GENERATED_HEADER CORE_C
#
# Holds the fxs family's copies against its spec (kernel/fxs.yaml), which is
# the source: the spec against the kernel's schema; the UAPI header against
# the header ynl-gen-c.py renders from the spec (every name, the enum it is
# in, its value); the kernel's attribute policies, ops and multicast groups
# against the spec (types, ranges, lengths, which attributes a request may
# carry); the core's linefeed names (sysfs, logs) against the spec's enum.
# Prints TAP lines; run by netlink-spec.sh.
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

failed = 0


def ok(desc):
    print(f"ok - {desc}")


def not_ok(desc, why=()):
    global failed
    failed += 1
    print(f"not ok - {desc}")
    for line in why:
        print(f"# {line}")


def verdict(desc, problems):
    if problems:
        not_ok(desc, problems)
    else:
        ok(desc)


def c_upper(name):
    return name.upper().replace('-', '_')


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def parse_enums(text):
    """{member: enum name} for every enum in a C header, in order."""
    members = {}
    for m in re.finditer(r'enum\s+(\w+)\s*\{(.*?)\}\s*;',
                         strip_comments(text), re.S):
        for item in m.group(2).split(','):
            name = item.split('=')[0].strip()
            if name:
                members[name] = m.group(1)
    return members


def c_values(header, names, cflags=()):
    """Values of integer constants, as the C compiler sees them."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'v.c')
        exe = os.path.join(tmp, 'v')
        with open(src, 'w') as f:
            f.write('#include <stdio.h>\n#include "%s"\nint main(void)\n{\n'
                    % os.path.abspath(header))
            for n in names:
                f.write('\tprintf("%%s %%lld\\n", "%s", (long long)(%s));\n'
                        % (n, n))
            f.write('\treturn 0;\n}\n')
        subprocess.run(['gcc', '-Wall', '-Werror', *cflags, '-o', exe, src],
                       check=True)
        out = subprocess.run([exe], check=True, capture_output=True,
                             text=True).stdout
    return {k: int(v) for k, v in (line.split() for line in out.splitlines())}


def c_defines(header):
    """{name: replacement text} of the header's own FXS macros."""
    out = subprocess.run(['gcc', '-E', '-dM', '-x', 'c', header], check=True,
                         capture_output=True, text=True).stdout
    defs = {}
    for line in out.splitlines():
        m = re.match(r'#define\s+(_*FXS_\w+)\s+(.*)$', line)
        if m and not m.group(1).startswith('_UAPI'):
            defs[m.group(1)] = m.group(2).strip()
    return defs


def check_schema(tree, spec):
    schema_file = os.path.join(tree, 'Documentation', 'netlink',
                               spec['protocol'] + '.yaml')
    with open(schema_file) as f:
        schema = yaml.safe_load(f)
    try:
        jsonschema.validate(spec, schema)
        ok(f"spec is valid {spec['protocol']}")
    except jsonschema.ValidationError as e:
        not_ok(f"spec is valid {spec['protocol']}",
               [e.message, 'at ' + '/'.join(str(p) for p in e.path)])


def check_header(uapi, generated):
    """The UAPI header declares exactly what the spec renders to."""
    with open(uapi) as f:
        hand_enums = parse_enums(f.read())
    with open(generated) as f:
        gen_enums = parse_enums(f.read())
    hand_defs = c_defines(uapi)
    gen_defs = c_defines(generated)
    gen_names = set(gen_enums) | set(gen_defs)
    hand_names = set(hand_enums) | set(hand_defs)

    problems = []
    for n in sorted(gen_names - hand_names):
        problems.append(f'{n}: in the spec, missing from {uapi}')
    for n in sorted(hand_names - gen_names):
        # YNL never renders command 0, which genetlink reserves.
        if n == 'FXS_CMD_UNSPEC' and hand_enums.get(n) == 'fxs_cmd':
            continue
        problems.append(f'{n}: in {uapi}, not in the spec')
    for n in sorted(set(gen_enums) & set(hand_enums)):
        if gen_enums[n] != hand_enums[n]:
            problems.append(f'{n}: in enum {hand_enums[n]}, the spec says '
                            f'enum {gen_enums[n]}')
    verdict('UAPI header has the names the spec gives, in the same enums',
            problems)

    problems = []
    strings = {n for n, v in gen_defs.items() if v.startswith('"')}
    common = sorted((gen_names & hand_names) - strings)
    want = c_values(generated, common)
    got = c_values(uapi, common)
    for n in common:
        if want[n] != got[n]:
            problems.append(f'{n} is {got[n]}, the spec says {want[n]}')
    for n in sorted(strings & hand_names):
        if hand_defs.get(n) != gen_defs[n]:
            problems.append(f'{n} is {hand_defs.get(n)}, the spec says '
                            f'{gen_defs[n]}')
    if 'FXS_CMD_UNSPEC' in hand_names and \
            c_values(uapi, ['FXS_CMD_UNSPEC'])['FXS_CMD_UNSPEC'] != 0:
        problems.append('FXS_CMD_UNSPEC is not 0')
    verdict(f'UAPI header values agree with the spec ({len(common)} '
            f'numbers, {len(strings)} strings)', problems)
    return c_values(uapi, sorted(n for n in hand_names
                                 if n not in strings))


class Source:
    """The parts of fxs_netlink.c that restate the spec."""

    def __init__(self, path, values):
        with open(path) as f:
            self.text = strip_comments(f.read())
        self.path = path
        self.values = values
        self.macros = {}
        for m in re.finditer(r'#define\s+(\w+)\s+((?:[^\n]*\\\n)*[^\n]*)',
                             self.text):
            self.macros[m.group(1)] = m.group(2).replace('\\\n', ' ')

    def eval(self, expr):
        expr = expr.strip()
        py = re.sub(r'[A-Za-z_]\w*',
                    lambda m: str(self.values[m.group(0)]), expr)
        if not re.fullmatch(r'[\d\s+\-*/()]+', py):
            raise ValueError(expr)
        return int(eval(py))

    def array(self, kind, name):
        m = re.search(r'struct\s+%s\s+%s\s*\[[^\]]*\]\s*=\s*\{(.*?)\n\};'
                      % (kind, name), self.text, re.S)
        return m.group(1) if m else None

    def policy(self, name):
        """{attribute: (nla type, min, max, len, nested array)}"""
        body = self.array('nla_policy', name)
        if body is None:
            return None
        keys = list(re.finditer(r'\[\s*(\w+)\s*\]\s*=', body))
        entries = {}
        for i, k in enumerate(keys):
            end = keys[i + 1].start() if i + 1 < len(keys) else len(body)
            val = ' '.join(body[k.end():end].split()).rstrip(', ')
            val = self.macros.get(val, val)
            entries[k.group(1)] = self.classify(val)
        return entries

    def classify(self, val):
        m = re.fullmatch(r'NLA_POLICY_RANGE\((\w+),(.*),(.*)\)', val)
        if m:
            return (m.group(1), self.eval(m.group(2)),
                    self.eval(m.group(3)), None, None)
        m = re.fullmatch(r'NLA_POLICY_MAX\((\w+),(.*)\)', val)
        if m:
            return (m.group(1), None, self.eval(m.group(2)), None, None)
        m = re.fullmatch(r'NLA_POLICY_MIN\((\w+),(.*)\)', val)
        if m:
            return (m.group(1), self.eval(m.group(2)), None, None, None)
        m = re.fullmatch(r'NLA_POLICY_NESTED\((\w+)\)', val)
        if m:
            return ('NLA_NESTED', None, None, None, m.group(1))
        m = re.search(r'\.type\s*=\s*(\w+)', val)
        if m:
            ln = re.search(r'\.len\s*=\s*([^,}]+)', val)
            return (m.group(1), None, None,
                    self.eval(ln.group(1)) if ln else None, None)
        return ('?' + val, None, None, None, None)


NLA_TYPES = {'u8': 'NLA_U8', 'u16': 'NLA_U16', 'u32': 'NLA_U32',
             'u64': 'NLA_U64', 's8': 'NLA_S8', 's16': 'NLA_S16',
             's32': 'NLA_S32', 's64': 'NLA_S64', 'flag': 'NLA_FLAG',
             'binary': 'NLA_BINARY', 'nest': 'NLA_NESTED'}


class Spec:
    def __init__(self, spec):
        self.spec = spec
        self.consts = {d['name']: d for d in spec.get('definitions', [])}
        self.sets = {s['name']: s for s in spec['attribute-sets']}

    def attrs(self, set_name):
        """The attributes of a set, subsets resolved to their parent's."""
        s = self.sets[set_name]
        if 'subset-of' in s:
            parent = {a['name']: a
                      for a in self.attrs(s['subset-of'])}
            return [parent[a['name']] for a in s['attributes']]
        return s['attributes']

    def prefix(self, set_name):
        s = self.sets[set_name]
        if 'subset-of' in s:
            return self.prefix(s['subset-of'])
        return s.get('name-prefix', f"{self.spec['name']}-a-")

    def limit(self, value):
        if value is None or isinstance(value, int):
            return value
        return self.consts[value]['value']

    def enum_range(self, name):
        e = self.consts[name]
        start = e.get('value-start', 0)
        return start, start + len(e['entries']) - 1

    def expect(self, attr):
        """(nla type, min, max, len, nested set) the policy must have."""
        t = attr['type']
        checks = attr.get('checks', {})
        if t == 'string':
            nla = 'NLA_STRING' if checks.get('unterminated-ok') \
                else 'NLA_NUL_STRING'
            return (nla, None, None, self.limit(checks.get('max-len')),
                    None)
        lo, hi = self.limit(checks.get('min')), self.limit(checks.get('max'))
        if 'enum' in attr and lo is None and hi is None:
            lo, hi = self.enum_range(attr['enum'])
            if lo == 0:
                lo = None
        return (NLA_TYPES[t], lo, hi, None, attr.get('nested-attributes'))

    def requests(self, set_name):
        names = set()
        for op in self.spec['operations']['list']:
            if op.get('attribute-set') != set_name:
                continue
            for mode in ('do', 'dump'):
                names.update(op.get(mode, {}).get('request', {})
                             .get('attributes', []))
        return names


def describe(p):
    t, lo, hi, ln, nest = p
    out = t
    if lo is not None or hi is not None:
        out += f' [{lo}, {hi}]'
    if ln is not None:
        out += f' len {ln}'
    if nest:
        out += f' nest {nest}'
    return out


def check_policy(spec, src, set_name, array, requests, problems, seen):
    """One policy array against one attribute set; recurses into nests."""
    if array in seen:
        return
    seen.add(array)
    pol = src.policy(array)
    if pol is None:
        problems.append(f'{array}: no such policy in {src.path}')
        return
    prefix = spec.prefix(set_name)
    known = set()
    for attr in spec.attrs(set_name):
        if attr['type'] in ('unused',):
            continue
        c = c_upper(prefix + attr['name'])
        known.add(c)
        if requests is not None and attr['name'] not in requests:
            got = pol.get(c)
            if not got or got[0] != 'NLA_REJECT':
                problems.append(f'{array}[{c}]: not in any request, so '
                                f'NLA_REJECT; got {got and describe(got)}')
            continue
        want = spec.expect(attr)
        got = pol.get(c)
        if not got:
            problems.append(f'{array}[{c}]: missing, the spec says '
                            f'{describe(want)}')
            continue
        if got[:4] != want[:4] or (want[4] is None) != (got[4] is None):
            problems.append(f'{array}[{c}]: {describe(got)}, the spec '
                            f'says {describe(want)}')
        if want[4] and got[4]:
            check_policy(spec, src, want[4], got[4], None, problems, seen)
    for c in sorted(set(pol) - known):
        problems.append(f'{array}[{c}]: not an attribute of set {set_name}')


def check_kernel(spec_yaml, netlink_c, values, strings):
    spec = Spec(spec_yaml)
    src = Source(netlink_c, values)
    fam = src.array('genl_family', 'fxs_genl_family') or ''
    if not fam:
        m = re.search(r'struct genl_family fxs_genl_family[^=]*=\s*\{(.*?)'
                      r'\n\};', src.text, re.S)
        fam = m.group(1) if m else ''

    def field(name):
        m = re.search(r'\.%s\s*=\s*([^,\n]+),' % name, fam)
        return m.group(1).strip() if m else None

    problems = []
    top = spec.spec['operations']['list'][0]['attribute-set']
    pol = field('policy')
    if pol is None:
        problems.append('the family has no policy')
    else:
        check_policy(spec, src, top, pol, spec.requests(top), problems,
                     set())
    verdict(f'kernel attribute policies say what the spec says '
            f'({netlink_c})', problems)

    problems = []
    ops = {}
    body = src.array('genl_small_ops', field('small_ops') or '?') or ''
    for m in re.finditer(r'\{(.*?)\}', body, re.S):
        o = dict(re.findall(r'\.(\w+)\s*=\s*([^,\n]+)', m.group(1)))
        ops[o.get('cmd', '?').strip()] = o
    prefix = spec.spec['operations'].get('name-prefix',
                                         spec.spec['name'] + '-cmd-')
    request_ops = [op for op in spec.spec['operations']['list']
                   if 'do' in op or 'dump' in op]
    for op in request_ops:
        c = c_upper(prefix + op['name'])
        o = ops.pop(c, None)
        if o is None:
            problems.append(f'{c}: in the spec, no kernel op')
            continue
        for mode in ('do', 'dump'):
            if (mode in op) != (mode + 'it' in o):
                problems.append(f'{c}: {mode} is {"" if mode in op else "not "}'
                                f'in the spec, {mode}it is '
                                f'{"" if mode + "it" in o else "not "}set')
        admin = 'admin-perm' in op.get('flags', [])
        if admin != ('GENL_ADMIN_PERM' in o.get('flags', '')):
            problems.append(f'{c}: admin-perm {admin} in the spec, not in '
                            f'the kernel op flags')
    for c in ops:
        problems.append(f'{c}: kernel op not in the spec')
    resv = field('resv_start_op')
    if resv is None or src.eval(resv) <= max(
            values[c_upper(prefix + op['name'])] for op in request_ops):
        problems.append('resv_start_op must lie past the last request op, '
                        'or old ops escape strict validation')
    verdict('kernel ops say what the spec says (do, dump, admin-perm)',
            problems)

    problems = []
    groups = set()
    body = src.array('genl_multicast_group', field('mcgrps') or '?') or ''
    for m in re.finditer(r'\.name\s*=\s*(\w+)', body):
        groups.add(strings.get(m.group(1), m.group(1)).strip('"'))
    want = {g['name'] for g in spec.spec['mcast-groups']['list']}
    if groups != want:
        problems.append(f'kernel groups {sorted(groups)}, spec '
                        f'{sorted(want)}')
    verdict('kernel multicast groups are the spec\'s', problems)


def check_linefeed_names(spec_yaml, core_c):
    """fxs_linefeed_name() says the spec's names, for the same values."""
    with open(core_c) as f:
        text = strip_comments(f.read())
    m = re.search(r'fxs_linefeed_name\([^)]*\)\s*\{(.*?)\n\}', text, re.S)
    got = dict(re.findall(r'\[\s*(FXS_LINEFEED_\w+)\s*\]\s*=\s*"([^"]*)"',
                          m.group(1))) if m else {}
    enum = Spec(spec_yaml).consts['linefeed']
    want = {c_upper('fxs-linefeed-' + e): e for e in enum['entries']}
    problems = [f'{k}: "{got.get(k)}", the spec says "{v}"'
                for k, v in want.items() if got.get(k) != v]
    problems += [f'{k}: not in the spec' for k in got if k not in want]
    verdict(f'linefeed names in {os.path.basename(core_c)} are the '
            f'spec\'s', problems)


def main():
    tree, spec_file, uapi, netlink_c, generated, core_c = sys.argv[1:7]
    with open(spec_file) as f:
        spec = yaml.safe_load(f)
    check_schema(tree, spec)
    values = check_header(uapi, generated)
    strings = {n: v for n, v in c_defines(uapi).items()
               if v.startswith('"')}
    check_kernel(spec, netlink_c, values, strings)
    check_linefeed_names(spec, core_c)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
