using Edge.Controller.Hosting;

return await ControllerProgram.RunAsync(args);
