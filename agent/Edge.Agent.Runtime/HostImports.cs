using System.Globalization;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// What a guest may import: WASI preview 1 and the "edge" host functions. The agent links every
/// module with <see cref="Define"/>; the controller checks an uploaded module against the same
/// definitions at apply (<see cref="Unsatisfied"/>), so a module that would fail to instantiate on
/// every node is refused once, with the import named, instead of failing later everywhere.
/// </summary>
public static class HostImports
{
    /// <summary>
    /// Defines WASI and the edge host functions on <paramref name="linker"/>, with stdout and stderr
    /// captured on the guest's thread (<see cref="StandardStreams"/>).
    /// </summary>
    public static void Define(Linker linker)
    {
        ArgumentNullException.ThrowIfNull(linker);
        linker.DefineWasi();
        StandardStreams.Define(linker);
        HostFunctions.Define(linker);
    }

    /// <summary>
    /// Each import of <paramref name="module"/> the agent's linker does not satisfy, as
    /// <c>module.field: reason</c>; empty when the module links.
    /// </summary>
    public static IReadOnlyList<string> Unsatisfied(Engine engine, Module module)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(module);
        using var linker = new Linker(engine);
        Define(linker);
        using var store = new Store(engine);
        var problems = new List<string>();
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            switch (import)
            {
                case FunctionImport function:
                    if (linker.GetFunction(store, import.ModuleName, import.Name) is not { } provided)
                    {
                        problems.Add($"{name}: imports function \"{import.Name}\" from module \"{import.ModuleName}\", which Edge does not provide ({Offered})");
                    }
                    else if (!provided.Parameters.SequenceEqual(function.Parameters) || !provided.Results.SequenceEqual(function.Results))
                    {
                        problems.Add($"{name}: imported as {Signature(function.Parameters, function.Results)}, but Edge provides {Signature(provided.Parameters, provided.Results)}");
                    }

                    break;
                default:
                    problems.Add($"{name}: imports a {KindOf(import)} from module \"{import.ModuleName}\"; Edge provides only functions ({Offered})");
                    break;
            }
        }

        return problems;
    }

    private const string Offered = "wasi_snapshot_preview1.* and edge.log, edge.metric";

    private static string KindOf(Import import) => import switch
    {
        MemoryImport => "memory",
        TableImport => "table",
        GlobalImport => "global",
        _ => "non-function import",
    };

    private static string Signature(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) => string.Create(CultureInfo.InvariantCulture,
        $"({string.Join(", ", parameters.Select(Text))}) -> ({string.Join(", ", results.Select(Text))})");

    private static string Text(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
