# cd docs/benchmarks && gnuplot fleet.gp   (data: EDGE_BENCH_FLEET_DATA=docs/benchmarks … -- fleet)
set terminal pngcairo size 1000,420 font "DejaVu Sans,10"
set output "fleet.png"
set multiplot layout 1,2 title "Fleet suite: simulated nodes against one real controller, 2 shared cores; runs A-C (before issue 9), F and G (off the fleet lock) each beside main"
set grid
set key top left
set xlabel "connected nodes"
set xrange [0:*]
set title "Controller at steady state (heartbeats and telemetry every 10 s)"
set ylabel "controller CPU (mCPU)"
set y2label "controller RSS (MiB)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
plot "fleet-scaling.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb "#4477aa" title "CPU, run A (mCPU)", \
     "fleet-scaling-b.dat" using 1:2 with linespoints lw 1 dt 2 pt 7 lc rgb "#4477aa" title "CPU, run B", \
     "fleet-scaling-c.dat" using 1:2 with linespoints lw 2 dt 3 pt 9 lc rgb "#4477aa" title "CPU, run C", \
     "fleet-scaling.dat" using 1:3 axes x1y2 with linespoints lw 2 pt 5 lc rgb "#228833" title "RSS, run A (MiB)", \
     "fleet-scaling-b.dat" using 1:3 axes x1y2 with linespoints lw 1 dt 2 pt 5 lc rgb "#228833" title "RSS, run B", \
     "fleet-scaling-c.dat" using 1:3 axes x1y2 with linespoints lw 2 dt 3 pt 11 lc rgb "#228833" title "RSS, run C"
unset y2label
unset y2tics
set ytics mirror
set title "Global workload applied → each of 10,000 nodes reports Running"
set xlabel "latency (ms)"
set ylabel "fraction of nodes at or below"
set xrange [0:*]
set yrange [0:1]
set key at graph 0.98, graph 0.45 right
set arrow 1 from 1000, graph 0 to 1000, graph 1 nohead lc rgb "red" dt 2
set label 1 "target p99 1 s" at 1100, graph 0.1 tc rgb "red"
set xrange [0:5500]
plot "fleet-latency.dat" using 1:2 with lines lw 1 dt 3 lc rgb "#bbbbbb" title "run A, main (load 8-16)", \
     "fleet-latency-c.dat" using 1:2 with lines lw 1 dt 3 lc rgb "#228833" title "run C, main (load 1-3)", \
     "fleet-latency-f.dat" using 1:2 with lines lw 2 lc rgb "#4477aa" title "run F, branch (load 15-37)", \
     "fleet-latency-f-main.dat" using 1:2 with lines lw 2 dt 2 lc rgb "#4477aa" title "run F, main right after", \
     "fleet-latency-g.dat" using 1:2 with lines lw 2 lc rgb "#aa3377" title "run G, branch (load 20-29)", \
     "fleet-latency-g-main.dat" using 1:2 with lines lw 2 dt 2 lc rgb "#aa3377" title "run G, main right after"
unset multiplot
