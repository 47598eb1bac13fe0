# EDGE_BENCH_TELEMETRY_DATA=docs/benchmarks dotnet run -c Release --project tests/Edge.Benchmarks -- telemetry
# gnuplot docs/benchmarks/telemetry.gp   (from the repository root)
set terminal pngcairo size 900,420 font "sans,10"
set output 'docs/benchmarks/telemetry.png'
set multiplot layout 1,2 title "Telemetry suite, 4,000 simulated agents, 2 cores (same run)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set grid ytics
set xtics rotate by -25 font ",8"
set yrange [0:*]
set title "Samples ingested per second"
set ylabel "samples/s"
set arrow 1 from graph 0, first 20000 to graph 1, first 20000 nohead lc rgb "red" dt 2
set label 1 "target 20,000/s" at graph 0.02, first 20800 tc rgb "red"
plot 'docs/benchmarks/telemetry-rates.dat' using 2:xtic(1) notitle lc rgb "#4477aa"
unset arrow 1
unset label 1
set yrange [0:8000]
set title "Bytes per node per minute (10 s, 5 workloads)"
set ylabel "bytes/min"
set arrow 2 from graph 0, first 2048 to graph 1, first 2048 nohead lc rgb "red" dt 2
set label 2 "target 2 KB" at graph 0.02, first 2250 tc rgb "red"
plot 'docs/benchmarks/telemetry-bytes.dat' using 2:xtic(1) notitle lc rgb "#228833"
unset multiplot
