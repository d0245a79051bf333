// Go's text/template rendering the benchmark template, data decoded as kubectl does
// (integers int64), for comparison with bench/templating/template_bench.cc.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
	"time"
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
	text, _ := os.ReadFile(os.Args[1])
	f, _ := os.Open(os.Args[2])
	d := json.NewDecoder(f)
	d.UseNumber()
	var data interface{}
	if err := d.Decode(&data); err != nil {
		panic(err)
	}
	data = conv(data)
	t := template.Must(template.New("t").Parse(string(text)))
	var sb strings.Builder
	if err := t.Execute(&sb, data); err != nil {
		panic(err)
	}
	if len(os.Args) > 3 {
		io.WriteString(os.Stdout, sb.String())
		return
	}
	const runs = 10
	start := time.Now()
	for i := 0; i < runs; i++ {
		var b strings.Builder
		t.Execute(&b, data)
	}
	fmt.Printf("go: %.2f ms per render (%d bytes)\n", float64(time.Since(start).Microseconds())/1000/runs, sb.Len())
}
