#!/usr/bin/env python3
"""Writes tests/templating/sprig/AREA_test.cc: each case's expected output (or error) is what
the Go reference (goref/helmref: text/template + Sprig + Helm's functions) printed for it.
Run from the repository root after building goref/helmref (see goref/main.go)."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.environ.get("HELMREF", os.path.join(HERE, "helmref"))
DATA = os.path.join(HERE, "funcs_data.json")

AREAS = {
    "strings": [
        '{{ quote .name .n .nul .f .list .m.c }}', '{{ quote .missing }}', r'{{ quote "a\"b\\c\n\t" }}',
        r'{{ quote "é\u00ad\x01\x7f" }}', r'{{ quote "nb\u00a0sp\u2028\u3000 ✓😀" }}', '{{ squote .name .n .nul .f .list }}', '{{ squote }}',
        # Unprintable by Go's tables (unassigned, format, tag characters): escaped by %q.
        r'{{ quote "\u0378\u0600\U000e0001\ufeff\U0001fac0\u08c7" }}', r'{{ squote "\u0378\x01" }}',
        r'{{ indent 4 "a\nb\n" }}', '{{ nindent 2 "x" }}', '{{ indent 0 "q" }}', 
        '{{ indent 2 .n }}', '{{ indent 2 }}',
        '{{ .multi | nindent 4 }}',
        r'{{ trim "  \t a b \n" }}', '{{ trimPrefix "web-" .name }}', '{{ trimSuffix "-3" .name }}',
        '{{ trimPrefix "x" .name }}', '{{ .name | trimSuffix "-3" | upper }}',
        '{{ trunc 3 "abcdef" }}', '{{ trunc -3 "abcdef" }}', '{{ trunc 10 "abc" }}', '{{ trunc -10 "abc" }}',
        '{{ trunc 0 "abc" }}', '{{ trunc -3 "abc" }}', '{{ trunc 63 .text }}',
        '{{ upper "hello wörld ß" }}', '{{ lower "HELLO WÖRLD" }}', '{{ title "hello world-foo_bar baz.qux 9am" }}',
        '{{ upper "ǆ ꭰ ɐ ᏸ ꞵ ǉ" }}', '{{ lower "Ǆ Ᏸ Ɐ Ꞵ Ǉ ẞ" }}', '{{ title "ǆa ǉb ßc ɐd" }}',
        r'{{ title "a\u0378b a·b a\u3000b" }}', r'{{ trim "\u0085 a \u00a0\u3000" }}',
        '{{ replace "-" "_" "a-b-c" }}', '{{ replace "" "." "abc" }}', '{{ contains "ell" "hello" }}',
        '{{ hasPrefix "he" "hello" }}', '{{ hasSuffix "lo" "hello" }}', '{{ hasSuffix "x" "hello" }}',
        '{{ split "," "a,b,,c" }}', '{{ $p := split "," "a,b" }}{{ $p._1 }}', '{{ splitList "," "a,b,,c" }}',
        '{{ splitList "" "abc" }}', '{{ splitList "," "" }}', '{{ len (splitList "," "") }}',
        '{{ join "," .list }}', '{{ join "-" .nums }}', '{{ join "," "abc" }}', '{{ join "," .nul }}',
        '{{ join "," (list 1 2.5 true) }}', '{{ join .n .list }}',
        '{{ toString 3 }}', '{{ toString .f }}', '{{ toString .list }}', '{{ toString .m }}',
        '{{ toString .nul }}', '{{ toString true }}', '{{ toString .missing }}',
    ],
    "collections": [
        '{{ list 1 "a" .nul .missing }}', '{{ list }}', '{{ dict "a" 1 "b" }}', '{{ dict 1 2 .nul 3 }}',
        '{{ dict }}', '{{ (dict "k" .name).k }}', '{{ get .m "a" }}', '{{ get .m "zz" }}', '{{ get .m.c.d "a" }}',
        '{{ hasKey .m "a" }}', '{{ hasKey .m "zz" }}', '{{ hasKey .list "a" }}',
        '{{ keys .m }}', '{{ keys .m .labels }}', '{{ keys .emap }}', '{{ keys }}', '{{ keys .name }}',
        '{{ dig "c" "d" "x" .m }}', '{{ dig "zz" "def" .m }}', '{{ dig "a" "def" .m }}', '{{ dig "a" "b" "def" .m }}',
        '{{ dig "a" .m }}', '{{ dig "a" "b" .list }}', '{{ dig 1 "b" .m }}',
        '{{ first .list }}', '{{ last .list }}', '{{ first .empty }}', '{{ last .nums }}', '{{ first .name }}',
        '{{ first .m }}', '{{ first .nul }}', '{{ last .n }}', '{{ first (list .nul) }}',
        '{{ until 5 }}', '{{ until -3 }}', '{{ until 0 }}', '{{ untilStep 0 10 3 }}', '{{ untilStep 10 0 -4 }}',
        '{{ untilStep 0 10 -1 }}', '{{ range until 3 }}[{{ . }}]{{ end }}', 
        '{{ seq 5 }}', '{{ seq -2 }}', '{{ seq 2 5 }}', '{{ seq 5 2 }}', '{{ seq 0 2 10 }}', '{{ seq 10 -3 0 }}',
        '{{ seq 1 2 0 }}', '{{ seq }}', '{{ seq 1 1 }}', '{{ seq 1 2 3 4 }}',
    ],
    "math": [
        '{{ add 1 2 3 }}', '{{ add .n .f .s }}', '{{ add }}', '{{ sub 10 .n }}', '{{ mul 2 3 4 }}', '{{ div 7 2 }}',
        '{{ div -7 2 }}', '{{ mod -7 3 }}', '{{ max 1 5 3 }}', '{{ min 4 .neg }}', '{{ add .sf .hex "abc" .t .nul 2.9 }}',
        '{{ div 1 0 }}', '{{ mod 1 .z }}', '{{ sub 1 }}', '{{ mul }}', '{{ max }}', '{{ add 1 .missing }}',
        '{{ add "1_000" "0b101" "0o17" "017" "1e3" "-5" " 7" }}',
        '{{ int "12" }}', '{{ int "0x10" }}', '{{ int 3.9 }}', '{{ int -3.9 }}', '{{ int64 .big }}', '{{ int64 "9223372036854775807" }}',
        '{{ int64 "9223372036854775808" }}', '{{ float64 "1.5" }}', '{{ float64 .n }}', '{{ float64 "x" }}',
        '{{ float64 "1e400" }}', '{{ float64 "0x1p-2" }}', '{{ float64 "inf" }}', '{{ float64 "1_0.5" }}',
        '{{ atoi "42" }}', '{{ atoi "4x" }}', '{{ atoi "-0012" }}', '{{ atoi "+7" }}', '{{ atoi "99999999999999999999" }}',
        '{{ atoi .n }}', '{{ printf "%T %T %T %T" (add 1 1) (int "1") (int64 1) (float64 1) }}', '{{ eq (add 1 1) 2 }}', '{{ if gt (len .list) 3 }}big{{ end }}',
    ],
    "encoding": [
        '{{ toJson .m }}', '{{ toJson .text }}', '{{ toJson .list }}', '{{ toJson .nul }}', '{{ toJson .missing }}',
        '{{ toJson .f }}', '{{ toJson .big }}', '{{ toJson (float64 "1e21") }}', '{{ toJson (float64 "0.0000001") }}',
        '{{ toJson (float64 "123456789.125") }}', '{{ toJson (float64 "-0.000001") }}', '{{ toJson (float64 "1e20") }}',
        '{{ toJson (float64 "NaN") }}', r'{{ toJson "\u2028 \x00 \x1f é" }}', '{{ toJson (dict "b" 1 "a" (list)) }}',
        # Go 1.19's encoding/json; Go 1.22 and later write \b and \f for the first two.
        r'{{ toJson "a\bb\fc<&>\xff\u2029" }}',
        '{{ toPrettyJson .m }}', '{{ toPrettyJson .empty }}', '{{ toPrettyJson (dict "a" (list) "b" (dict)) }}',
        '{{ toPrettyJson "x" }}', '{{ toPrettyJson .labels }}',
        r'{{ fromJson "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":1.5}" }}', r'{{ (fromJson "{\"a\":1}").a }}',
        '{{ fromJson "[1]" }}', '{{ fromJson "null" }}', '{{ fromJson "3" }}', r'{{ fromJson "\"s\"" }}',
        '{{ fromJson "true" }}', r'{{ printf "%T" (fromJson "{\"a\":1}").a }}', r'{{ toJson (fromJson "{\"a\":12345678}") }}',
        '{{ b64enc "hello world" }}', '{{ b64enc "" }}', '{{ b64enc "ab" }}', '{{ b64enc "a" }}',
        '{{ b64dec "aGVsbG8gd29ybGQ=" }}', '{{ b64dec "aGVsbG8" }}', '{{ b64dec "a$b" }}', r'{{ b64dec "YWI=\nYQ==" }}',
        '{{ b64dec "YQ=x" }}', r'{{ b64dec "YW\r\nJj" }}', '{{ b64dec "YQ==YQ==" }}', '{{ b64dec "=" }}', '{{ b64dec "YQ=" }}',
        '{{ b64dec "" }}', '{{ b64dec "YWJj====" }}', '{{ .name | b64enc | b64dec }}',
        '{{ sha256sum "" }}', '{{ sha256sum "hello" }}', '{{ sha256sum .text }}',
        '{{ toYaml .m }}', '{{ toYaml .labels }}', '{{ toYaml .list }}',
        r'''{{ toYaml (dict "s" .multi "t" "a\nb" "u" " lead" "v" "trail " "w" "" "x" "true" "y" "1.5" "z" "yes" "q" "- x" "r" "a: b" "o" "#c" "p" "a #b" "k" "2001-12-14" "j" "1:20" "i" "0x1F" "h" "null" "g" "~" "ff" "\ttab" "ee" "it's" "dd" "*x") }}''',
        '{{ toYaml (dict "n" 1 "f" 1.5 "g" (float64 "3.0") "h" (float64 "1e21") "i" (float64 "1234567.5") "j" (float64 "0.00001") "k" (float64 "1e20") "l" .big "m" true "o" .nul "p" (list) "q" (dict)) }}',
        '{{ toYaml (list (list 1 2) (dict "a" 1 "b" (list 3 (dict "c" 4))) (list)) }}',
        '{{ toYaml "plain" }}', '{{ toYaml "" }}', '{{ toYaml 3 }}', '{{ toYaml .nul }}', r'{{ toYaml "a\nb" }}',
        '{{ toYaml (list) }}', '{{ toYaml .missing }}',
        '{{ toYaml (dict "long" "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam") }}',
        '{{ toYaml (list "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore: et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco") }}',
        '{{ toYaml (dict "k" "true Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco" ) }}',
        '{{ toYaml (dict "a10" 1 "a2" 2 "a1" 3 "B" 4 "b" 5 "_x" 6 "1" 7 "10" 8 "9" 9 "a01" 10 "a001" 11 "Ä" 12 "" 13 "x.y" 14 "x-y" 15 "x_y" 16 "X" 17) }}',
        r'{{ toYaml (dict "k" "x\n  indented\n" "l" "\nleading" "m" "trail\n\n" "n" "sp \nx" "o" "a\n b" "p" "\n") }}',
        r'''{{ toYaml (dict "q" "say \"hi\"" "r" "back\\slash" "s" "emoji 😀" "t" "tab\there" "u" "[x]" "v" "{y}" "w" "@at" "x" "a,b" "y" "50%" "z" "-" "zz" "-x" "zy" "? x" "zx" ":x" "zw" "x:" "zv" "---" "zu" "a b  c" "zt" "ü" "zs" "!x" "zr" "|" "zq" ">" "zp" "%x" "zo" "`x" "zn" "&a" "zm" "x # y" "zl" "x#y") }}''',
        r'''{{ toYaml (dict "a" "1e3" "b" "+1" "c" "-1.5" "d" ".5" "e" "1_000" "f" "0o17" "g" "0b11" "h" "12:30:45" "i" "2001-12-14t21:59:43.10-05:00" "j" "2001-12-14 21:59:43.10" "k" ".inf" "l" ".NaN" "m" "On" "n" "Off" "o" "y" "p" "N" "q" "<<" "r" "1.2.3" "s" "0x" "t" "+" "u" "." "v" "1e" "w" "2001-13-01" "x" "-0b11" "y" "9223372036854775808" "z" "99999999999999999999") }}''',
        r'{{ toYaml (dict "multi\nkey" 1 "k" (dict "nested\nkey" (list "a\nb"))) }}',
        '{{ toYaml (dict "a" (dict "b" (dict "c" (list (list (dict "d" (list)))))))}}',
        '{{ .m | toYaml | nindent 2 }}',
        '{{ toJson (list (float64 "86193947063682620") (float64 "15356779111577068000") (float64 "1e20")) }}',
        '{{ toYaml (list (float64 "86193947063682620") (float64 "5820110874261792000")) }}',
        '{{ toYaml (dict "😀" 1 "a" 2 "✓" 3 "é" 4 "_" 5 "日本" 6 "Ω" 7) }}',
        r'{{ toYaml (list "ok" "del\x7f") }}|{{ toYaml "c1\u0085nel" }}|{{ toYaml "c1\u0080" }}',
        '{{ toYaml (dict "k" (b64dec "/w==") (b64dec "gA==") 2) }}', '{{ toYaml (list (b64dec "4oKs/w==") (b64dec "7aCA")) }}',
        '{{ toJson (list (b64dec "4oKs/w==") (b64dec "7aCA")) }}',
    ],
    "regex": [
        '{{ regexMatch "^web-[0-9]+$" .name }}', '{{ regexMatch "(?i)^WEB" .name }}', '{{ regexMatch "[" "x" }}',
        '{{ regexMatch "\\\\d+" "a1" }}', '{{ regexMatch "^$" "" }}', '{{ regexMatch "a.c" "a\\nc" }}',
        '{{ regexReplaceAll "([a-z]+)-([0-9]+)" .name "${2}_$1" }}', '{{ regexReplaceAll "a*" "baaac" "X" }}',
        '{{ regexReplaceAll "(?P<first>\\\\w+) (?P<last>\\\\w+)" "John Smith" "$last, $first" }}',
        '{{ regexReplaceAll "x" "axbxc" "$$" }}', '{{ regexReplaceAll "b" "abc" "$1x" }}', '{{ regexReplaceAll "" "abc" "-" }}',
        '{{ regexReplaceAll "(a)|b" "ab" "[$1]" }}', '{{ regexReplaceAll "\\\\." "a.b.c" "\\\\" }}',
        r'{{ regexReplaceAll "^" "a\nb" ">" }}', r'{{ regexReplaceAll "(?m)^" "a\nb" ">" }}',
        r'{{ regexReplaceAll "." "a\nb" "x" }}', r'{{ regexReplaceAll "(?s)." "a\nb" "x" }}',
        '{{ regexReplaceAll "(" "x" "y" }}', '{{ regexReplaceAll "a" "banana" "${" }}', '{{ regexReplaceAll "a" "banana" "$" }}',
        '{{ regexReplaceAll "(a)(n)" "banana" "${2}${1}${3}" }}', '{{ regexReplaceAll "[^a-z0-9-]" "My_App.v2" "-" | lower }}',
        '{{ regexReplaceAll "\\\\b" "hi there" "|" }}', '{{ regexReplaceAll "x*" "abc" "-" }}',
        '{{ regexReplaceAll "[[:digit:]]+" "a12b3" "#" }}', '{{ regexReplaceAll "\\\\Aa" "aa" "b" }}',
        '{{ regexReplaceAll "a\\\\z" "aa" "b" }}', '{{ regexReplaceAll "\\\\Qa.b\\\\E" "a.b axb" "X" }}',
        '{{ regexReplaceAll "(a)\\\\1" "aa" "x" }}', '{{ regexReplaceAll "[]a]" "a]b" "x" }}',
        '{{ regexReplaceAll "(?:ab)+" "ababc" "<$0>" }}',
        '{{ regexReplaceAll "." "héllo ✓😀" "[$0]" }}', r'{{ regexReplaceAll "(?s)." "é\nx" "<$0>" }}',
        '{{ regexReplaceAll "h.l" "hél hal" "X" }}', '{{ regexReplaceAll ".*" "日本" "($0)" }}',
        # Long inputs: std::regex recursed once per character and overflowed the stack.
        '{{ regexMatch "^(a|b)*$" (replace "0" "ab" (printf "%050000d" 0)) }}',
        '{{ regexMatch "^.*$" (printf "%0100000d" 0) }}', '{{ regexMatch "^[^x]*$" (printf "%0100000d" 0) }}',
        '{{ len (regexReplaceAll "(a|b)*" (replace "0" "ab" (printf "%050000d" 0)) "x") }}',
        '{{ len (regexReplaceAll "." (printf "%0100000d" 0) "xy") }}',
        '{{ len (regexReplaceAll "b" (replace "0" "ab" (printf "%050000d" 0)) "") }}',
        # What RE2 rejects, and Boost would accept with a meaning of its own.
        '{{ regexReplaceAll "a**" "a" "x" }}', '{{ regexReplaceAll "a*+" "aaa" "x" }}', '{{ regexReplaceAll "a+?*" "a" "x" }}',
        '{{ regexReplaceAll "*a" "a" "x" }}', '{{ regexReplaceAll "(*ACCEPT)a" "a" "x" }}', '{{ regexReplaceAll "a|?" "a" "x" }}',
        '{{ regexReplaceAll "a{2}{3}" "a" "x" }}', '{{ regexReplaceAll "a{1001}" "a" "x" }}', '{{ regexReplaceAll "a{2,1}" "a" "x" }}',
        '{{ regexReplaceAll "a{,2}" "a{,2}" "x" }}', '{{ regexReplaceAll "a{" "a{" "x" }}', '{{ regexReplaceAll "x{2}" "xxx" "y" }}',
        '{{ regexReplaceAll "a{01}" "a{01}" "x" }}', '{{ regexReplaceAll "a{1,}?" "aaa" "x" }}', '{{ regexReplaceAll "}" "a}" "x" }}',
        '{{ regexReplaceAll "\\\\<a" "<a a" "x" }}', '{{ regexReplaceAll "\\\\K" "a" "x" }}', '{{ regexReplaceAll "\\\\e" "a" "x" }}',
        '{{ regexReplaceAll "\\\\G" "a" "x" }}', '{{ regexReplaceAll "a\\\\Z" "a" "x" }}', '{{ regexReplaceAll "\\\\8" "8" "x" }}',
        '{{ regexReplaceAll "(?>a)" "a" "x" }}', '{{ regexReplaceAll "(?=a)" "a" "x" }}', '{{ regexReplaceAll "(?#c)a" "a" "x" }}',
        '{{ regexReplaceAll "(?P<n-1>a)" "a" "x" }}', '{{ regexReplaceAll "(?P<n" "a" "x" }}', '{{ regexReplaceAll "a)" "a" "x" }}',
        '{{ regexReplaceAll "a\\\\" "a" "x" }}', '{{ regexReplaceAll "[a" "a" "x" }}', '{{ regexReplaceAll "[z-a]" "a" "x" }}',
        '{{ regexReplaceAll "[[:foo:]]" "a" "x" }}', '{{ regexReplaceAll "[\\\\b]" "a" "x" }}', '{{ regexReplaceAll "[a-\\\\d]" "a" "x" }}',
        '{{ regexReplaceAll "\\\\x{110000}" "a" "x" }}', '{{ regexReplaceAll "\\\\xZ" "a" "x" }}',
        # Classes, escapes and anchors as RE2 has them: runes, ASCII \s, no Perl line ends.
        '{{ regexReplaceAll "[[:^digit:]]+" "a12b" "#" }}', r'{{ regexReplaceAll "[^a]" "aéb\n" "<$0>" }}',
        '{{ regexReplaceAll "[é-ü]" "aéöüÿ" "x" }}', '{{ regexReplaceAll "é+" "éééa" "x" }}', '{{ regexReplaceAll "[^é]+" "aébcé" "x" }}',
        '{{ regexReplaceAll "\\\\x{e9}|\\\\xe8" "éè" "x" }}', '{{ regexReplaceAll "\\\\101\\\\0\\\\1234" "A\\x00S4" "x" }}',
        r'{{ regexReplaceAll "\\s+" "a\v\tb" "_" }}', '{{ regexReplaceAll "\\\\S" "é " "<$0>" }}', '{{ regexReplaceAll "\\\\W" "é-" "<$0>" }}',
        '{{ regexReplaceAll "[\\\\d-]+" "1-2a" "#" }}', '{{ regexReplaceAll "[\\\\W\\\\d]" "a1-é" "#" }}',
        '{{ regexReplaceAll "\\\\Qa*\\\\E+" "a*a**" "x" }}', '{{ regexReplaceAll "\\\\C" "é" "." }}',
        r'{{ regexReplaceAll "$" "a\n" "X" }}', r'{{ regexReplaceAll "(?m)$" "a\r\nb" "X" }}', r'{{ regexReplaceAll "(?m)^" "a\rb" ">" }}',
        '{{ regexReplaceAll "(?i)[a-c]+" "xABCx" "-" }}', '{{ regexReplaceAll "(?i)[^a]" "aAb" "-" }}', '{{ regexReplaceAll "^*a" "a" "x" }}',
        '{{ regexReplaceAll "a\\\\b" "a ab" "x" }}', '{{ regexReplaceAll "(?s)a.b" "a\nb" "x" }}', '{{ regexReplaceAll "(a)|(b)" "ab" "[$1|$2]" }}',
    ],
    "flow": [
        '{{ default "x" .e }}', '{{ default "x" .missing }}', '{{ default "x" .z }}', '{{ default "x" .n }}',
        '{{ default "x" .t }}', '{{ default "x" .empty }}', '{{ default "x" .nul }}', '{{ default "x" }}',
        '{{ default .nul .e }}', '{{ .e | default "fallback" }}', '{{ .name | default "fallback" }}', '{{ default }}',
        '{{ default "x" .emap }}', '{{ default "x" .f }}', '{{ default 5 .missing | add 1 }}',
        '{{ coalesce .e .z .missing "y" }}', '{{ coalesce .e .z }}', '{{ coalesce }}', '{{ coalesce .m.zz .m.a }}',
        '{{ empty .e }}', '{{ empty .z }}', '{{ empty .n }}', '{{ empty .missing }}', '{{ empty .emap }}',
        '{{ empty .m }}', '{{ empty .f }}', '{{ empty .nul }}', '{{ empty }}', '{{ empty 1 2 }}',
        '{{ ternary "yes" "no" .t }}', '{{ ternary "yes" "no" false }}', '{{ ternary .nul 1 true }}',
        '{{ ternary 1 2 .n }}', '{{ ternary 1 2 .missing }}', '{{ .t | ternary "a" "b" }}',
        '{{ required "need it" .n }}', '{{ required "need it" .z }}', '{{ required "need it" .t }}',
        '{{ required "need it" .e }}', '{{ required "name is required" .missing }}', '{{ required "x" .nul }}',
        '{{ required "x" .emap }}', '{{ required .n .n }}',
        '{{ fail "boom" }}', '{{ fail .n }}', '{{ if false }}{{ fail "no" }}{{ end }}ok',
        '{{ env "PODINIT_TEST_ENV" }}', '{{ env "PODINIT_TEST_UNSET_ENV" }}',
        '{{ define "x" }}[{{ .name }}]{{ end }}{{ include "x" . }}', '{{ define "x" }}[{{ . }}]{{ end }}{{ include "x" 3 | upper }}',
        '{{ include "nope" . }}', '{{ define "x" }}{{ .a.b }}{{ end }}{{ include "x" .name }}',
        '{{ define "x" }}{{ fail "inner" }}{{ end }}{{ include "x" . }}',
    ],
    # Constants written into a call: Go's evalArg converts them to the parameter's type or
    # names them; values from data or pipelines get validateType's wording.
    "literal_args": [
        '{{ indent "x" "q" }}', '{{ until "3" }}', '{{ seq "a" }}',
        '{{ trunc 2.0 "abcdef" }}', '{{ trunc 2+0i "abcdef" }}', '{{ trunc 1e1 "abcdefghijkl" }}',
        "{{ trunc 'b' \"abc\" }}", '{{ trunc -1.0 "abc" }}', '{{ untilStep 0 6.0 2 }}', '{{ "x" | trunc 1.0 }}',
        '{{ trunc 1.5 "ab" | upper }}', '{{ until 2.5 }}', '{{ trunc 2i "abc" }}', '{{ upper 3 }}', '{{ upper true }}',
        '{{ contains 1 "a" }}', '{{ b64enc 3 }}', '{{ fail 3 }}', '{{ splitList 1 "a1b" }}', '{{ upper nil }}',
        '{{ trunc nil "a" }}', '{{ hasKey 3 "a" }}', '{{ hasKey nil "a" }}', '{{ hasKey "m" "a" }}',
        '{{ required "m" 0 }}', '{{ trunc .f "abcdef" }}', '{{ upper .n }}', '{{ 2.0 | until }}', '{{ 3 | upper }}',
    ],
}

# Known, deliberate or not-yet-fixed differences from Go, kept out of the tables:
KNOWN_DIFFERENCES = {
    # Lenient on purpose: a JSON number (int64) is accepted where Sprig wants an int; Go
    # fails with "wrong type for value; expected int; got int64".
    '{{ indent .n "q" }}': "int64 accepted for an int parameter",
    # JSON null into a string parameter: Go says "wrong type for value; expected string; got
    # interface {}"; the executor hands functions nil for both null and missing, so we say
    # "invalid value; expected string" (Go's text for a missing key).
    '{{ indent 2 .nul }}': "null vs missing argument wording",
    '{{ get .nul "a" }}': "null map argument: Go fails, a missing one is an empty map",
    # tmpl::Value has no typed slices: until gives []int in Go, []interface {} here.
    '{{ printf "%T %T" (until 2) (atoi "1") }}': "%T of typed slices",
}


def cxx(s):
    # A C++ string literal; raw where that is safe (a raw one would read a CR as a newline).
    if ')"' not in s and '\r' not in s:
        return 'R"(' + s + ')"'
    return json.dumps(s)


def main():
    os.environ["PODINIT_TEST_ENV"] = "from-env"
    out_dir = os.path.join(HERE, "..")
    for area, cases in AREAS.items():
        rows = []
        for text in cases:
            assert text not in KNOWN_DIFFERENCES, text
            # Bytes, decoded here: text mode would turn the "\r" of an output into "\n".
            p = subprocess.run([REF, text, DATA], capture_output=True)
            if p.returncode == 0:
                rows.append((text, p.stdout.decode(), ""))
            else:
                rows.append((text, "", p.stderr.decode().strip()))
        path = os.path.join(out_dir, "%s_test.cc" % area)
        with open(path, "w") as f:
            f.write("// Generated by goref/gen_funcs_tests.py: every expectation is what Go's text/template\n")
            f.write("// with Sprig v3.2.3 and Helm's functions (goref/main.go) printed for the same template\n")
            f.write("// over goref/funcs_data.json. Do not edit by hand; add cases there and regenerate.\n")
            f.write('#include "tests/templating/sprig/test_util.h"\n\n')
            f.write("namespace tmpl {\nnamespace {\n\n")
            f.write("const FuncCase kCases[] = {\n")
            for text, want, err in rows:
                f.write("    {%s,\n     %s,\n     %s},\n" % (cxx(text), cxx(want), cxx(err)))
            f.write("};\n\n")
            name = "".join(w.capitalize() for w in area.split("_"))
            f.write("INSTANTIATE_TEST_SUITE_P(%s, FuncsTest, ::testing::ValuesIn(kCases));\n\n" % name)
            f.write("}  // namespace\n}  // namespace tmpl\n")
        print("wrote", path, len(rows), "cases")


if __name__ == "__main__":
    sys.exit(main())
