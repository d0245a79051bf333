"""A seeded grammar of templates mixing the function library with pipelines, variables and
control structures, for gen_funcs_tests.py --random SEED N (corpus/random.jsonl). Only
functions whose output is fixed for fixed input (no clock, randomness, DNS or key
generation), and none that can make a value contain itself (set; the whole data as an
argument), which Go would print forever. Argument kinds: s string, i int, l list, m map, a anything, * more of the last."""
import random

SIGS = {
    # strings
    "abbrev": "is", "abbrevboth": "iis", "trunc": "is", "trim": "s", "upper": "s", "lower": "s",
    "title": "s", "untitle": "s", "substr": "iis", "repeat": "is", "trimall": "ss", "trimAll": "ss",
    "trimSuffix": "ss", "trimPrefix": "ss", "nospace": "s", "initials": "s", "swapcase": "s",
    "shuffle": None, "snakecase": "s", "camelcase": "s", "kebabcase": "s", "wrap": "is", "wrapWith": "iss",
    "contains": "ss", "hasPrefix": "ss", "hasSuffix": "ss", "quote": "a*", "squote": "a*", "cat": "a*",
    "indent": "is", "nindent": "is", "replace": "sss", "plural": "ssi", "sha1sum": "s", "sha256sum": "s",
    "adler32sum": "s", "toString": "a", "atoi": "s", "int64": "a", "int": "a", "float64": "a",
    "seq": "i*", "toDecimal": "a", "split": "ss", "splitList": "ss", "splitn": "sis", "toStrings": "a",
    "until": "i", "untilStep": "iii", "add1": "a", "add": "a*", "sub": "aa", "div": "aa", "mod": "aa",
    "mul": "a*", "max": "a*", "min": "a*", "biggest": "a*", "floor": "a", "ceil": "a", "round": "aa",
    "add1f": "a", "addf": "a*", "subf": "a*", "divf": "a*", "mulf": "a*", "maxf": "a*", "minf": "a*",
    "join": "sa", "sortAlpha": "a", "default": "aa", "empty": "a", "coalesce": "a*", "all": "a*",
    "any": "a*", "compact": "l", "mustCompact": "l", "fromJson": "s", "toJson": "a", "toPrettyJson": "a",
    "toRawJson": "a", "mustFromJson": "s", "mustToJson": "a", "ternary": "aaa", "deepCopy": "a",
    "typeOf": "a", "typeIs": "sa", "typeIsLike": "sa", "kindOf": "a", "kindIs": "sa", "deepEqual": "aa",
    "b64enc": "s", "b64dec": "s", "b32enc": "s", "b32dec": "s", "tuple": "a*", "list": "a*",
    "dict": "a*", "get": "ms", "unset": "ms", "hasKey": "ms", "pluck": "sm*", "keys": "m*",
    "pick": "ms*", "omit": "ms*", "merge": "mm*", "mergeOverwrite": "mm*", "values": "m", "append": "la",
    "push": "la", "prepend": "la", "first": "l", "rest": "l", "last": "l", "initial": "l", "reverse": "l",
    "uniq": "l", "without": "la*", "has": "al", "slice": "li*", "concat": "l*", "dig": "ssam",
    "chunk": "il", "base": "s", "dir": "s", "clean": "s", "ext": "s", "isAbs": "s", "regexMatch": "ss",
    "regexFindAll": "ssi", "regexFind": "ss", "regexReplaceAll": "sss", "regexReplaceAllLiteral": "sss",
    "regexSplit": "ssi", "regexQuoteMeta": "s", "urlParse": "s", "semver": "s", "semverCompare": "ss",
    "toYaml": "a", "fromYaml": "s", "fromYamlArray": "s", "fromJsonArray": "s", "toToml": "a",
    "required": "sa", "env": "s", "expandenv": "s",
}
SIGS = {k: v for k, v in SIGS.items() if v}
FIELDS = {
    "s": ['.name', '.s', '.sf', '.hex', '.e', '.multi', '.text', '.kind', '.labels.app'],
    # No data integers for int parameters: kubectl decodes them as int64, which Go (and
    # podinit) refuse for an int, so such a case would only ever test that one error.
    "i": [],
    "l": ['.list', '.nums', '.empty'],
    "m": ['.m', '.labels', '.emap', '.m.c'],
    "a": ['.f', '.t', '.nul', '.missing', '.m.c.d'],
}
LITS = {
    "s": ['"a"', '""', '"Hello World"', '"łódź ā"', '"a,b,,c"', '"1.2.3"', '"x-y_z"', '"  pad "', '"10"',
          '"{\\"a\\":1}"', '"[1,2]"', '"a: 1"', '"- x"', '"^[a-z]+$"', '"(x)"', '"$1"', '"/a/b.c"', '"UPPER"'],
    "i": ['0', '1', '2', '3', '-1', '7', '100'],
    "l": ['(list 1 2 3)', '(list "b" "a" "b")', '(list)', '(list 1 "a" nil)', '(list (list 1) 2)'],
    "m": ['(dict "a" 1 "b" "x")', '(dict)', '(dict "k" (dict "n" 2))'],
    "a": ['1', '2.5', '"s"', 'true', 'nil', '0', '-3', '""'],
}


def operand(rng, kind, depth):
    r = rng.random()
    if kind == "a":
        kind = rng.choice("silma")
    fields = FIELDS[kind] + (FIELDS["a"] if rng.random() < 0.1 else [])
    if r < 0.35 and fields:
        return rng.choice(fields)
    if r < 0.8 or depth > 2:
        return rng.choice(LITS[kind])
    if rng.random() < 0.1:
        return rng.choice(LITS["s"])  # a wrong kind now and then: Go's errors are compared too
    return "(" + call(rng, depth + 1) + ")"


def args_for(rng, sig, depth):
    out = []
    for i, k in enumerate(sig):
        if k == "*":
            for _ in range(rng.randint(0, 2)):
                out.append(operand(rng, sig[i - 1], depth))
        else:
            out.append(operand(rng, k, depth))
    return out


def call(rng, depth):
    name = rng.choice(sorted(SIGS))
    return " ".join([name] + args_for(rng, SIGS[name], depth))


def pipeline(rng, depth=0):
    p = call(rng, depth)
    for _ in range(rng.randint(0, 2)):
        name = rng.choice(sorted(SIGS))
        sig = SIGS[name]
        if not sig or sig[-1] == "*":
            continue
        # The piped value is the last argument.
        p += " | " + " ".join([name] + args_for(rng, sig[:-1], depth + 1))
    return p


def template(rng):
    r = rng.random()
    if r < 0.6:
        return "{{ " + pipeline(rng) + " }}"
    if r < 0.75:
        return "{{ $x := " + pipeline(rng) + " }}{{ $x }}|{{ typeOf $x }}"
    if r < 0.9:
        return "{{ range $i, $v := " + pipeline(rng) + " }}{{ $i }}={{ $v }};{{ end }}"
    return "{{ if " + pipeline(rng) + " }}T{{ else }}F{{ end }}"


def generate(seed, n):
    rng = random.Random(seed)
    return [template(rng) for _ in range(n)]
