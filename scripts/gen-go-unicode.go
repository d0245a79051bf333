// Writes gocompat/unicode_tables.cc: the Unicode tables of the Go that runs it, as compact
// range tables, for gocompat/unicode.cc to answer unicode.IsPrint, IsLetter, ToUpper,
// SimpleFold... (and strconv.IsPrint) exactly as that Go does.
//
// Usage (Debian: apt-get install golang-go):
//
//	go run scripts/gen-go-unicode.go > gocompat/unicode_tables.cc
//
// What it writes:
//   - the general category of every code point, as runs [start, next start) of one
//     category (Cn where Go's tables have none); a run may instead alternate Lu/Ll rune by
//     rune, which halves the runs of the Latin, Greek and Cyrillic extension blocks;
//   - what each category means to Go's predicates above Latin-1 (flags), and Go's own
//     answers for the 256 Latin-1 runes, where Go uses a separate properties table;
//   - unicode.CaseRanges (ToUpper/ToLower/ToTitle), with the delta triples shared;
//   - the runes whose SimpleFold is not "ToLower, else ToUpper" (Go's caseOrbit).
//
// Before writing, it checks every rune 0..MaxRune: the C++ lookup this data feeds must
// give Go's answers for every predicate and mapping, or the program fails.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"unicode"
)

// Flag bits; gocompat/unicode_tables.h names the same bits.
const (
	fPrint = 1 << iota
	fGraphic
	fSpace
	fLetter
	fDigit
	fNumber
	fPunct
	fUpper
	fLower
	fTitle
	fMark
	fSymbol
	fControl
)

// Category codes 0..29 index categoryNames; these two mark alternating runs.
const (
	altLuLl = 30 // Lu at even offsets from the run's start, Ll at odd ones
	altLlLu = 31
)

func goFlags(r rune) uint16 {
	var f uint16
	set := func(b bool, bit uint16) {
		if b {
			f |= bit
		}
	}
	set(unicode.IsPrint(r), fPrint)
	set(unicode.IsGraphic(r), fGraphic)
	set(unicode.IsSpace(r), fSpace)
	set(unicode.IsLetter(r), fLetter)
	set(unicode.IsDigit(r), fDigit)
	set(unicode.IsNumber(r), fNumber)
	set(unicode.IsPunct(r), fPunct)
	set(unicode.IsUpper(r), fUpper)
	set(unicode.IsLower(r), fLower)
	set(unicode.IsTitle(r), fTitle)
	set(unicode.IsMark(r), fMark)
	set(unicode.IsSymbol(r), fSymbol)
	set(unicode.IsControl(r), fControl)
	return f
}

// What a category means for the predicates of runes above Latin-1 (letter.go and
// graphic.go: IsLetter is L, IsPrint is L|M|N|P|S, IsSpace is White_Space = Z here...).
func categoryFlags(c string) uint16 {
	var f uint16
	switch c[0] {
	case 'L':
		f |= fLetter | fPrint | fGraphic
	case 'M':
		f |= fMark | fPrint | fGraphic
	case 'N':
		f |= fNumber | fPrint | fGraphic
	case 'P':
		f |= fPunct | fPrint | fGraphic
	case 'S':
		f |= fSymbol | fPrint | fGraphic
	case 'Z':
		f |= fSpace
	}
	switch c {
	case "Zs":
		f |= fGraphic
	case "Nd":
		f |= fDigit
	case "Lu":
		f |= fUpper
	case "Ll":
		f |= fLower
	case "Lt":
		f |= fTitle
	}
	return f
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "gen-go-unicode: "+format+"\n", a...)
	os.Exit(1)
}

