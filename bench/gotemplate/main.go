// gotemplate renders a Go text/template against a JSON document the way kubectl's
// go-template printer sees it, for comparing podinit's renderer with Go's own.
//
//	gotemplate -data FILE.json -template FILE.tmpl [-n N] [-quiet]
//
// The JSON is decoded as apimachinery decodes Unstructured objects (numbers via
// json.Number, then int64 when integral, else float64), so {{.spec.replicas}} prints 3
// and not 3e+00. The template gets kubectl's extra functions, exists and base64decode.
// The document and template are read and parsed once; the template is then executed N
// times into a reused buffer, and the mean time per execution is printed on stderr as
// "per_render_ns=…". The last rendering goes to stdout unless -quiet.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
	"time"
)

// convert mirrors k8s.io/apimachinery/pkg/util/json: integral numbers become int64.
func convert(v interface{}) (interface{}, error) {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, e := range t {
			c, err := convert(e)
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
	case []interface{}:
		for i, e := range t {
			c, err := convert(e)
			if err != nil {
				return nil, err
			}
			t[i] = c
		}
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i, nil
		}
		return t.Float64()
	}
	return v, nil
}

// exists and base64decode as in k8s.io/cli-runtime/pkg/printers (template.go).
func exists(item interface{}, indices ...interface{}) bool {
	v := item
	for _, i := range indices {
		m, ok := v.(map[string]interface{})
		if !ok {
			return false
		}
		k, ok := i.(string)
		if !ok {
			return false
		}
		if v, ok = m[k]; !ok {
			return false
		}
	}
	return true
}

func base64decode(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("base64 decode failed: %v", err)
	}
	return string(b), nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gotemplate:", err)
	os.Exit(1)
}

func main() {
	dataPath := flag.String("data", "", "JSON document (the template's root)")
	tmplPath := flag.String("template", "", "template file")
	n := flag.Int("n", 1, "number of executions to time")
	quiet := flag.Bool("quiet", false, "do not print the rendering")
	flag.Parse()
	if *dataPath == "" || *tmplPath == "" || *n < 1 {
		flag.Usage()
		os.Exit(1)
	}

	f, err := os.Open(*dataPath)
	if err != nil {
		fail(err)
	}
	dec := json.NewDecoder(bufio.NewReader(f))
	dec.UseNumber()
	var raw map[string]interface{}
	if err := dec.Decode(&raw); err != nil {
		fail(err)
	}
	f.Close()
	data, err := convert(raw)
	if err != nil {
		fail(err)
	}

	text, err := os.ReadFile(*tmplPath)
	if err != nil {
		fail(err)
	}
	t, err := template.New(filepath.Base(*tmplPath)).
		Funcs(template.FuncMap{"exists": exists, "base64decode": base64decode}).
		Parse(string(text))
	if err != nil {
		fail(err)
	}

	var buf bytes.Buffer
	start := time.Now()
	for i := 0; i < *n; i++ {
		buf.Reset()
		if err := t.Execute(&buf, data); err != nil {
			fail(err)
		}
	}
	elapsed := time.Since(start)
	fmt.Fprintf(os.Stderr, "renders=%d per_render_ns=%d bytes=%d\n", *n, elapsed.Nanoseconds()/int64(*n), buf.Len())
	if !*quiet {
		os.Stdout.Write(buf.Bytes())
	}
}
