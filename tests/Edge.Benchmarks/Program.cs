using Edge.Benchmarks;

return await BenchmarkProgram.RunAsync(args);
