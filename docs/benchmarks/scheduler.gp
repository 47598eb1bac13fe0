# cd docs/benchmarks && gnuplot scheduler.gp   (data: scheduler-throughput.dat, the *_nodes keys of scheduler.json)
set terminal pngcairo size 700,420 font "DejaVu Sans,10"
set output "scheduler-throughput.png"
set title "scheduler suite: placements per second against fleet size (scheduler.json)"
set grid
set key center right
set xlabel "nodes"
set ylabel "placements per second"
set logscale y
set xrange [0:21000]
set yrange [5:1000000]
set arrow 1 from 0, 20000 to 21000, 20000 nohead lc rgb "red" dt 2
set label 1 "target 20,000/s at 10,000 nodes" at 9000, 30000 tc rgb "red"
plot "scheduler-throughput.dat" using 1:2 with linespoints lw 2 pt 7 lc rgb "#4477aa" title "placement engine", \
     "scheduler-throughput.dat" using 1:3 with linespoints lw 2 pt 5 lc rgb "#aa3377" title "reference scan (baseline)"
