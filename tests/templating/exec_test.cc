// Executor cases: every expectation (output or error text) is what Go's text/template
// (go1.19, checked with a small Go program) produced for the same template and data,
// and, where Go versions differ, what kubectl v1.32 (Go 1.23) does on this machine:
// {{else with}} works (Go 1.23), js escapes with \u003C (Go 1.21). Ranging over an integer
// follows Go 1.24 instead; its cases are in exec_range_int_test.cc.
#include <string>

#include "gtest/gtest.h"
#include "templating/template.h"
#include "tests/templating/engine_test_util.h"

namespace templating {
namespace {

constexpr char kData[] =
    R"({"a":{"b":1.5},"n":null,"l":["s",3],"i":3,"empty":[],"s":"str","f":2.5,"t":true,)"
    R"("big":1234567,"neg":-7,"ff":1e21,"fl":0.1,"fs":100.0,"nested":{"x":[{"y":"deep"},null]}})";

const testing::GoCase kCases[] = {
    {"{{.a.b}}|{{.x}}", MissingKey::kDefault, "1.5|<no value>", ""},
    {"{{.n.q}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.n.q>: nil pointer evaluating interface {}.q"},
    {"{{.x.y}}", MissingKey::kZero, "", "template: t:1:4: executing \"t\" at <.x.y>: nil pointer evaluating interface {}.y"},
    {"{{.x.y}}", MissingKey::kError, "", "template: t:1:4: executing \"t\" at <.x.y>: map has no entry for key \"x\""},
    {"{{.a.c}}", MissingKey::kError, "", "template: t:1:4: executing \"t\" at <.a.c>: map has no entry for key \"c\""},
    {"{{.a.b.c}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.a.b.c>: can't evaluate field c in type interface {}"},
    {"{{range .l}}{{.x}}{{end}}", MissingKey::kDefault, "", "template: t:1:14: executing \"t\" at <.x>: can't evaluate field x in type interface {}"},
    {"{{range $i, $e := .l}}{{$i}}={{$e}},{{end}}", MissingKey::kDefault, "0=s,1=3,", ""},
    {"{{range $k, $v := .a}}{{$k}}:{{$v}};{{end}}", MissingKey::kDefault, "b:1.5;", ""},
    {"{{range .empty}}x{{else}}empty{{end}}", MissingKey::kDefault, "empty", ""},
    {"{{range .x}}x{{else}}none{{end}}", MissingKey::kDefault, "none", ""},
    {"{{range .l}}{{if eq . \"s\"}}{{continue}}{{end}}{{.}}{{end}}", MissingKey::kDefault, "", "template: t:1:17: executing \"t\" at <eq . \"s\">: error calling eq: incompatible types for comparison"},
    {"{{range .l}}{{.}}{{break}}{{end}}", MissingKey::kDefault, "s", ""},
    {"{{1e6}} {{1234567.0}} {{123456.5}} {{0.00001}} {{3.0}} {{1e3}} {{0x1F}} {{0o17}} {{0b101}} {{1_000}} {{'a'}} {{-3}}", MissingKey::kDefault, "1e+06 1.234567e+06 123456.5 1e-05 3 1000 31 15 5 1000 97 -3", ""},
    {"{{.}}", MissingKey::kDefault, "map[a:map[b:1.5] big:1234567 empty:[] f:2.5 ff:1e+21 fl:0.1 fs:100 i:3 l:[s 3] n:<nil> neg:-7 nested:map[x:[map[y:deep] <nil>]] s:str t:true]", ""},
    {"{{.l}} {{.a}} {{.n}} {{.f}} {{.t}} {{.big}}", MissingKey::kDefault, "[s 3] map[b:1.5] <no value> 2.5 true 1234567", ""},
    {"{{print .n}} {{print .x}} {{printf \"%v|%s|%d\" .n .l .i}}", MissingKey::kDefault, "<nil> <nil> <nil>|[s %!s(int64=3)]|3", ""},
    {"{{$x := 1}}{{range .l}}{{$x = .}}{{end}}{{$x}}", MissingKey::kDefault, "3", ""},
    {"{{with .a}}{{.b}}{{end}}{{with .x}}no{{else}}else{{end}}", MissingKey::kDefault, "1.5else", ""},
    {"{{with $v := .a.b}}{{$v}}{{end}}", MissingKey::kDefault, "1.5", ""},
    {"{{if .x}}a{{else if .i}}b{{else}}c{{end}}", MissingKey::kDefault, "b", ""},
    {"{{define \"x\"}}[{{.}}]{{end}}{{template \"x\" .i}}{{template \"x\"}}", MissingKey::kDefault, "[3][<no value>]", ""},
    {"{{template \"nope\"}}", MissingKey::kDefault, "", "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined"},
    {"{{- \"a\" -}}   {{- \"b\" }}  x  {{ \"c\" -}}  ", MissingKey::kDefault, "ab  x  c", ""},
    {"{{/* comment */}}a{{- /* c2 */ -}}  b", MissingKey::kDefault, "ab", ""},
    {"{{ /* x */ }}", MissingKey::kDefault, "", "template: t:1: unexpected \"/\" in command"},
    {"{{.a.b 1}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.a.b>: b is not a method but has arguments"},
    {"{{nil}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <nil>: nil is not a command"},
    {"{{.i | printf \"%d-%s\" \"x\"}}", MissingKey::kDefault, "%!d(string=x)-%!s(int64=3)", ""},
    {"{{\"x\" | .i}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <.i>: i is not a method but has arguments"},
    {"{{len .l}} {{len .a}} {{len \"héllo\"}}", MissingKey::kDefault, "2 1 6", ""},
    {"{{len .i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len .i>: error calling len: len of type int64"},
    {"{{len .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len .x>: error calling len: reflect: call of reflect.Value.Type on zero Value"},
    {"{{len .n}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <len .n>: error calling len: len of nil pointer"},
    {"{{index .l 0}} {{index .a \"b\"}} {{index .a \"zz\"}} {{index \"abc\" 1}}", MissingKey::kDefault, "s 1.5 <no value> 98", ""},
    {"{{index .l 9}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l 9>: error calling index: index out of range: 9"},
    {"{{index .l 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l 2>: error calling index: reflect: slice index out of range"},
    {"{{index .x 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .x 1>: error calling index: index of untyped nil"},
    {"{{index .a 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .a 1>: error calling index: value has type int; should be string"},
    {"{{index .l \"x\"}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index .l \"x\">: error calling index: cannot index slice/array with type string"},
    {"{{slice \"abcd\" 1 3}} {{slice .l 1}} {{slice .l}}", MissingKey::kDefault, "bc [3] [s 3]", ""},
    {"{{slice .l 2 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1"},
    {"{{slice .i 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .i 1>: error calling slice: can't slice item of type int64"},
    {"{{eq 1 2 1}} {{eq \"a\" \"a\"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}} {{eq .i 3}} {{eq .x nil}} {{eq .n nil}}", MissingKey::kDefault, "true true true true true true false true true true", ""},
    {"{{eq 1 1.0}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison"},
    {"{{eq \"a\" 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq \"a\" 1>: error calling eq: incompatible types for comparison"},
    {"{{lt .l 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt .l 1>: error calling lt: invalid type for comparison"},
    {"{{lt true false}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison"},
    {"{{eq .l .l}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq .l .l>: error calling eq: non-comparable type [s %!s(int64=3)]: []interface {}"},
    {"{{eq 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison"},
    {"{{and 1 0 \"x\"}} {{or 0 \"\" \"y\"}} {{and 1 2}} {{or 0 \"\"}} {{not 0}} {{not .l}} {{and .x .nope}}", MissingKey::kDefault, "0 y 2  true false <no value>", ""},
    {"{{print \"a\" \"b\" 1 2 \"c\"}}|{{println 1 \"a\" 2}}|{{print}}|{{print nil 1}}", MissingKey::kDefault, "ab1 2c|1 a 2\n||<nil> 1", ""},
    {"{{html \"<a href='x'>&\\\"</a>\"}} {{js \"<x>&='\\\"\\\\\"}} {{urlquery \"a b&c=d/é\"}} {{html .x}} {{html 1 2}}", MissingKey::kDefault, "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; \\u003Cx\\u003E\\u0026\\u003D\\'\\\"\\\\ a+b%26c%3Dd%2F%C3%A9 &lt;no value&gt; 1 2", ""},
    {"{{printf \"%s\" 3}} {{printf \"%d\" \"x\"}} {{printf \"%d %d\" 1}} {{printf \"%d\" 1 2 \"z\"}}", MissingKey::kDefault, "%!s(int=3) %!d(string=x) 1 %!d(MISSING) 1%!(EXTRA int=2, string=z)", ""},
    {"{{printf 3}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <3>: expected string; found 3"},
    {"{{printf .i}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <.i>: wrong type for value; expected string; got int64"},
    {"{{printf .x}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <.x>: invalid value; expected string"},
    {"{{not}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 0"},
    {"{{not 1 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2"},
    {"{{index}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index>: wrong number of args for index: want at least 1 got 0"},
    {"{{lt 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <lt>: wrong number of args for lt: want 2 got 1"},
    {"{{call .i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call .i>: error calling call: non-function .i of type int64"},  // Go 1.21+ (kubectl's Go 1.23)
    {"{{call .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <call .x>: error calling call: call of nil"},
    {"{{$}} {{$.i}}", MissingKey::kDefault, "map[a:map[b:1.5] big:1234567 empty:[] f:2.5 ff:1e+21 fl:0.1 fs:100 i:3 l:[s 3] n:<nil> neg:-7 nested:map[x:[map[y:deep] <nil>]] s:str t:true] 3", ""},
    {"{{range .l}}{{$.i}}{{end}}", MissingKey::kDefault, "33", ""},
    {"{{.i.x}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.i.x>: can't evaluate field x in type interface {}"},
    {"{{$x := .i}}{{$x.y}}", MissingKey::kDefault, "", "template: t:1:16: executing \"t\" at <$x.y>: can't evaluate field y in type int64"},
    {"{{$x := .x}}{{$x.y}}", MissingKey::kDefault, "<no value>", ""},
    {"{{$x := .x}}{{$x.y}}", MissingKey::kError, "", "template: t:1:8: executing \"t\" at <.x>: map has no entry for key \"x\""},
    {"{{(.a).b}} {{(index .l 0)}}", MissingKey::kDefault, "1.5 s", ""},
    {"{{(.x).y}}", MissingKey::kDefault, "<no value>", ""},
    {"{{range .s}}x{{end}}", MissingKey::kDefault, "", "template: t:1:8: executing \"t\" at <.s>: range can't iterate over str"},
    {"{{range .l}}{{.}}{{else}}e{{end}}{{range .a}}{{.}}{{end}}", MissingKey::kDefault, "s31.5", ""},
    {"{{block \"b\" .i}}B{{.}}{{end}}", MissingKey::kDefault, "B3", ""},
    {"{{if and .a (eq .a.b 1.5)}}yes{{end}}", MissingKey::kDefault, "yes", ""},
    {"{{with .n}}x{{else}}null{{end}}", MissingKey::kDefault, "null", ""},
    {"{{.a.b | printf \"%.3f\"}} {{printf \"%5s|%-5s|%05d\" \"ab\" \"cd\" 42}}", MissingKey::kDefault, "1.500    ab|cd   |00042", ""},
    {"{{printf \"%x %X %o %b %c %q %U %e %g %t %%\" 255 255 8 5 65 \"hi\" 0x1F600 1234.5678 0.000012345 true}}", MissingKey::kDefault, "ff FF 10 101 A \"hi\" U+1F600 1.234568e+03 1.2345e-05 true %", ""},
    {"{{printf \"%v %v\" .big .neg}}", MissingKey::kDefault, "1234567 -7", ""},
    {"{{template \"t\"}}", MissingKey::kDefault, "", "template: t:1:11: executing \"t\" at <{{template \"t\"}}>: exceeded maximum template depth (100000)"},
    {"{{0x1p-2}} {{1e-7}} {{.5}} {{-0}}", MissingKey::kDefault, "0.25 1e-07 0.5 0", ""},
    {"{{99999999999999999999}}", MissingKey::kDefault, "", "template: t:1: integer overflow: \"99999999999999999999\""},
    {"{{1.5.x}}", MissingKey::kDefault, "", "template: t:1: unexpected . after term \"1.5\""},
    {"{{.l.x}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.l.x>: can't evaluate field x in type interface {}"},
    {"{{.ff}} {{.fl}} {{.fs}}", MissingKey::kDefault, "1e+21 0.1 100", ""},
    {"{{$x := 3}}{{if true}}{{$x := 4}}{{$x}}{{end}}{{$x}}", MissingKey::kDefault, "43", ""},
    {"{{range $i, $e := .l}}{{end}}{{$i}}", MissingKey::kDefault, "", "template: t:1: undefined variable \"$i\""},
    {"{{if true}}{{$y := 1}}{{end}}{{$y}}", MissingKey::kDefault, "", "template: t:1: undefined variable \"$y\""},
    {"{{break}}", MissingKey::kDefault, "", "template: t:1: {{break}} outside {{range}}"},
    {"{{range .l}}{{break 1}}{{end}}", MissingKey::kDefault, "", "template: t:1: unexpected \"1\" in {{break}}"},
    {"{{\"unterminated}}", MissingKey::kDefault, "", "template: t:1: unterminated quoted string"},
    {"{{.a", MissingKey::kDefault, "", "template: t:1: unclosed action"},
    {"{{(1}}", MissingKey::kDefault, "", "template: t:1: unclosed left paren"},
    {"{{1)}}", MissingKey::kDefault, "", "template: t:1: unexpected \")\" in command"},
    {"{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", MissingKey::kDefault, "", "template: t:1: template: multiple definition of template \"a\""},
    // A body of unicode.IsSpace runes is empty and leaves the first definition (U+200B is no space).
    {"{{define \"a\"}}x{{end}}{{define \"a\"}}\u00a0\u3000{{end}}ok", MissingKey::kDefault, "ok", ""},
    {"{{define \"a\"}}x{{end}}{{define \"a\"}}\u200b{{end}}ok", MissingKey::kDefault, "", "template: t:1: template: multiple definition of template \"a\""},
    {"{{else}}", MissingKey::kDefault, "", "template: t:1: unexpected {{else}}"},
    {"{{end}}", MissingKey::kDefault, "", "template: t:1: unexpected {{end}}"},
    {"{{range .l}}", MissingKey::kDefault, "", "template: t:1: unexpected EOF"},
    {"{{if .x}}{{else}}{{else}}{{end}}", MissingKey::kDefault, "", "template: t:1: expected end; found {{else}}"},
    {"{{template .x}}", MissingKey::kDefault, "", "template: t:1: unexpected \".x\" in template clause"},
    {"{{$x = 1}}", MissingKey::kDefault, "", "template: t:1:7: executing \"t\" at <1>: undefined variable: $x"},
    {"{{3 | 4}}", MissingKey::kDefault, "", "template: t:1: non executable command in pipeline stage 2"},
    {"{{.a | \"x\"}}", MissingKey::kDefault, "", "template: t:1: non executable command in pipeline stage 2"},
    {"{{printf \"%s\" \"a\"\n}}", MissingKey::kDefault, "a", ""},
    {"{{ \"a\" -}}\n  b", MissingKey::kDefault, "ab", ""},
    {"{{'ab'}}", MissingKey::kDefault, "", "template: t:1: malformed character constant: 'ab'"},
    {"{{\"\\z\"}}", MissingKey::kDefault, "", "template: t:1: invalid syntax"},
    {"{{$x, $y := 1}}", MissingKey::kDefault, "", "template: t:1: too many declarations in command"},
    {"{{range $x, $y, $z := .l}}{{end}}", MissingKey::kDefault, "", "template: t:1: too many declarations in range"},
    {"{{1 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <1>: can't give argument to non-function 1"},
    {"{{.Method 1 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <.Method>: Method is not a method but has arguments"},
    {"{{with .a}}{{$.i}}{{.b}}{{end}}", MissingKey::kDefault, "31.5", ""},
    {"{{-3}} {{- 3}}", MissingKey::kDefault, "-33", ""},
    {"{{printf \"%T %T %T %T %T %T\" 1 .i 1.5 \"s\" .l .a}}", MissingKey::kDefault, "int int64 float64 string []interface {} map[string]interface {}", ""},
    {"{{printf \"%5.1f|%-8.3e|%+d|% d|%x|%#v|%#v\" 3.14159 1234.5 5 5 \"hi\" .l .a}}", MissingKey::kDefault, "  3.1|1.234e+03|+5| 5|6869|[]interface {}{\"s\", 3}|map[string]interface {}{\"b\":1.5}", ""},
    {"{{printf \"%!\" 1}} {{printf \"%z\" 2}} {{printf \"%[2]d %[1]d\" 1 2}} {{printf \"%*d|%.*f\" 5 3 2 3.14159}}", MissingKey::kDefault, "%!!(int=1) %!z(int=2) 2 1     3|3.14", ""},
    {"{{printf \"%v %v %v %v %v\" 1e21 1e20 100.0 -0.0 1e-320}}", MissingKey::kDefault, "1e+21 1e+20 100 -0 1e-320", ""},
    {"{{.a.b.c}}", MissingKey::kError, "", "template: t:1:4: executing \"t\" at <.a.b.c>: can't evaluate field c in type interface {}"},
    {"{{index .a \"zz\"}}", MissingKey::kError, "<no value>", ""},
    {"{{.a.zz}}", MissingKey::kZero, "<no value>", ""},
    {"{{range .l}}{{.}}", MissingKey::kDefault, "", "template: t:1: unexpected EOF"},
    // Second batch.
    {"{{define \"sub\"}}line1\n  {{.a.zz.y}}{{end}}top {{template \"sub\" .}}", MissingKey::kDefault, "top line1\n  <no value>", ""},
    {"{{define \"sub\"}}{{.nope}}{{end}}x{{template \"sub\" .}}", MissingKey::kError, "", "template: t:1:18: executing \"sub\" at <.nope>: map has no entry for key \"nope\""},
    {"{{define \"s\"}}{{template \"t2\" .}}{{end}}{{define \"t2\"}}[{{.i}}]{{end}}{{template \"s\" .}}", MissingKey::kDefault, "[3]", ""},
    {"a\nb {{.x.y.z}}\n  {{.a.b.c}}", MissingKey::kDefault, "", "template: t:3:6: executing \"t\" at <.a.b.c>: can't evaluate field c in type interface {}"},
    {"{{if .t -}}\n  yes\n{{- end}}\n{{- range .l}}\n  - {{.}}\n{{- end}}\n", MissingKey::kDefault, "yes\n  - s\n  - 3\n", ""},
    {"{{- /* leading comment */ -}}\ntext{{/* c */}}more", MissingKey::kDefault, "textmore", ""},
    {"{{.i\n}}", MissingKey::kDefault, "3", ""},
    {"{{printf \"%d %s\"\n  .i\n  .s}}", MissingKey::kDefault, "3 str", ""},
    {"{{range $i, $e := .l}}{{if $i}},{{end}}{{$e}}{{end}}", MissingKey::kDefault, "s,3", ""},
    {"{{range $k, $v := .a}}{{$k}}={{$v}}{{end}}{{range $v := .empty}}{{else}}none{{end}}", MissingKey::kDefault, "b=1.5none", ""},
    {"{{$x := 0}}{{range .l}}{{$x = .}}{{end}}{{$x}}|{{$y := 1}}{{with .a}}{{$y = 2}}{{end}}{{$y}}", MissingKey::kDefault, "3|2", ""},
    {"{{range .l}}{{range $.l}}{{.}}{{break}}{{end}}-{{end}}", MissingKey::kDefault, "s-s-", ""},
    {"{{range .l}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}|{{range .l}}{{if eq . \"s\"}}{{continue}}{{end}}{{.}}{{end}}", MissingKey::kDefault, "", "template: t:1:17: executing \"t\" at <eq . 3>: error calling eq: incompatible types for comparison"},
    {"{{range .a}}{{.}}{{break}}{{end}}", MissingKey::kDefault, "1.5", ""},
    {"{{with $x := .s}}{{$x}}{{$}}{{end}}", MissingKey::kDefault, "strmap[a:map[b:1.5] big:1234567 empty:[] f:2.5 ff:1e+21 fl:0.1 fs:100 i:3 l:[s 3] n:<nil> neg:-7 nested:map[x:[map[y:deep] <nil>]] s:str t:true]", ""},
    {"{{$}}", MissingKey::kDefault, "map[a:map[b:1.5] big:1234567 empty:[] f:2.5 ff:1e+21 fl:0.1 fs:100 i:3 l:[s 3] n:<nil> neg:-7 nested:map[x:[map[y:deep] <nil>]] s:str t:true]", ""},
    {"{{template \"x\" .}}{{define \"x\"}}X{{.i}}{{end}}", MissingKey::kDefault, "X3", ""},
    {"{{.a.b}} {{.a.b | printf \"%08.3f\"}} {{.big}} {{.neg}} {{.ff}} {{.fl}}", MissingKey::kDefault, "1.5 0001.500 1234567 -7 1e+21 0.1", ""},
    {"{{if .x}}{{else if .n}}{{else if .empty}}{{else if .s}}S{{end}}", MissingKey::kDefault, "S", ""},
    {"{{with .x}}X{{else with .s}}{{.}}{{end}}", MissingKey::kDefault, "str", ""} /* Go 1.23 (kubectl v1.32); go1.19 rejects it */,
    {"{{.s.x}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.s.x>: can't evaluate field x in type interface {}"},
    {"{{.t.x}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.t.x>: can't evaluate field x in type interface {}"},
    {"{{.f.x}}", MissingKey::kDefault, "", "template: t:1:4: executing \"t\" at <.f.x>: can't evaluate field x in type interface {}"},
    {"{{.l.x}}", MissingKey::kError, "", "template: t:1:4: executing \"t\" at <.l.x>: can't evaluate field x in type interface {}"},
    {"{{$.x.y}}", MissingKey::kError, "", "template: t:1:3: executing \"t\" at <$.x.y>: map has no entry for key \"x\""},
    {"{{index . \"a\" \"b\"}} {{(index . \"a\").b}}", MissingKey::kDefault, "1.5 1.5", ""},
    {"{{len .}} {{len .a}}", MissingKey::kDefault, "14 1", ""},
    {"{{print .a.b .a.b}} {{print \"\" \"\"}} {{print .s .s}} {{print 1 .s 2}}", MissingKey::kDefault, "1.5 1.5  strstr 1str2", ""},
    {"{{\"x\" | printf \"%s\"}}{{\"y\" | print}}", MissingKey::kDefault, "xy", ""},
    {"{{.a.b | .a}}", MissingKey::kDefault, "", "template: t:1:9: executing \"t\" at <.a>: a is not a method but has arguments"},
    {"{{$x := 1}}{{$x 2}}", MissingKey::kDefault, "", "template: t:1:13: executing \"t\" at <$x>: can't give argument to non-function $x"},
    {"{{. 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <.>: can't give argument to non-function ."},
    {"{{(1) 2}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <(1) 2>: can't give argument to non-function 1"},
    {"{{true 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <true>: can't give argument to non-function true"},
    {"{{\"s\" 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <\"s\">: can't give argument to non-function \"s\""},
    {"{{if 1}}{{.}}{{end}}", MissingKey::kZero, "map[a:map[b:1.5] big:1234567 empty:[] f:2.5 ff:1e+21 fl:0.1 fs:100 i:3 l:[s 3] n:<nil> neg:-7 nested:map[x:[map[y:deep] <nil>]] s:str t:true]", ""},
    {"{{.x}} {{.a.x}} {{print .x}}", MissingKey::kZero, "<no value> <no value> <nil>", ""},
    {"{{range .x}}a{{end}}|{{with .x}}b{{end}}|{{if .x}}c{{end}}", MissingKey::kZero, "||", ""},
    {"{{.nested.x}}", MissingKey::kDefault, "[map[y:deep] <nil>]", ""},
    {"{{range .nested.x}}[{{.}}]{{end}}", MissingKey::kDefault, "[map[y:deep]][<no value>]", ""},
    {"{{range .nested.x}}[{{.y}}]{{end}}", MissingKey::kDefault, "", "template: t:1:22: executing \"t\" at <.y>: nil pointer evaluating interface {}.y"},
    {"{{template \"x\"}}{{define \"x\"}}{{.}}|{{.y}}{{end}}", MissingKey::kDefault, "<no value>|<no value>", ""},
    {"{{template \"x\"}}{{define \"x\"}}{{.}}|{{.y}}{{end}}", MissingKey::kError, "", "template: t:1:38: executing \"x\" at <.y>: nil data; no entry for key \"y\""},
    // Regressions found by differential fuzzing against Go (data as above).
    {"{{printf \"%-8.88e|%.100f|%.30g|%.800e\" 1234.5 0.1 0.1 1e-300}}", MissingKey::kDefault, "1.2345000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+03|0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000|0.100000000000000005551115123126|1.00000000000000002505909183520875968569614680770370524992534231990046604318405148467630281218195010089496230627027825414891031146499880413081224609160619018271942662793458427551041478278701507022263926060379361392435977509403014386614147912551359088259101734169222292122040491862182202915561954185941852588326204092831631787205015401996986616948980410676557942431921652541808732242554300585073938340203330993157646467433638479065531661724812599598594906293782493759617177861888792970476530542335134710418229637566637950767497147854236589795152044892049176025289756709261767081824924720105632337755616538050643653812583050224659631159300563236507929025398878153811554013986009587978081167432804936359631140419153283449560376539011485874652862548828125000000000000000000000000000000000000000000000000000e-300", ""},
    {"{{js \"a\\202b\"}} {{js \"\\U000d0410\"}} {{js \"\\u00ad\\u200b\"}}", MissingKey::kDefault, "a\x82" "b \\uD0410 \\u00AD\\u200B", ""},
    {"{{.X̦}}", MissingKey::kDefault, "", "template: t:1: bad character U+0326 '̦'"},
    {"{{♞}}", MissingKey::kDefault, "", "template: t:1: unrecognized character in action: U+265E '♞'"},
    {"{{܇}}", MissingKey::kDefault, "", "template: t:1: unrecognized character in action: U+0707 '܇'"},
    {"{{.café}} {{.日本}}", MissingKey::kDefault, "<no value> <no value>", ""},
    // Identifiers are unicode.IsLetter / IsDigit runes: not an unassigned one, not a symbol.
    {"{{.x\u0378}}", MissingKey::kDefault, "", "template: t:1: bad character U+0378"},
    {"{{.x\ua836}}", MissingKey::kDefault, "", "template: t:1: bad character U+A836 '\ua836'"},
    {"{{.x\u2c00}}", MissingKey::kDefault, "<no value>", ""},
    {"{{define \"x\"}}[{{.}}{{template \"x\" .}}]{{end}}{{template \"x\" 1}}", MissingKey::kDefault, "", "template: t:1:31: executing \"x\" at <{{template \"x\" .}}>: exceeded maximum template depth (100000)"},
    {"{{printf \"%5.300s|%.3x|%-4q|%+.2e|%#o|%x\" \"abc\" \"hello\" \"é\" -1.5 0 -10}}", MissingKey::kDefault, "  abc|68656c|\"é\" |-1.50e+00|0|-a", ""},
    {"{{printf \"%08.3e|%+08d|%-08d|% 08.2f|%#8x|%#-8o|\" 1234.5 42 42 3.14159 255 8}}", MissingKey::kDefault, "1.234e+03|+0000042|42      | 0003.14|    0xff|010     |", ""},
    {"{{eq .x .a}} {{eq .a .x}} {{eq .n .l}} {{eq .l .n}} {{ne .a .x}}", MissingKey::kZero, "false false false false true", ""},
    {"{{eq .x .a}} {{eq .n .l}}", MissingKey::kDefault, "false false", ""},
    // slice does not unwrap interface{} arguments; index of a byte.
    {"{{slice .l .i}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l .i>: error calling slice: cannot index slice/array with type interface {}"},
    {"{{range .l}}{{slice \"abcdef\" .}}{{end}}", MissingKey::kDefault, "", "template: t:1:14: executing \"t\" at <slice \"abcdef\" .>: error calling slice: cannot index slice/array with type interface {}"},
    {"{{$n := 1}}{{slice .l $n}} {{$m := .i}}{{slice .l 0 $m}}", MissingKey::kDefault, "", "template: t:1:41: executing \"t\" at <slice .l 0 $m>: error calling slice: index out of range: 3"},
    {"{{slice .l .x}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <slice .l .x>: error calling slice: cannot index slice/array with nil"},
    {"{{slice \"abc\" .n}}", MissingKey::kZero, "", "template: t:1:2: executing \"t\" at <slice \"abc\" .n>: error calling slice: cannot index slice/array with type interface {}"},
    {"{{index \"abc\" 0 1}}", MissingKey::kDefault, "", "template: t:1:2: executing \"t\" at <index \"abc\" 0 1>: error calling index: can't index item of type uint8"},
    {"{{range $i, $e := .l}}{{slice \"abcdef\" $i}}{{slice \"xyz\" $e}}{{end}}", MissingKey::kDefault, "", "template: t:1:45: executing \"t\" at <slice \"xyz\" $e>: error calling slice: cannot index slice/array with type interface {}"},
    {"{{printf \"%T %v %d\" (index \"abc\" 0) (index \"abc\" 1) (index .s 2)}} {{eq (index \"a\" 0) 97}} {{lt (index \"a\" 0) 98}}", MissingKey::kDefault, "uint8 98 114 true true", ""},
};

class ExecTest : public ::testing::TestWithParam<testing::GoCase> {};

TEST_P(ExecTest, MatchesGo) { testing::ExpectMatchesGo(GetParam(), kData); }

INSTANTIATE_TEST_SUITE_P(Go, ExecTest, ::testing::ValuesIn(kCases));

TEST(Exec, RecursionIsBounded) {
  Template t("t");
  ASSERT_TRUE(t.Parse(R"({{define "r"}}{{template "r" .}}{{end}}{{template "r" .}})").ok());
  auto r = t.Execute(Value(1));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.status().message()).find("exceeded maximum template depth (100000)"),
            std::string::npos)
      << r.status().message();
}