func main() {
	var names []string
	for n := range unicode.Categories {
		if len(n) == 2 {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	names = append([]string{"Cn"}, names...)
	if len(names) != 30 {
		fail("%d categories; the C++ side packs 30 into 5 bits with 2 codes to spare", len(names))
	}
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
	}

	cat := make([]int, unicode.MaxRune+1)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		for i, n := range names[1:] {
			if unicode.Is(unicode.Categories[n], r) {
				cat[r] = i + 1
				break
			}
		}
	}

	// Runs, greedily: an alternating Lu/Ll stretch of 4 or more runes is one run.
	type run struct {
		start rune
		code  int
	}
	var runs []run
	lu, ll := index["Lu"], index["Ll"]
	for r := 0; r <= unicode.MaxRune; {
		a := cat[r]
		if r+1 <= unicode.MaxRune && (a == lu || a == ll) && (cat[r+1] == lu || cat[r+1] == ll) && cat[r+1] != a {
			e := r + 1
			for e+1 <= unicode.MaxRune && cat[e+1] == cat[e-1] {
				e++
			}
			if e-r+1 >= 4 {
				code := altLuLl
				if a == ll {
					code = altLlLu
				}
				runs = append(runs, run{rune(r), code})
				r = e + 1
				continue
			}
		}
		e := r
		for e+1 <= unicode.MaxRune && cat[e+1] == a {
			e++
		}
		if n := len(runs); n > 0 && runs[n-1].code == a {
			fail("two runs of %s meet at %U", names[a], r)
		}
		runs = append(runs, run{rune(r), a})
		r = e + 1
	}

	// Case ranges: lo and length packed in 32 bits, the delta triple by index.
	type triple [3]int32
	var triples []triple
	tripleIndex := map[triple]int{}
	var caseLoLen []uint32
	var caseDelta []int
	for _, cr := range unicode.CaseRanges {
		if cr.Hi-cr.Lo >= 1<<11 || cr.Lo > unicode.MaxRune {
			fail("case range %U..%U does not fit 21+11 bits", cr.Lo, cr.Hi)
		}
		t := triple{int32(cr.Delta[0]), int32(cr.Delta[1]), int32(cr.Delta[2])}
		i, ok := tripleIndex[t]
		if !ok {
			i = len(triples)
			tripleIndex[t] = i
			triples = append(triples, t)
		}
		caseLoLen = append(caseLoLen, cr.Lo<<11|(cr.Hi-cr.Lo))
		caseDelta = append(caseDelta, i)
	}
	if len(triples) > 256 {
		fail("%d delta triples do not fit a byte index", len(triples))
	}

	// SimpleFold where it is not the two-element orbit {r, ToLower(r) or ToUpper(r)}.
	var orbit [][2]rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if f := unicode.SimpleFold(r); f != twoElementFold(r) {
			orbit = append(orbit, [2]rune{r, f})
		}
	}

	var latin1 [256]uint16
	for r := 0; r < 256; r++ {
		latin1[r] = goFlags(rune(r))
	}
	var catFlags [30]uint16
	for i, n := range names {
		catFlags[i] = categoryFlags(n)
	}

	// The check: what unicode.cc computes from these tables, against Go, for every rune.
	lookup := func(r rune) int {
		i := sort.Search(len(runs), func(i int) bool { return runs[i].start > r }) - 1
		switch runs[i].code {
		case altLuLl:
			if (r-runs[i].start)&1 == 0 {
				return lu
			}
			return ll
		case altLlLu:
			if (r-runs[i].start)&1 == 0 {
				return ll
			}
			return lu
		}
		return runs[i].code
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if lookup(r) != cat[r] {
			fail("category of %U: runs say %s, Go %s", r, names[lookup(r)], names[cat[r]])
		}
		want := goFlags(r)
		got := catFlags[cat[r]]
		if r < 256 {
			got = latin1[r]
		}
		if got != want {
			fail("flags of %U (%s): derived %#x, Go %#x", r, names[cat[r]], got, want)
		}
		if strconv.IsPrint(r) != unicode.IsPrint(r) {
			fail("strconv.IsPrint and unicode.IsPrint differ at %U", r)
		}
	}

	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	p := func(format string, a ...interface{}) { fmt.Fprintf(w, format, a...) }
	// n items, perLine to a line, each followed by a comma.
	list := func(perLine, n int, item func(i int) string) {
		for i := 0; i < n; i++ {
			if i%perLine == 0 {
				p("\n   ")
			}
			p(" %s,", item(i))
		}
		p("\n")
	}
	p("// Generated by scripts/gen-go-unicode.go from %s (Unicode %s). Do not edit.\n",
		runtime.Version(), unicode.Version)
	p("// Regenerate: go run scripts/gen-go-unicode.go > gocompat/unicode_tables.cc\n")
	p("// (the program checks every code point against Go's unicode package before writing).\n")
	p("#include \"gocompat/unicode_tables.h\"\n\nnamespace gocompat::tables {\n\n")
	p("const char kGoVersion[] = %q;\nconst char kUnicodeVersion[] = %q;\n\n", runtime.Version(), unicode.Version)
	p("const char kCategoryNames[30][3] = {")
	for i, n := range names {
		if i > 0 {
			p(", ")
		}
		p("%q", n)
	}
	p("};\n\n// Indexed by category code.\nconst uint16_t kCategoryFlags[30] = {")
	for i, f := range catFlags {
		if i > 0 {
			p(", ")
		}
		p("0x%03x", f)
	}
	p("};\n\n// Go's answers for U+0000..U+00FF.\nconst uint16_t kLatin1Flags[256] = {")
	list(12, len(latin1), func(i int) string { return fmt.Sprintf("0x%04x", latin1[i]) })
	p("};\n\n// start << 5 | code, by start.\nconst uint32_t kCategoryRuns[] = {")
	list(8, len(runs), func(i int) string { return fmt.Sprintf("0x%08x", uint32(runs[i].start)<<5|uint32(runs[i].code)) })
	p("};\nconst size_t kCategoryRunCount = %d;\n\n", len(runs))
	p("// unicode.CaseRanges: lo << 11 | (hi - lo), by lo; the deltas are kCaseDeltas[kCaseDeltaIndex[i]].\n")
	p("const uint32_t kCaseLoLen[] = {")
	list(8, len(caseLoLen), func(i int) string { return fmt.Sprintf("0x%08x", caseLoLen[i]) })
	p("};\nconst uint8_t kCaseDeltaIndex[] = {")
	list(16, len(caseDelta), func(i int) string { return fmt.Sprint(caseDelta[i]) })
	p("};\nconst size_t kCaseRangeCount = %d;\n", len(caseLoLen))
	p("const int32_t kCaseDeltas[][3] = {")
	list(4, len(triples), func(i int) string { t := triples[i]; return fmt.Sprintf("{%d, %d, %d}", t[0], t[1], t[2]) })
	p("};\n\n// SimpleFold(from) = to where that is not ToLower(from), else ToUpper(from); by from.\n")
	p("const char32_t kFoldOrbit[][2] = {")
	list(4, len(orbit), func(i int) string { return fmt.Sprintf("{0x%04X, 0x%04X}", orbit[i][0], orbit[i][1]) })
	p("};\nconst size_t kFoldOrbitCount = %d;\n\n}  // namespace gocompat::tables\n", len(orbit))
}

func twoElementFold(r rune) rune {
	if l := unicode.ToLower(r); l != r {
		return l
	}
	return unicode.ToUpper(r)
}
