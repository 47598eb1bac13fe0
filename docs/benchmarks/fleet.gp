# cd docs/benchmarks && gnuplot fleet.gp   (data: EDGE_BENCH_FLEET_DATA=docs/benchmarks … -- fleet)
set terminal pngcairo size 1000,420 font "DejaVu Sans,10"
set output "fleet.png"
set multiplot layout 1,2 title "Fleet suite: simulated nodes against one real controller, 2 shared cores (same run)"
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
plot "fleet-scaling.dat" using 1:2 with linespoints lw 2 pt 7 title "CPU (mCPU)", \
     "fleet-scaling.dat" using 1:3 axes x1y2 with linespoints lw 2 pt 5 title "RSS (MiB)"
unset y2label
unset y2tics
set ytics mirror
set title "Global workload applied → each node reports Running (largest fleet)"
set xlabel "latency (ms)"
set ylabel "fraction of nodes at or below"
set xrange [0:*]
set yrange [0:1]
set key bottom right
plot "fleet-latency.dat" using 1:2 with lines lw 2 title "apply → Running"
unset multiplot