TEST(Exec, FunctionErrorsAndCallContext) {
  Template t("t");
  t.Funcs({{"fail", [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
              return absl::InvalidArgumentError("boom");
            }},
           {"inc", [](CallContext& ctx, absl::Span<const Value> a) -> absl::StatusOr<Value> {
              auto s = ctx.ExecuteTemplate("sub", a[0]);
              if (!s.ok()) return s.status();
              return Value(*s);
            }},
           {"tpl", [](CallContext& ctx, absl::Span<const Value> a) -> absl::StatusOr<Value> {
              auto s = ctx.ExecuteText(a[0].as_string(), a[1]);
              if (!s.ok()) return s.status();
              return Value(*s);
            }}});
  ASSERT_TRUE(t.Parse(R"({{define "sub"}}<{{.}}>{{end}}{{inc 5}} {{tpl "{{.}}{{template \"sub\" 2}}" 7}})").ok());
  auto r = t.Execute(Value());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "<5> 7<2>");

  Template f("f");
  f.Funcs({{"fail", [](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
              return absl::InvalidArgumentError("boom");
            }}});
  ASSERT_TRUE(f.Parse("x\n  {{fail 1 .}}").ok());
  r = f.Execute(Value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "template: f:2:4: executing \"f\" at <fail 1 .>: error calling fail: boom");
}

