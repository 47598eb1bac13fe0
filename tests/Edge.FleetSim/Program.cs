using Edge.FleetSim;

return await SimProgram.RunAsync(args, Console.In, Console.Out, Console.Error);
