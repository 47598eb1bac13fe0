namespace Edge.Agent.Runtime.Tests;

public sealed class WasmErrorTextTests
{
    [Test]
    public void Summarize_RuntimeErrorWithBacktrace_KeepsOnlyTheRootCause()
    {
        const string message = """
            error while executing at wasm backtrace:
                0:     0x27 - <unknown>!<wasm function 0>

            Caused by:
                wasm trap: integer divide by zero
            """;

        Assert.That(WasmErrorText.Summarize(message), Is.EqualTo("wasm trap: integer divide by zero"));
    }

    [Test]
    public void Summarize_ErrorChain_JoinsHeadAndNumberedCauses()
    {
        const string message = """
            WebAssembly module 'm' is not valid: failed to compile: wasm[0]::function[0]

            Caused by:
                0: WebAssembly translation error
                1: Invalid input WebAssembly code at offset 35: type mismatch
            """;

        Assert.That(
            WasmErrorText.Summarize(message),
            Is.EqualTo("WebAssembly module 'm' is not valid: failed to compile: wasm[0]::function[0]: WebAssembly translation error: Invalid input WebAssembly code at offset 35: type mismatch"));
    }

    [Test]
    public void Summarize_TextParseError_NamesLineAndColumn()
    {
        const string message = """
            expected `)`
                 --> <anon>:1:14
                  |
                1 | (module (func
                  |              ^
            """;

        Assert.That(WasmErrorText.Summarize(message), Is.EqualTo("expected `)` at line 1, column 14"));
    }

    [Test]
    public void Summarize_VeryLongMessage_IsCut()
    {
        var summary = WasmErrorText.Summarize(new string('x', 5000));

        Assert.That(summary, Has.Length.EqualTo(WasmErrorText.MaxLength).And.EndsWith("..."));
    }
}