// A function with a Go signature: as Go's evalCall, the executor checks the count first,
// then each argument right after evaluating it, so a later argument is not evaluated once
// an earlier one has the wrong type.
TEST(Exec, SignedFunctionArgumentsAreCheckedInOrder) {
  int failed = 0;
  FuncMap funcs = {
      {"f", Func(Signature{{GoType::kInt, GoType::kString}},
                 [](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
                   return Value(std::to_string(a[0].as_int()) + a[1].as_string());
                 })},
      {"g", Func(Signature{{GoType::kString, GoType::kInt}, true},
                 [](CallContext&, absl::Span<const Value> a) -> absl::StatusOr<Value> {
                   return Value(static_cast<int>(a.size()));
                 })},
      {"fail", [&failed](CallContext&, absl::Span<const Value>) -> absl::StatusOr<Value> {
         failed++;
         return absl::InvalidArgumentError("boom");
       }}};
  const Value data(Map{{"n", Value(int64_t{3})}});
  auto run = [&](std::string_view text) -> std::string {
    Template t("t");
    t.Funcs(funcs);
    if (auto st = t.Parse(text); !st.ok()) return std::string(st.message());
    auto r = t.Execute(data);
    return r.ok() ? *r : std::string(r.status().message());
  };
  EXPECT_EQ(run("{{ f .n (fail) }}"),
            "template: t:1:5: executing \"t\" at <.n>: wrong type for value; expected int; got int64");
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(run("{{ f 2.5 (fail) }}"), "template: t:1:5: executing \"t\" at <2.5>: expected integer; found 2.5");
  EXPECT_TRUE(run("{{ f 1 (fail) }}").ends_with("at <fail>: error calling fail: boom"));
  EXPECT_EQ(failed, 1);
  EXPECT_EQ(run("{{ f 1 }}"), "template: t:1:3: executing \"t\" at <f>: wrong number of args for f: want 2 got 1");
  EXPECT_EQ(run("{{ \"x\" | f 1 }}"), "1x");
  EXPECT_EQ(run("{{ g }}"), "template: t:1:3: executing \"t\" at <g>: wrong number of args for g: want at least 1 got 0");
  // A piped value standing for a fixed parameter is checked against that parameter's type.
  EXPECT_EQ(run("{{ 1 | g }}"), "template: t:1:7: executing \"t\" at <g>: wrong type for value; expected string; got int");
  EXPECT_EQ(run("{{ g \"a\" 1 2 }}"), "3");
}

TEST(Exec, UndefinedFunctionIsParseError) {
  Template t("t");
  EXPECT_EQ(t.Parse("\n{{f 1}}").message(), "template: t:2: function \"f\" not defined");
}

TEST(Exec, ExecuteTemplateAndRedefinition) {
  Template t("t");
  ASSERT_TRUE(t.Parse(R"({{define "a"}}A1{{end}})").ok());
  ASSERT_TRUE(t.Parse(R"({{define "a"}}A2{{end}})").ok());  // a later Parse redefines
  auto r = t.ExecuteTemplate("a", Value());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "A2");
  r = t.ExecuteTemplate("zz", Value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "template: no template \"zz\" associated with template \"t\"");
}

}  // namespace
}  // namespace templating
