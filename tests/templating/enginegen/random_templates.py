import random, sys, os
random.seed(int(sys.argv[1]))
n = int(sys.argv[2])
fields = ['.metadata', '.metadata.name', '.metadata.labels', '.metadata.labels.app', '.spec', '.spec.containers',
          '.status.phase', '.missing', '.missing.x', '.null', '.null.x', '.n', '.f', '.items', '.t', '.s', '.empty', '.big', '.neg', '.zero', '.e']
lits = ['1', '0', '-3', '2.5', '1e6', '0.00001', '"a"', '""', '"x y"', 'true', 'false', 'nil', "'c'", '0x10', '1234567.0', '3.0']
funcs1 = ['len', 'not', 'print', 'println', 'html', 'js', 'urlquery']
funcsn = ['and', 'or', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'index', 'slice', 'print', 'printf']
fmts = ['"%v %d %s"', '"%6.2v|%-6v|"', '"%x %X %o %b"', '"%q %+q"', '"%U %c"', '"%.3s|%.0f|%.1e"', '"%[2]v %[1]v"', '"%*d"', '"%v"', '"%d"', '"%s"', '"%q"', '"%x"', '"%5.2f"', '"%v %v"', '"%T"', '"%-4v|"', '"%+v"', '"%e"', '"%g"', '"%t"', '"%c"', '"%08.3f"', '"%#v"']
def operand(d):
    r = random.random()
    if r < 0.35: return random.choice(fields)
    if r < 0.6: return random.choice(lits)
    if r < 0.7: return random.choice(['.', '$', '$x'])
    if d > 2: return random.choice(fields)
    return '(' + pipeline(d+1) + ')'
def command(d):
    r = random.random()
    if r < 0.3: return operand(d)
    if r < 0.5:
        return random.choice(funcs1) + ' ' + operand(d)
    f = random.choice(funcsn)
    if f == 'printf':
        return 'printf ' + random.choice(fmts) + ''.join(' ' + operand(d) for _ in range(random.randint(0, 3)))
    return f + ''.join(' ' + operand(d) for _ in range(random.randint(1, 3)))
def pipeline(d):
    p = command(d)
    for _ in range(random.randint(0, 1)):
        p += ' | ' + random.choice(['print', 'len', 'not', 'printf "%v"', 'html', 'eq 1', 'index .items', 'and 1', 'or 0'])
    return p
def body(d):
    out = ''
    for _ in range(random.randint(1, 3)):
        r = random.random()
        if r < 0.45 or d > 2:
            out += '{{' + pipeline(0) + '}}|'
        elif r < 0.6:
            out += '{{if ' + pipeline(0) + '}}T' + body(d+1) + '{{else}}F{{end}}'
        elif r < 0.75:
            v = random.choice(['', '$i, $e := ', '$e := '])
            out += '{{range ' + v + pipeline(0) + '}}[' + body(d+1) + ']{{else}}E{{end}}'
        elif r < 0.85:
            out += '{{with ' + pipeline(0) + '}}W' + body(d+1) + '{{end}}'
        elif r < 0.9:
            out += '{{$x = ' + pipeline(0) + '}}'
        elif r < 0.95:
            out += random.choice(['{{- ', '{{']) + pipeline(0) + random.choice([' -}}', '}}']) + random.choice(['\n  ', ' ', '\t\n', '']) 
        else:
            out += '{{template "sub" ' + random.choice(['', pipeline(0)]) + '}}'
    return out
os.makedirs('cases', exist_ok=True)
for i in range(n):
    open(f'cases/{sys.argv[1]}_{i}.tmpl', 'w').write('{{define "sub"}}<{{.}}|' + body(2) + '>{{end}}{{$x := 0}}' + body(0) + random.choice(['', '{{/* c */}}', '{{- /* c */ -}} x']))
