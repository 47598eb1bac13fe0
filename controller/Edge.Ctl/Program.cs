using Edge.Ctl;

return await EdgeCtl.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
