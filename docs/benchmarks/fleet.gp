# cd docs/benchmarks && gnuplot fleet.gp   (data: EDGE_BENCH_FLEET_DATA=docs/benchmarks … -- fleet --json docs/benchmarks/fleet.json)
set terminal pngcairo size 1000,420 font "DejaVu Sans,10"
set output "fleet.png"
set multiplot layout 1,2 title "fleet suite: simulated nodes against one real controller on 2 shared cores (fleet.json)"
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
plot "fleet-scaling.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb "#4477aa" title "CPU (mCPU)", \
     "fleet-scaling.dat" using 1:3 axes x1y2 with linespoints lw 2 pt 5 lc rgb "#228833" title "RSS (MiB)"
unset y2label
unset y2tics
set ytics mirror
set title "Apply → Running at the largest size, per node"
set xlabel "ms from the start of ApplyWorkload"
set ylabel "fraction of nodes at or below"
set yrange [0:1]
set key top left box opaque
set arrow 1 from 1000, graph 0 to 1000, graph 1 nohead lc rgb "red" dt 2
set label 1 "target p99 1 s" at 1100, graph 0.3 tc rgb "red"
plot "fleet-latency.dat" index 0 using 1:2 with steps lw 2 lc rgb "#4477aa" title "global, at the controller", \
     "fleet-latency.dat" index 1 using 1:2 with steps lw 1 dt 2 lc rgb "#4477aa" title "global, simulator view", \
     "fleet-latency.dat" index 2 using 1:2 with steps lw 2 lc rgb "#aa3377" title "replicas, at the controller", \
     "fleet-latency.dat" index 3 using 1:2 with steps lw 1 dt 2 lc rgb "#aa3377" title "replicas, simulator view"
unset multiplot
