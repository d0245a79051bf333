// Reference renderer for the function-library tests: Go text/template + Sprig v3.2.3 +
// Helm's overrides (toYaml via ghodss/yaml, toJson, fromJson, required, include), data
// decoded as kubectl does. Build (Debian: golang-go golang-github-masterminds-sprig-dev
// golang-github-ghodss-yaml-dev):
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o helmref .
// Usage: helmref TEMPLATE_TEXT [DATA.json] [missingkey]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"

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

func main() {
	// args: template-text [json-file] [missingkey]
	var data interface{}
	if len(os.Args) > 2 && os.Args[2] != "" {
		b, _ := os.ReadFile(os.Args[2])
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if err := d.Decode(&data); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		data = conv(data)
	}
	t := template.New("t")
	fm := sprig.TxtFuncMap()
	fm["toYaml"] = func(v interface{}) string {
		b, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(b), "\n")
	}
	fm["toJson"] = func(v interface{}) string {
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
	fm["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
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
	fm["include"] = func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	fm["tpl"] = func(s string, vals interface{}) (string, error) { return "", nil }
	fm["exists"] = func(item interface{}, indices ...interface{}) bool { return false }
	fm["base64decode"] = func(v string) (string, error) { return "", nil }
	t.Funcs(fm)
	if len(os.Args) > 3 {
		t.Option("missingkey=" + os.Args[3])
	}
	if _, err := t.Parse(os.Args[1]); err != nil {
		fmt.Fprint(os.Stderr, err)
		os.Exit(1)
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		fmt.Fprint(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(out.String())
}
