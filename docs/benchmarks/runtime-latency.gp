set terminal pngcairo size 900,520 font "DejaVu Sans,10"
set output "runtime-latency.png"  # run in the EDGE_BENCH_SAMPLES directory, then move it here
set title "Edge runtime latency, cumulative distribution (2-core machine under load, same run)"
set xlabel "latency (µs, log scale)"
set ylabel "fraction of requests at or below"
set logscale x
set xrange [10:5000]
set yrange [0:1]
set grid
set key bottom right
plot "cold_start.dat" using 1:2 with lines lw 2 title "cold start through the pool (warm instance → result)", \
     "bare_wasmtime.dat" using 1:2 with lines lw 2 title "plain Wasmtime: new Store + instantiate + call", \
     "warm_http.dat" using 1:2 with lines lw 2 title "HTTP /w/hello on Kestrel (WAGI)", \
     "static_kestrel.dat" using 1:2 with lines lw 2 title "static Kestrel endpoint"
