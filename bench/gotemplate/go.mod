module podinit.bench/gotemplate

go 1.19
