// Reference renderer for the function-library tests: Go text/template + Sprig v3.2.3 +
// Helm's functions (toYaml/fromYaml/fromYamlArray via ghodss/yaml, the fork
// sigs.k8s.io/yaml was made from; toJson, fromJsonArray; toToml via BurntSushi/toml;
// include, tpl, required as Helm's engine defines them), data decoded as kubectl does.
// Build (Debian: golang-go golang-github-masterminds-sprig-dev golang-github-ghodss-yaml-dev
// golang-github-burntsushi-toml-dev):
//   GO111MODULE=off GOPATH=/usr/share/gocode:$HOME/go go build -o helmref .
// Usage:
//   helmref TEMPLATE_TEXT [DATA.json] [missingkey]   one template; output on stdout, error on stderr
//   helmref -batch DATA.json < CASES.jsonl           one {"t": TEXT, "mk": MODE} per line in,
//                                                    one {"out"|"out_b64"|"err"|"err_b64": ...} per line out
//   helmref -names                                   the functions it defines beyond Go's builtins
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/Masterminds/sprig"
	"github.com/ghodss/yaml"
)

func conv(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		for k, e := range x {
			x[k] = conv(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = conv(e)
		}
	}
	return v
}

func loadData(path string) interface{} {
	var data interface{}
	if path == "" {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&data); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	return conv(data)
}

// Helm's engine: include counts nested names (recursionMaxNums = 1000).
func includeFun(t *template.Template, includedNames map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if v, ok := includedNames[name]; ok {
			if v > 1000 {
				return "", fmt.Errorf("rendering template has a nested reference name: %s: %w", name, errors.New("unable to execute template"))
			}
			includedNames[name]++
		} else {
			includedNames[name] = 1
		}
		err := t.ExecuteTemplate(&buf, name, data)
		includedNames[name]--
		return buf.String(), err
	}
}

// Helm's tpl, keeping the running template's missingkey option (Helm forces zero or error)
// and its "<no value>" output (Helm's render strips it afterwards): podinit has no such pass.
func tplFun(parent *template.Template, includedNames map[string]int) func(string, interface{}) (string, error) {
	return func(tpl string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Funcs(template.FuncMap{
			"include": includeFun(t, includedNames),
			"tpl":     tplFun(t, includedNames),
		})
		t, err = t.New(parent.Name()).Parse(tpl)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", tpl, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", tpl, err)
		}
		return buf.String(), nil
	}
}

func funcMap(t *template.Template) template.FuncMap {
	fm := sprig.TxtFuncMap()
	// Helm's funcMap (pkg/engine/funcs.go).
	fm["toToml"] = func(v interface{}) string {
		b := bytes.NewBuffer(nil)
		e := toml.NewEncoder(b)
		if err := e.Encode(v); err != nil {
			return err.Error()
		}
		return b.String()
	}
	fm["toYaml"] = func(v interface{}) string {
		b, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(b), "\n")
	}
	fm["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	fm["fromYamlArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := yaml.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	fm["toJson"] = func(v interface{}) string {
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
	fm["fromJsonArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	fm["required"] = func(warn string, val interface{}) (interface{}, error) {
		if val == nil {
			return val, errors.New(warn)
		} else if _, ok := val.(string); ok {
			if val == "" {
				return val, errors.New(warn)
			}
		}
		return val, nil
	}
	// Sprig's keys is in Go's random map order; podinit sorts (a config file must not change
	// from one run to the next), so the reference sorts too.
	fm["keys"] = func(dicts ...map[string]interface{}) []string {
		k := []string{}
		for _, d := range dicts {
			for key := range d {
				k = append(k, key)
			}
		}
		sort.Strings(k)
		return k
	}
	// values too (Sprig: map order), sorted by key as podinit gives them.
	fm["values"] = func(dict map[string]interface{}) []interface{} {
		ks := make([]string, 0, len(dict))
		for k := range dict {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		vs := []interface{}{}
		for _, k := range ks {
			vs = append(vs, dict[k])
		}
		return vs
	}
	names := map[string]int{}
	fm["include"] = includeFun(t, names)
	fm["tpl"] = tplFun(t, names)
	// kubectl's; not compared here (the engine tests compare them against kubectl itself).
	fm["exists"] = func(item interface{}, indices ...interface{}) bool { return false }
	fm["base64decode"] = func(v string) (string, error) { return "", nil }
	return fm
}

func render(text string, data interface{}, mk string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("PANIC: %v", r)
		}
	}()
	t := template.New("t")
	t.Funcs(funcMap(t))
	if mk != "" {
		t.Option("missingkey=" + mk)
	}
	if _, err := t.Parse(text); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

type batchCase struct {
	T  string `json:"t"`
	MK string `json:"mk"`
}

func field(res map[string]string, name, s string) {
	if utf8.ValidString(s) {
		res[name] = s
	} else {
		res[name+"_b64"] = base64.StdEncoding.EncodeToString([]byte(s))
	}
}

func batch(dataPath string) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var c batchCase
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, "bad case line:", err)
			os.Exit(2)
		}
		res := map[string]string{}
		// Fresh data for each case: Sprig's set, unset and merge change maps in place.
		o, err := render(c.T, loadData(dataPath), c.MK)
		if err != nil {
			field(res, "err", err.Error())
		} else {
			field(res, "out", o)
		}
		b, _ := json.Marshal(res)
		out.Write(b)
		out.WriteByte('\n')
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-names" {
		var names []string
		for n := range funcMap(template.New("t")) {
			if n != "exists" && n != "base64decode" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		fmt.Println(strings.Join(names, "\n"))
		return
	}
	if len(os.Args) > 2 && os.Args[1] == "-batch" {
		batch(os.Args[2])
		return
	}
	dataPath, mk := "", ""
	if len(os.Args) > 2 {
		dataPath = os.Args[2]
	}
	if len(os.Args) > 3 {
		mk = os.Args[3]
	}
	out, err := render(os.Args[1], loadData(dataPath), mk)
	if err != nil {
		fmt.Fprint(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(out)
}
