using Edge.Agent.Hosting;

return await AgentProgram.RunAsync(args);
