using System.Diagnostics.CodeAnalysis;
using System.Text;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>Compiles a module file's content, binary (.wasm) or text (.wat), told apart by the "\0asm" magic.</summary>
internal static class ModuleLoader
{
    public const string EntryPoint = "_start";

    private static ReadOnlySpan<byte> Magic => [0x00, 0x61, 0x73, 0x6d];

    public static bool IsBinary(ReadOnlySpan<byte> content) => content.StartsWith(Magic);

    public static bool TryCompile(
        Engine engine,
        string name,
        ReadOnlySpan<byte> content,
        [NotNullWhen(true)] out Module? module,
        [NotNullWhen(false)] out string? error)
    {
        module = null;
        if (content.IsEmpty)
        {
            error = "invalid module: the file is empty";
            return false;
        }

        var binary = content;
        if (!IsBinary(content))
        {
            try
            {
                // Parse first, so a text syntax error and an invalid module read differently.
                binary = Module.ConvertText(Encoding.UTF8.GetString(content.StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content));
            }
            catch (WasmtimeException ex)
            {
                error = "invalid module: neither a WebAssembly binary (no \\0asm header) nor WebAssembly text: "
                    + WasmErrorText.Summarize(ex.Message);
                return false;
            }
        }

        if (MemoryGrowHook.TryInstrument(binary) is { } hooked)
        {
            try
            {
                module = Module.FromBytes(engine, name, hooked);
            }
            catch (WasmtimeException)
            {
                module = null; // the original is compiled below, and its own errors named
            }
        }

        try
        {
            module ??= Module.FromBytes(engine, name, binary);
        }
        catch (WasmtimeException ex)
        {
            error = "invalid module: " + WasmErrorText.Summarize(ex.Message);
            return false;
        }

        if (!TryCheckEntryPoint(module, out error))
        {
            module.Dispose();
            module = null;
            return false;
        }

        return true;
    }

    public static bool TryCheckEntryPoint(Module module, [NotNullWhen(false)] out string? error)
    {
        var start = module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == EntryPoint);
        error = start is not null && (start.Parameters.Count != 0 || start.Results.Count != 0)
            ? $"invalid module: export {EntryPoint} must take no parameters and return nothing"
            : null;
        return error is null;
    }

    public static bool HasEntryPoint(Module module) =>
        module.Exports.OfType<FunctionExport>().Any(e => e.Name == EntryPoint);
}
