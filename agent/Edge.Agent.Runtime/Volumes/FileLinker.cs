using Wasmtime;

namespace Edge.Agent.Runtime.Volumes;

/// <summary>
/// The linker of workloads with volumes: WASI as Wasmtime implements it, whole, and the edge host
/// functions. The fast path's shadowed <c>fd_write</c>/<c>fd_read</c> (<see cref="StandardStreams"/>)
/// answer EBADF past descriptor 2 and cannot hand a file's descriptor on to Wasmtime, so files in a
/// preopened directory need Wasmtime's own; the standard streams then go through its output
/// callbacks and a stdin file (<see cref="VolumeRun"/>).
/// </summary>
internal static class FileLinker
{
    public static Linker Create(Engine engine)
    {
        var linker = new Linker(engine);
        linker.DefineWasi();
        HostFunctions.Define(linker);
        return linker;
    }
}
