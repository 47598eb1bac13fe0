using System.Text;
using Edge.Agent.Runtime;
using Wasmtime;

namespace Edge.Controller.Fleet;

/// <summary>
/// Turns what an admin uploads (.wasm or .wat) into checked WebAssembly
/// binary, so agents never receive a module that cannot compile.
/// </summary>
internal sealed class ModuleCompiler : IDisposable
{
    public const int MaxModuleBytes = 64 * 1024 * 1024;
    private static readonly byte[] WasmMagic = [0x00, 0x61, 0x73, 0x6d];
    private readonly Engine _engine = new();

    /// <summary>Returns the binary module, or an error that names the problem.</summary>
    public (byte[]? Wasm, string? Error) Compile(ReadOnlySpan<byte> upload)
    {
        if (upload.IsEmpty)
        {
            return (null, "module is empty");
        }

        if (upload.Length > MaxModuleBytes)
        {
            return (null, $"module is {upload.Length} bytes, over the limit of {MaxModuleBytes}");
        }

        byte[] wasm;
        if (upload.StartsWith(WasmMagic))
        {
            wasm = upload.ToArray();
        }
        else
        {
            try
            {
                wasm = Module.ConvertText(Encoding.UTF8.GetString(upload));
            }
            catch (WasmtimeException ex)
            {
                return (null, $"module is neither WebAssembly binary (no \\0asm header) nor valid WAT text: {FirstLine(ex.Message)}");
            }
        }

        var error = Module.Validate(_engine, wasm);
        if (error is not null)
        {
            return (null, $"module is not valid WebAssembly: {FirstLine(error)}");
        }

        // Checked against the agent's own linker definitions: an import no node can satisfy fails
        // here once, naming it, rather than on every node that starts the workload.
        using var module = Module.FromBytes(_engine, "upload", wasm);
        var unsatisfied = HostImports.Unsatisfied(_engine, module);
        return unsatisfied.Count == 0 ? (wasm, null) : (null, $"module imports what no Edge node provides: {string.Join("; ", unsatisfied)}");
    }

    public void Dispose() => _engine.Dispose();

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline].Trim() + " …";
    }
}
